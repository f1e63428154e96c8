import Foundation
import Reporting
import Testing
@testable import AnswerKey

/// The bundled keys in other styles than the exam's: a LaTeX document with
/// macros, a Jupyter notebook and Markdown with bare `align` environments.
/// Each correct copy gives no finding at all; each copy with injected errors
/// gives exactly those errors, where they were injected.
@Suite("Key fixtures: LaTeX, notebook and align styles")
struct KeyFixtureTests {
    static func check(_ name: String) throws -> DiagnosticReport {
        try KeyChecker(network: try Fixtures.network("q2")).check(path: Fixtures.path("fixtures/keys/\(name)"))
    }

    static func errors(_ report: DiagnosticReport) -> [String] {
        report.diagnostics.filter { $0.severity == .error }.map(\.location.position)
    }

    @Test("correct copies: no finding, no unread statement, everything checked",
          arguments: ["latex-document.tex", "notebook.ipynb", "markdown-align.md"])
    func correct(_ name: String) throws {
        let report = try Self.check(name)
        #expect(report.diagnostics.isEmpty)
        let coverage = try #require(report.coverage)
        #expect(coverage.unread == 0)
        #expect(coverage.checked == coverage.found)
        #expect(report.checked >= 15)
    }

    @Test("the LaTeX document's injected errors, one in a macro's optional argument, one on a macro use")
    func latexErrors() throws {
        let report = try Self.check("latex-document-errors.tex")
        #expect(Self.errors(report) == ["17:3", "30:3", "44:66", "50:23"])
        #expect(report.diagnostics.count == 4)
        #expect(report.diagnostics[1].sourceLine == "  \\pd{z_2}{a_1} &= a_1")
        #expect(report.diagnostics[1].length == 13)  // the whole use, \pd{z_2}{a_1}
    }

    @Test("the notebook's injected errors, located by cell")
    func notebookErrors() throws {
        let report = try Self.check("notebook-errors.ipynb")
        #expect(Self.errors(report) == ["cell 1:3:30", "cell 3:7:12", "cell 4:7:3", "cell 6:3:22"])
        #expect(report.diagnostics.count == 4)
        #expect(report.diagnostics[1].sourceLine == "&= a_2(1 - a_1) \\\\")
    }

    @Test("the align key's injected errors")
    func alignErrors() throws {
        let report = try Self.check("markdown-align-errors.md")
        #expect(Self.errors(report) == ["7:15", "24:37", "33:38", "44:52"])
        #expect(report.diagnostics.count == 4)
    }

    @Test("the exam key keeps its four errors and its summary counts statements")
    func exam() throws {
        let report = try Self.check("exam-q2.md")
        #expect(report.diagnostics.map(\.location.line) == [62, 67, 75, 79])
        #expect(report.summary == "4 errors, 0 warnings in 28 equations checked; 22 of 22 statements checked")
    }

    @Test("unread math is counted: the summary says how much could not be read")
    func unread() throws {
        let report = try Fixtures.check("$a_1 = \\sigma(z_1)$ $z_1 = \\foo{x}$ $a_2 = \\bar{$ $z_2 = a_1 w_2$")
        #expect(report.coverage == DiagnosticReport.Coverage(found: 4, unread: 2, checked: 2))
        #expect(report.summary.hasSuffix("; 2 of 4 statements checked, 2 could not be read"))
    }
}
