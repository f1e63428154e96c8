import Foundation
import Testing
@testable import Reporting

/// Findings located in notebook cells, summaries that count what was read, and
/// runs that checked nothing: no format may make those look clean.
@Suite("Reporting: notebook cells, coverage and empty runs")
struct NotebookAndCoverageTests {
    static let cellFinding = Diagnostic(
        severity: .error, location: SourceLocation(file: "nb.ipynb", line: 3, column: 15, cell: 4), length: 3,
        message: "a_1 should be a_2 here", sourceLine: "$$a_2 = \\sigma(a_1)$$", suggestion: "a_2", ruleID: "wrong-name")
    static let cellReport = DiagnosticReport(file: "nb.ipynb", checked: 5, diagnostics: [cellFinding],
                                             itemNoun: CountNoun("equation"))

    static var emptyReport: DiagnosticReport {
        var report = DiagnosticReport(file: "empty.md", checked: 0, diagnostics: [], itemNoun: CountNoun("equation"))
        report.coverage = .init(found: 0, unread: 0, checked: 0)
        report.markNothingChecked("nothing was checked in empty.md")
        return report
    }

    @Test("a cell location prints as file:cell N:line:column and sorts by cell first")
    func cellLocation() {
        #expect(Self.cellFinding.location.description == "nb.ipynb:cell 4:3:15")
        #expect(SourceLocation(file: "a.md", line: 3, column: 15).description == "a.md:3:15")
        #expect(SourceLocation.precedes(SourceLocation(file: "n", line: 9, column: 1, cell: 2),
                                        SourceLocation(file: "n", line: 1, column: 1, cell: 3)))
        #expect(TextRenderer().render(Self.cellReport).hasPrefix("nb.ipynb:cell 4:3:15: error: a_1 should be a_2 here\n"))
        #expect(JUnitRenderer().render(Self.cellReport).contains("name=\"nb.ipynb:cell 4:3:15 wrong-name\""))
    }

    @Test("JSON gives a cell field in a notebook, none elsewhere")
    func jsonCell() throws {
        let object = try #require(try JSONSerialization.jsonObject(
            with: Data(JSONRenderer().render(Self.cellReport).utf8)) as? [String: Any])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["cell"] as? Int == 4)
        #expect(finding["line"] as? Int == 3)
        #expect(!JSONRenderer().render(Samples.report).contains("\"cell\""))
    }

    @Test("GitHub annotates the notebook file, without the cell's line numbers, naming the cell in the message")
    func githubCell() {
        let line = GitHubRenderer().command(for: Self.cellFinding)
        #expect(line.hasPrefix("::error file=nb.ipynb,title=gradcheck wrong-name at cell 4%3A3%3A15::cell 4:3:15: a_1 should be a_2 here"))
        #expect(!line.contains("line="))
    }

    @Test("SARIF points at the notebook file with no region and no fix; the cell is in the message and properties")
    func sarifCell() throws {
        let object = try #require(try JSONSerialization.jsonObject(
            with: Data(SARIFRenderer().render(Self.cellReport).utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        let message = try #require((result["message"] as? [String: Any])?["text"] as? String)
        #expect(message.hasPrefix("cell 4:3:15: a_1 should be a_2 here"))
        #expect(result["properties"] as? [String: Int] == ["cell": 4, "line": 3, "column": 15])
        #expect(result["fixes"] == nil)
        let physical = try #require(((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        #expect(physical["region"] == nil)
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "nb.ipynb")
    }

    @Test("the summary counts statements checked, skipped and unread")
    func coverageSummary() {
        var report = DiagnosticReport(file: "k.md", checked: 40, diagnostics: [], itemNoun: CountNoun("equation"))
        report.coverage = .init(found: 30, unread: 3, checked: 25)
        #expect(report.coverage?.skipped == 2)
        #expect(report.summary == "no errors in 40 equations checked; 25 of 30 statements checked, 2 skipped, 3 could not be read")
        report.coverage = .init(found: 1, unread: 0, checked: 1)
        #expect(report.summary == "no errors in 40 equations checked; 1 of 1 statement checked")
    }

    @Test("nothing checked: no format says 'no errors' or looks clean")
    func emptyRun() throws {
        let report = Self.emptyReport
        #expect(report.errorCount == 1)
        #expect(report.summary == "nothing checked: 1 error, 0 warnings in 0 equations checked; 0 of 0 statements checked")
        for format in DiagnosticFormat.allCases {
            let text = render(report, as: format, color: false)
            #expect(!text.contains("no errors"), "\(format)")
            #expect(text.contains("nothing was checked in empty.md"), "\(format)")
        }
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(JSONRenderer().render(report).utf8)) as? [String: Any])
        #expect(json["status"] as? String == "nothing-checked")
        #expect(json["errors"] as? Int == 1)
        #expect(JUnitRenderer().render(report).contains("failures=\"1\""))
        #expect(GitHubRenderer().render(report).hasPrefix("::error file=empty.md,line=1,col=1"))
        #expect(SARIFRenderer().render(report).contains("\"level\" : \"error\""))
        // Marking twice adds nothing; a report that checked something is left alone.
        var twice = report
        twice.markNothingChecked("again")
        #expect(twice.diagnostics.count == 1)
        var checked = Samples.report
        checked.markNothingChecked("x")
        #expect(checked.diagnostics == Samples.report.diagnostics)
    }

    @Test("JSON status for a clean and a failing run")
    func jsonStatus() throws {
        for (report, status) in [(Samples.report, "failed"),
                                 (DiagnosticReport(file: "f", checked: 3, diagnostics: []), "passed")] {
            let object = try #require(try JSONSerialization.jsonObject(
                with: Data(JSONRenderer().render(report).utf8)) as? [String: Any])
            #expect(object["status"] as? String == status)
            #expect(object["summary"] as? String == report.summary)
        }
    }
}
