import Testing
@testable import Reporting

@Suite struct TextRendererTests {
    @Test func rendersLikeACompiler() {
        let expected = """
            keys/q.md:3:15: error: dL/dw does not match the network
            $$dL/dw = x * delta_1$$
                          ^~~~~~~
            note: at x = 1.2, w = -0.3: left side = 0.125, right side = 0.031
            note: did you mean delta_2?
            keys/q.md:9:1: warning: symbol 'b_3' is never used
            1 error, 1 warning in 4 equations checked

            """
        #expect(TextRenderer().render(Samples.report) == expected)
    }

    @Test func caretUnderLaTeXTerm() {
        let line = #"$$\frac{\partial Loss}{\partial w_2} = \delta_2 \cdot \frac{\partial z_1}{\partial w_2}$$"#
        let term = #"\frac{\partial z_1}{\partial w_2}"#
        let column = line.unicodeScalars.count - term.unicodeScalars.count - 2 + 1
        let caret = TextRenderer.caretLine(for: line, column: column, length: term.unicodeScalars.count)
        #expect(caret == String(repeating: " ", count: column - 1) + "^" + String(repeating: "~", count: term.count - 1))
    }

    @Test func aLongSourceLineIsShownAsAnExcerptAroundTheColumn() {
        // A 1 MB line (issue 12 item 12) is shown as one screen line, the caret still under its column.
        let line = String(repeating: "(", count: 500_000) + "x" + String(repeating: ")", count: 500_000)
        let d = Diagnostic(severity: .warning, location: SourceLocation(file: "k.md", line: 1, column: 500_001),
                           length: 1, message: "nested too deeply", sourceLine: line, ruleID: "parse-error")
        let rendered = TextRenderer().render(d)
        #expect(rendered.utf8.count < 600)
        let shown = rendered.split(separator: "\n").map(String.init)
        #expect(shown[1].unicodeScalars.count == TextRenderer.longestShownLine + 2)
        #expect(shown[1].hasPrefix("…(") && shown[1].hasSuffix(")…"))
        let caretColumn = shown[2].unicodeScalars.count
        #expect(Array(shown[1].unicodeScalars)[caretColumn - 1] == "x")
        // A short line is shown whole.
        let short = TextRenderer.excerpt(of: "a = b", around: 3)
        #expect(short.line == "a = b" && short.column == 3)
    }

    @Test func caretCopiesTabs() {
        // Columns: \t=1 \t=2 x=3 ' '=4 '='=5 ' '=6 \t=7 y=8
        #expect(TextRenderer.caretLine(for: "\t\tx = \ty", column: 8, length: 1) == "\t\t    \t^")
    }

    @Test func caretEdgeCases() {
        // Clipped to the end of the line, but never shorter than the caret.
        #expect(TextRenderer.caretLine(for: "abc", column: 2, length: 10) == " ^~")
        #expect(TextRenderer.caretLine(for: "abc", column: 6, length: 3) == "     ^")
        #expect(TextRenderer.caretLine(for: "abc", column: 0, length: 1) == "^")
        #expect(TextRenderer.caretLine(for: "abc\r\n", column: 3, length: 5) == "  ^")
        // Columns count Unicode scalars: "∂" is one column.
        #expect(TextRenderer.caretLine(for: "∂L/∂w", column: 4, length: 2) == "   ^~")
    }

    @Test func colourOnlyWhenAsked() {
        let plain = TextRenderer(color: false).render(Samples.report)
        let coloured = TextRenderer(color: true).render(Samples.report)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;33mwarning:\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;36mnote:\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;32m              ^~~~~~~\u{1B}[0m"))
    }

    @Test func controlCharactersInSourceAreNeutralised() {
        let d = Diagnostic(
            severity: .error, location: SourceLocation(file: "f", line: 1, column: 3),
            message: "m", sourceLine: "a\u{1B}b\tc", ruleID: "r")
        let lines = TextRenderer().render(d).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "a\u{FFFD}b\tc")
        #expect(lines[2] == "  ^")
    }
}
