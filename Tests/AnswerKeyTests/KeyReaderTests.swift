import Foundation
import NetworkModel
import Reporting
import Testing
@testable import AnswerKey

/// The spans a reader cuts out of `text`, as strings after normalisation.
private func spans(_ text: String, _ reader: KeyReader) -> [String] {
    reader.read(text).spans.map { $0.normalised().string }
}

@Suite("KeyReader: choosing a reader")
struct KeyReaderChoiceTests {
    @Test("the extension chooses the reader; anything unknown is Markdown")
    func byExtension() {
        #expect(KeyReader(path: "a/key.tex") == .latex)
        #expect(KeyReader(path: "key.IPYNB") == .notebook)
        #expect(KeyReader(path: "key.md") == .markdown)
        #expect(KeyReader(path: "key.markdown") == .markdown)
        #expect(KeyReader(path: "key.txt") == .markdown)
        #expect(KeyReader(path: "key") == .markdown)
    }
}

@Suite("MathExtractor: bare LaTeX environments in Markdown")
struct MarkdownEnvironmentTests {
    @Test("align, align*, equation and gather written into Markdown are display math")
    func environments() {
        let text = """
            Text \\begin{align}a &= b \\\\ &= c\\end{align} and
            \\begin{equation*}x = 1\\end{equation*}
            \\begin{gather}y = 2\\end{gather} \\begin{itemize}not math\\end{itemize}
            """
        let found = MathExtractor.extract(text).spans
        #expect(found.map(\.string) == [
            "\\begin{align}a &= b \\\\ &= c\\end{align}", "\\begin{equation*}x = 1\\end{equation*}",
            "\\begin{gather}y = 2\\end{gather}",
        ])
        #expect(found.allSatisfy { $0.isDisplay })
        #expect(found[0].positions[0] == TextPosition(line: 1, column: 6))
    }

    @Test("an aligned environment nested in another of the same name is matched to its own end")
    func nested() {
        let text = "\\begin{align}a = 1 \\begin{align}b\\end{align} c\\end{align} after"
        #expect(MathExtractor.extract(text).spans.map(\.string) == [String(text.dropLast(6))])
    }

    @Test("an unclosed environment is reported where it opens and ends extraction")
    func unclosed() {
        let extraction = MathExtractor.extract("$a = 1$\n\\begin{align}\nb &= 2\n")
        #expect(extraction.spans.map(\.string) == ["a = 1"])
        #expect(extraction.problems.map(\.position) == [TextPosition(line: 2, column: 1)])
        #expect(extraction.problems[0].message == "'\\begin{align}' opens display math that is never closed")
        #expect(KeyReader.markdown.read("$a = 1$\n\\begin{align}\nb &= 2\n").unreadSpans == 1)
    }

    @Test("rows of an align are statements; a row starting with &= continues the previous one")
    func rows() throws {
        let text = """
            \\begin{align}
            z_1 &= x w_1 \\label{a} \\\\
            \\frac{\\partial Loss}{\\partial a_2} &= a_2 - y^* \\nonumber \\\\
              &= \\dfrac{2 a_2 - 2 y^*}{2} \\tag{3}
            \\end{align}
            """
        let document = KeyDocument(text: text, file: "t.md", vocabulary: KeySymbols(network: try Fixtures.network("q2")))
        #expect(document.problems.isEmpty)
        #expect(document.statements.map(\.terms.count) == [2, 3])
        #expect(document.statements[1].terms[2].start == TextPosition(line: 4, column: 6))
    }
}

