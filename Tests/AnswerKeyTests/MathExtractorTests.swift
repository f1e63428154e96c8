import Testing
@testable import AnswerKey

@Suite("MathExtractor: cutting $…$ and $$…$$ out of Markdown")
struct MathExtractorTests {
    @Test("several inline spans on one line, with positions")
    func inlineSpans() {
        let spans = MathExtractor.extract(" - $z_1 = x * w_1$ $a_1 = g_1(z_1)$").spans
        #expect(spans.map(\.string) == ["z_1 = x * w_1", "a_1 = g_1(z_1)"])
        #expect(spans.map(\.isDisplay) == [false, false])
        #expect(spans[0].positions[0] == TextPosition(line: 1, column: 5))
        #expect(spans[1].positions[0] == TextPosition(line: 1, column: 21))
    }

    @Test("display math spanning lines keeps line and column of every character")
    func displayAcrossLines() {
        let spans = MathExtractor.extract("text\n$$a = b\n  + c$$ after").spans
        #expect(spans.count == 1)
        #expect(spans[0].isDisplay)
        #expect(spans[0].string == "a = b\n  + c")
        let plus = spans[0].text.firstIndex(of: "+")!
        #expect(spans[0].positions[plus] == TextPosition(line: 3, column: 3))
    }

    /// `\\(…\\)` and `\\[…\\]` in Markdown were silently skipped: a key written with them checked nothing.
    @Test("\\(…\\) is inline and \\[…\\] display math; an unclosed one is an escaped bracket")
    func backslashDelimiters() {
        let text = "Inline \\(a_1 = g_1(z_1)\\) here.\n\\[\n z_2 = a_1 w_2\n\\]\nA literal \\[ bracket.\n\nAnd \\(x"
        let spans = MathExtractor.extract(text).spans
        #expect(spans.map(\.string) == ["a_1 = g_1(z_1)", "\n z_2 = a_1 w_2\n"])
        #expect(spans.map(\.isDisplay) == [false, true])
        #expect(spans[0].positions[0] == TextPosition(line: 1, column: 10))
    }

    @Test("prose dollars, escaped dollars and code are not math")
    func notMath() {
        let text = """
            It costs $5 and $10, or \\$3. Use `$x$` in code.
            ```
            $$y = 1$$
            ```
            $a = 1$
            """
        #expect(MathExtractor.extract(text).spans.map(\.string) == ["a = 1"])
    }

    @Test("inline math may wrap a line but not cross a blank line")
    func inlineWrap() {
        #expect(MathExtractor.extract("$a =\nb$").spans.map(\.string) == ["a =\nb"])
        #expect(MathExtractor.extract("$a =\n\nb$").spans.isEmpty)
    }

    @Test("an unclosed $$ is reported at its position")
    func unclosedDisplay() {
        let extraction = MathExtractor.extract("ok $a$\n\n$$b = 1")
        #expect(extraction.spans.map(\.string) == ["a"])
        #expect(extraction.problems.count == 1)
        #expect(extraction.problems[0].position == TextPosition(line: 3, column: 1))
    }

    @Test("the exam key: line 62's wrong factor starts at column 109")
    func examPositions() throws {
        let spans = MathExtractor.extract(try Fixtures.key("exam-q2")).spans
        let line62 = try #require(spans.first { $0.positions[0].line == 62 })
        let offset = try #require(line62.string.range(of: "\\frac{\\partial a_2}{\\partial w_2}"))
        let index = line62.string.unicodeScalars.distance(from: line62.string.unicodeScalars.startIndex,
                                                          to: offset.lowerBound)
        #expect(line62.positions[index] == TextPosition(line: 62, column: 109))
    }
}

@Suite("MathExtractor: the prose and section around each span")
struct MathExtractorProseTests {
    @Test("prose before and after each span, bounded by neighbouring spans and the paragraph")
    func proseAroundSpans() {
        let text = """
            Intro without math.

            Take $x = 1.5$ and $w_1 = 0.3$, then
            $$a_1 = \\sigma(z_1)$$
            where the sigmoid is used.

            For a positive example ($y^* = 1$):
            """
        let spans = MathExtractor.extract(text).spans
        #expect(spans.map(\.prose) == ["Take", "and", ", then", "For a positive example ("])
        #expect(spans.map(\.trailingProse) == ["and", ", then", "where the sigmoid is used.", "):"])
    }

    @Test("sections count Markdown heading lines, not # in code fences or text")
    func sections() {
        let text = """
            $a = 1$
            # Part 1
            $b = 2$
            ```
            # not a heading
            ```
            $c = 3$
            #hashtag is not a heading
            ## Part 2 $d = 4$
            $e = 5$
            """
        let spans = MathExtractor.extract(text).spans
        #expect(spans.map(\.section) == [0, 1, 1, 2, 2])
        // A heading ends the paragraph: the span after "# Part 1" does not see it as prose.
        #expect(spans[1].prose == "")
        #expect(spans[0].trailingProse == "")
        #expect(spans[3].prose == "## Part 2")
    }
}
