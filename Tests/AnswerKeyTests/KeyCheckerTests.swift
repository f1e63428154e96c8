import Reporting
import Testing
@testable import AnswerKey

@Suite("KeyChecker: the exam's worked solution and the bundled keys")
struct KeyCheckerTests {
    @Test("the exam key: exactly the four wrong equations, each with its culprit and repair")
    func examKey() throws {
        let report = try Fixtures.check(try Fixtures.key("exam-q2"))
        let found = report.diagnostics.map { ($0.location.line, $0.location.column, $0.severity, $0.suggestion) }
        #expect(found.count == 4)
        #expect(found.map(\.0) == [62, 67, 75, 79])
        #expect(found.map(\.1) == [109, 109, 3, 109])
        #expect(found.allSatisfy { $0.2 == .error })
        #expect(found.map(\.3) == [
            "\\frac{\\partial z_2}{\\partial w_2}", "\\frac{\\partial z_2}{\\partial a_1}",
            "\\frac{\\partial z_1}{\\partial w_1}", "\\frac{\\partial z_2}{\\partial a_1}",
        ])
        let first = report.diagnostics[0]
        #expect(first.message == "this factor is ∂a_2/∂w_2 = a_2(1 - a_2) a_1, but the chain needs ∂z_2/∂w_2 = a_1")
        #expect(first.length == "\\frac{\\partial a_2}{\\partial w_2}".count)
        #expect(first.notes.contains { $0.hasPrefix("at x = ") && $0.contains("∂Loss/∂w_2 = ") })
        #expect(report.diagnostics[2].message.contains("z_1 does not depend on a_1"))
        #expect(report.checked == 28)
    }

    @Test("the corrected exam key has no findings")
    func correctedKey() throws {
        let report = try Fixtures.check(try Fixtures.key("exam-q2-corrected"))
        #expect(report.diagnostics.isEmpty)
        #expect(report.checked == 28)
        #expect(report.summary == "no errors in 28 equations checked; 22 of 22 statements checked")
    }

    @Test("the keys for the bundled cross-entropy, tanh and relu networks hold", arguments: [
        "q2-cross-entropy", "q2-tanh", "q2-relu",
    ])
    func bundledKeys(_ name: String) throws {
        let report = try Fixtures.check(try Fixtures.key(name), network: name)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.checked >= 13)
    }

    @Test("a key for another network reports its definition once, not every equation", arguments: [
        ("q2-cross-entropy", "q2", "the key's loss is not the network's"),
        ("q2-tanh", "q2", "the key's g_1 is not the network's g_1"),
        ("q2-relu", "q2-tanh", "the key's g_1 is not the network's g_1"),
    ])
    func wrongNetwork(_ key: String, _ network: String, _ message: String) throws {
        let report = try Fixtures.check(try Fixtures.key(key), network: network)
        #expect(report.diagnostics.count == 1)
        #expect(report.diagnostics.first?.message.hasPrefix(message) == true)
        #expect(report.diagnostics.first?.ruleID == "definition-mismatch")
    }

    @Test("the exam key with the cross-entropy network: the loss finding first, then the same four")
    func examWithCrossEntropy() throws {
        let report = try Fixtures.check(try Fixtures.key("exam-q2"), network: "q2-cross-entropy")
        #expect(report.diagnostics.map(\.location.line) == [18, 62, 67, 75, 79])
        #expect(report.diagnostics[0].message.hasPrefix("the key's loss is not the network's"))
        #expect(report.diagnostics[0].notes.contains("the same definition is repeated at line 50"))
    }

    @Test("unreadable math is a warning and the rest is still checked; a file with no math checks nothing")
    func robustness() throws {
        let report = try Fixtures.check("$$a_2 = \\frac{$$\n\n$$\\frac{\\partial z_2}{\\partial w_2} = a_1$$")
        #expect(report.diagnostics.map(\.severity) == [.warning])
        #expect(report.diagnostics[0].ruleID == "parse-error")
        #expect(report.checked == 1)
        #expect(try Fixtures.check("no math at all").checked == 0)
        #expect(try Fixtures.check("$x$ and $\\frac{\\partial Loss}{\\partial w_2}$").checked == 0)
    }

    @Test("hostile input does not crash", arguments: [
        "$$", "$$$$", "$a$$", "$\\frac{$", "$\\left($", "$|$", "$a^$", "$a_$", "$$= 1$$", "$\\begin{aligned}$",
        "$$\\frac{\\partial}{\\partial}$$", "$$\\mathbb{1}[x]$$", "$$x \\leftarrow y \\leftarrow z$$", "$*$", "$\\\\$",
        String(repeating: "$a_", count: 1000), "$" + String(repeating: "{", count: 300) + "$",
    ])
    func hostile(_ text: String) throws {
        _ = try Fixtures.check(text)
    }

    /// Used to crash (stack overflow) at 500 terms and to take minutes for a
    /// 1,000-factor product (the repair search is quadratic in the term's size).
    @Test("a very long sum is a warning, a very long product is checked without a suggestion")
    func longTerms() throws {
        let sum = try Fixtures.check("$a_2 = " + Array(repeating: "a_2", count: 5000).joined(separator: " + ") + "$")
        #expect(sum.diagnostics.map(\.severity) == [.warning])
        #expect(sum.diagnostics[0].message.contains("nested too deeply"))
        #expect(sum.checked == 0)
        let product = try Fixtures.check("$a_2 = " + Array(repeating: "a_2", count: 2000).joined(separator: " ") + "$")
        #expect(product.checked == 1)
        #expect(product.diagnostics.map(\.severity) == [.error])
        #expect(product.diagnostics[0].suggestion == nil)
    }

    /// Messages and suggestions wrote the loss `\mathcal{L}` as `mathcal L` ("∂mathcal L/∂w_1"),
    /// which is not LaTeX a key could paste back.
    @Test("a \\mathcal name is written \\mathcal{L} in messages")
    func mathcalInMessages() throws {
        #expect(KeyName(base: "mathcal L", subscriptText: "1").latex == "\\mathcal{L}_1")
        let report = try Fixtures.check(
            "$$\\frac{\\partial \\mathcal{L}}{\\partial w_2} = \\frac{\\partial \\mathcal{L}}{\\partial a_2} \\frac{\\partial a_2}{\\partial z_2} a_2$$")
        let note = try #require(report.diagnostics.first?.notes.first)
        #expect(note.contains(": ∂\\mathcal{L}/∂w_2 = 0.0123922, but "), "\(note)")
    }

    /// A \\delta_2 defined in math that could not be read was sampled at random, so the correct
    /// line using it was reported wrong.
    @Test("a name set in unread math makes the statements using it unchecked, not wrong")
    func nameDefinedInUnreadMath() throws {
        let report = try Fixtures.check("""
            $$\\delta_2 = (a_2 - y^*)\\, a_2 (1 - a_2) \\unknowncommand \\frac{\\partial Loss}{\\partial w_2} = \\delta_2\\, a_1$$

            $$\\frac{\\partial Loss}{\\partial z_1} = \\delta_2 w_2 a_1 (1 - a_1)$$

            $$\\frac{\\partial Loss}{\\partial w_1} = (a_2 - y^*) a_2 (1 - a_2) w_2 a_1 x$$
            """)
        #expect(report.diagnostics.map { "\($0.location.line) \($0.severity) \($0.ruleID)" }
            == ["1 warning parse-error", "3 warning unchecked-name", "5 error wrong-equation"])
        #expect(report.diagnostics[1].message
            == "could not check this: \\delta_2 is in math that could not be read (line 1), which may define it")
    }

    /// A table of formulas and values was silently skipped: a wrong value in it passed.
    @Test("math in a table without relations is a warning, once per table")
    func tableOfValues() throws {
        let report = try Fixtures.check("""
            | quantity | formula | value |
            |---|---|---|
            | $z_1$ | $x w_1$ | $0.5$ |
            | $a_1$ | $\\sigma(z_1)$ | $0.6225$ |

            | $a_2 = \\sigma(z_2)$ | ok |
            |---|---|
            """)
        #expect(report.diagnostics.map { "\($0.location.line) \($0.ruleID)" } == ["3 unchecked-table"])
        #expect(report.diagnostics.first?.severity == .warning)
    }

    /// A `pmatrix` was read row by row (its `\\` as statement breaks): two false errors.
    @Test("a vector or matrix is unread math with a clear warning, not rows of statements")
    func matrices() throws {
        let report = try Fixtures.check("""
            $$\\nabla_{w} L = \\begin{pmatrix} \\frac{\\partial L}{\\partial w_1} \\\\ \\frac{\\partial L}{\\partial w_2} \\end{pmatrix} = (a_2 - y^*) a_2 (1 - a_2) \\begin{pmatrix} w_2 a_1 (1 - a_1) x \\\\ a_1 \\end{pmatrix}$$

            $$\\frac{\\partial L}{\\partial w_2} = (a_2 - y^*) a_2 (1 - a_2) a_1$$
            """)
        #expect(report.diagnostics.map(\.message) == [
            "cannot read this math: vectors and matrices are not supported; write one equation per component; the rest of the file is still checked",
        ])
        #expect(report.coverage == DiagnosticReport.Coverage(found: 2, unread: 1, checked: 1))
    }

    /// `\\verb|$a_1 = 7$|` in a LaTeX document was read as math: a false error.
    @Test("\\verb text in a LaTeX document is not math")
    func verbatimCommand() throws {
        let text = """
            Verbatim: \\verb|$a_1 = 7$| and \\verb*+$a_2 = 1$+, then $a_1 = \\sigma(z_1)$.
            """
        let report = KeyChecker(network: try Fixtures.network("q2")).check(text: text, file: "t.tex", reader: .latex)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.coverage == DiagnosticReport.Coverage(found: 1, unread: 0, checked: 1))
    }
}