@Suite("MathSpan.normalised: numbering and fraction spellings")
struct NormalisedTests {
    @Test("\\label, \\tag and \\tag* are removed; \\dfrac, \\tfrac, \\cfrac read as \\frac, positions kept")
    func normalised() {
        let span = MathExtractor.extract("$$a = \\dfrac{1}{2} \\label{eq:1} + \\tfrac12 \\tag*{(A)}$$").spans[0]
        let n = span.normalised()
        #expect(n.string == "a = \\frac{1}{2}  + \\frac12 ")
        // `\frac`'s backslash is where `\dfrac`'s was; its `f` where `\dfrac`'s `f` was.
        #expect(n.positions[4] == TextPosition(line: 1, column: 7))
        #expect(n.positions[5] == TextPosition(line: 1, column: 9))
        #expect(n.positions.count == n.text.count + 1)
    }

    @Test("\\boxed and \\ensuremath read as their argument, colours dropped, \\intertext a row break")
    func decorations() throws {
        let span = MathExtractor.extract("$$a = \\boxed{b} + \\textcolor{red}{c} \\intertext{where} d = \\ensuremath{e}$$").spans[0]
        #expect(span.normalised().string == "a = {b} + {c} \\\\ d = {e}")
        let text = "\\begin{align*} z_1 &= x w_1 \\intertext{and then} a_1 &= \\boxed{\\sigma(z_1)} \\end{align*}"
        let document = KeyDocument(text: text, file: "t.md", vocabulary: KeySymbols(network: try Fixtures.network("q2")))
        #expect(document.problems.isEmpty)
        #expect(document.statements.count == 2)
    }

    @Test("row spacing \\\\[4pt] and alignat's column count are removed")
    func rowSpacing() {
        let span = MathExtractor.extract("\\begin{alignat}{2} a &= b \\\\[4pt] c &= d \\end{alignat}").spans[0]
        #expect(span.normalised().string == "\\begin{alignat} a &= b \\\\ c &= d \\end{alignat}")
    }
}

@Suite("LaTeXReader: documents")
struct LaTeXReaderTests {
    @Test("only the body is read; comments, verbatim and text after \\end{document} are not")
    func body() {
        let text = """
            \\documentclass{article}
            $p = 0$ in the preamble
            \\begin{document}
            $a = 1$ % $b = 2$ in a comment
            100\\% sure: \\(c = 3\\) and \\[d = 4\\]
            \\begin{verbatim}$e = 5$\\end{verbatim}
            $$f = 6$$ \\begin{equation*} g = 7 \\end{equation*}
            \\end{document}
            $h = 8$
            """
        #expect(spans(text, .latex) == ["a = 1", "c = 3", "d = 4", "f = 6", "\\begin{equation*} g = 7 \\end{equation*}"])
        let read = KeyReader.latex.read(text)
        #expect(read.spans.map(\.isDisplay) == [false, false, true, true, true])
        #expect(read.spans[1].positions[0] == TextPosition(line: 5, column: 15))
    }

    @Test("a file without \\begin{document} is all body")
    func fragment() {
        #expect(spans("Let $a = 1$.\n\\[b = 2\\]\n", .latex) == ["a = 1", "b = 2"])
    }

    @Test("\\newcommand with arguments: the body points at the use, the arguments at themselves")
    func newcommand() throws {
        let text = """
            \\newcommand{\\pd}[2]{\\frac{\\partial #1}{\\partial #2}}
            $$\\pd{Loss}{w_2} = 0$$
            """
        let span = try #require(KeyReader.latex.read(text).spans.first)
        #expect(span.string == "\\frac{\\partial Loss}{\\partial w_2} = 0")
        let use = TextPosition(line: 2, column: 3)
        #expect(span.positions[0] == use)  // `\frac` comes from the body
        // The body's last character stands for the use's last, so the whole expansion underlines the whole use.
        #expect(span.positions[span.string.unicodeScalars.count - 5] == TextPosition(line: 2, column: 16))
        #expect(span.underlineLength(0..<(span.text.count - 4)) == 14)
        let loss = span.string.unicodeScalars.distance(
            from: span.string.unicodeScalars.startIndex, to: span.string.range(of: "Loss")!.lowerBound)
        #expect(span.positions[loss] == TextPosition(line: 2, column: 7))  // `Loss` is the first argument
        #expect(span.positions.last == TextPosition(line: 2, column: 21))  // the closing $$
    }

