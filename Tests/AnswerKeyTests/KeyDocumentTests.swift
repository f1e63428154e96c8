import Testing
@testable import AnswerKey

@Suite("KeyDocument: statements, continuations and unreadable math")
struct KeyDocumentTests {
    func document(_ text: String) throws -> KeyDocument {
        KeyDocument(text: text, file: "k.md", vocabulary: KeySymbols(network: try Fixtures.network("q2")))
    }

    @Test("a display starting with '=' continues the display before it")
    func continuation() throws {
        let doc = try document("$$a_1 = b$$\n$$= c$$\n\n$$= d$$")
        #expect(doc.statements.count == 1)
        #expect(doc.statements[0].terms.map(\.text) == ["a_1", "b", "c", "d"])
        #expect(doc.problems.isEmpty)
    }

    @Test("inline math starting with '=' does not continue; it is reported")
    func dangling() throws {
        let doc = try document("$$a_1 = b$$ then $= c$")
        #expect(doc.statements.count == 2)
        #expect(doc.problems.map(\.ruleID) == ["dangling-continuation"])
        #expect(doc.problems[0].location.column == 19)
    }

    @Test("unreadable math is a warning at its position; the next span is still read")
    func parseError() throws {
        let doc = try document("ok\n  $a = \\frac{1}$ and $b = 2$")
        #expect(doc.statements.count == 1)
        #expect(doc.problems.count == 1)
        #expect(doc.problems[0].location.line == 2)
        #expect(doc.problems[0].sourceLine == "  $a = \\frac{1}$ and $b = 2$")
    }

    /// "\r\n" is one Swift Character: splitting at "\n" made the whole file the source line.
    @Test("Windows line endings: the source line shown is the finding's own line")
    func crlfSourceLine() throws {
        let doc = try document("ok\r\n  $a = \\frac{1}$ and $b = 2$\r\nmore\r\n")
        #expect(doc.problems.count == 1)
        #expect(doc.problems[0].location.line == 2)
        #expect(doc.problems[0].sourceLine == "  $a = \\frac{1}$ and $b = 2$")
    }
}