    @Test("optional argument with a default, \\renewcommand, \\def, \\DeclareMathOperator, nested macros")
    func macroForms() {
        let text = """
            \\newcommand{\\sig}[1][z_1]{\\sigma(#1)}
            \\newcommand\\half{\\frac{1}{2}}
            \\renewcommand{\\half}{\\frac12}
            \\def\\sq#1{#1^2}
            \\DeclareMathOperator{\\sgn}{sgn}
            \\newcommand*{\\loss}[1]{\\half\\sq{(#1)}}
            $a = \\sig$ $b = \\sig[z_2]$ $c = \\loss{a_2 - y}$ $d = \\sgn x$ $e = \\sig x$
            """
        #expect(spans(text, .latex) == [
            "a = \\sigma(z_1)", "b = \\sigma(z_2)", "c = \\frac12(a_2 - y)^2", "d = \\operatorname{sgn} x",
            "e = \\sigma(z_1) x",
        ])
    }

    @Test("a macro defined inside Markdown math (MathJax) is expanded in later math")
    func markdownMacros() {
        #expect(spans("$\\newcommand{\\pd}[2]{\\frac{d#1}{d#2}}$ then $\\pd{y}{x} = 1$", .markdown) == ["", "\\frac{dy}{dx} = 1"])
    }

    @Test("runaway recursion and explosive growth stop with a located problem, quickly")
    func limits() {
        let clock = ContinuousClock()
        let start = clock.now
        let loop = KeyReader.latex.read("\\newcommand{\\a}{\\a x}\nok $b = 1$\n$$c = \\a$$")
        #expect(loop.spans.map(\.string) == ["b = 1"])
        #expect(loop.unreadSpans == 1)
        #expect(loop.problems.map(\.position) == [TextPosition(line: 3, column: 7)])
        #expect(loop.problems.first?.message.contains("more than 1000 times") == true)
        // Each level doubles the text: 2^40 characters if nothing stopped it.
        var defs = "\\newcommand{\\m0}{xx}\n"
        for k in 1...40 { defs += "\\newcommand{\\m\(k)}{\\m\(k - 1)\\m\(k - 1)}\n" }
        // Command names are letters only, so name the levels with letters.
        defs = defs.replacing(/\\m(\d+)/) { "\\m" + String(repeating: "i", count: Int($0.1)! + 1) }
        let growth = KeyReader.latex.read(defs + "$$y = \\m" + String(repeating: "i", count: 41) + "$$")
        #expect(growth.spans.isEmpty)
        #expect(growth.problems.count == 1)
        #expect(clock.now - start < .seconds(5))
    }

    @Test("a macro used without its arguments, or a broken definition, is one located problem")
    func badMacros() {
        let missing = KeyReader.latex.read("\\newcommand{\\pd}[2]{#1/#2}\n$a = \\pd{x}$")
        #expect(missing.problems.map(\.message) == ["cannot read this math: macro \\pd needs 2 arguments"])
        #expect(missing.problems.map(\.position) == [TextPosition(line: 2, column: 6)])
        let broken = KeyReader.latex.read("\\newcommand{\\pd}[x]{y}\n$a = 1$")
        #expect(broken.problems.map(\.position) == [TextPosition(line: 1, column: 1)])
        #expect(broken.spans.map(\.string) == ["a = 1"])
    }

    @Test("unclosed math or environment: one problem where it opens, reading stops")
    func unclosed() {
        for (text, column) in [("$a = 1$ \\[b = 2", 9), ("$a = 1$ \\begin{align} b", 9), ("$a = 1$ $$b", 9)] {
            let read = KeyReader.latex.read(text)
            #expect(read.spans.map(\.string) == ["a = 1"])
            #expect(read.problems.map(\.position) == [TextPosition(line: 1, column: column)])
            #expect(read.unreadSpans == 1)  // counted, so the summary cannot look complete
        }
    }

    @Test("prose and sections around LaTeX math")
    func prose() {
        let text = """
            \\begin{document}
            \\section{Forward}
            Take $x = 1$ then
            \\begin{equation}y = 2\\end{equation}
            where % a comment
            \\subsection*{Back}
            $z = 3$
            \\end{document}
            """
        let read = KeyReader.latex.read(text).spans
        #expect(read.map(\.prose) == ["Take", "then", ""])
        #expect(read.map(\.trailingProse) == ["then", "where", ""])
        #expect(read.map(\.section) == [1, 1, 2])
    }
}

@Suite("NotebookReader: Jupyter notebooks")
struct NotebookReaderTests {
    static func notebook(_ cells: [[String: Any]]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["cells": cells, "nbformat": 4]), as: UTF8.self)
    }

    @Test("markdown cells only, source as a string or a list; locations are cell, line, column")
    func cells() throws {
        let text = try Self.notebook([
            ["cell_type": "markdown", "source": ["# Title\n", "Let $a = 1$\n", "$\\newcommand{\\h}{\\frac{1}{2}}$\n"]],
            ["cell_type": "code", "source": "$b = 2$"],
            // A macro defined in an earlier cell holds here, as in Jupyter.
            ["cell_type": "markdown", "source": "text\n\n  $$c = \\h$$"],
        ])
        let document = KeyDocument(text: text, file: "n.ipynb", reader: .notebook,
                                   vocabulary: KeySymbols(network: try Fixtures.network("q2")))
        #expect(document.spans.map(\.string) == ["a = 1", "", "c = \\frac{1}{2}"])
        #expect(document.spans.map(\.section) == [1, 1, 1])
        let locations = [0, 2].map { document.location(document.spans[$0].positions[0]) }
        #expect(locations == [
            SourceLocation(file: "n.ipynb", line: 2, column: 6, cell: 1),
            SourceLocation(file: "n.ipynb", line: 3, column: 5, cell: 3),
        ])
        #expect(locations.map(\.description) == ["n.ipynb:cell 1:2:6", "n.ipynb:cell 3:3:5"])
        #expect(document.sourceLine(document.spans[2].positions[0].line) == "  $$c = \\h$$")
    }

    @Test("a file that is not a notebook is one problem at 1:1, with no math")
    func notANotebook() {
        for text in ["{\"cells\": [", "[1, 2]", "{\"metadata\": {}}", "$a = 1$"] {
            let read = KeyReader.notebook.read(text)
            #expect(read.spans.isEmpty)
            #expect(read.problems.count == 1)
            #expect(read.problems.first?.position == TextPosition(line: 1, column: 1))
            #expect(read.problems.first?.message.hasPrefix("not a Jupyter notebook") == true)
        }
    }

    @Test("nbformat 3: cells inside worksheets")
    func worksheets() throws {
        let text = String(decoding: try JSONSerialization.data(withJSONObject: [
            "worksheets": [["cells": [["cell_type": "markdown", "source": ["$a = 1$"]]]]], "nbformat": 3,
        ]), as: UTF8.self)
        #expect(spans(text, .notebook) == ["a = 1"])
    }
}

@Suite("KeyDocument: statements know their formula")
struct StatementSpanTests {
    @Test("each statement names the span it starts in, for the prose around it")
    func statementSpans() throws {
        let text = "Take $x = 1$ and\n\\begin{align}a &= b \\\\ c &= d\\end{align}\nwhere $$= e$$"
        let document = KeyDocument(text: text, file: "t.md", vocabulary: KeySymbols(network: try Fixtures.network("q2")))
        #expect(document.statements.count == 3)
        #expect(document.statementSpans == [0, 1, 1])
        #expect(document.statementSpans.map { document.spans[$0].prose } == ["Take", "and", "and"])
    }
}
