/// Cuts the math out of a Markdown answer key, before any Markdown handling
/// (a Markdown library would read `a_2 … a_1` as emphasis).
///
/// Rules, following pandoc's `tex_math_dollars`:
/// - `$$…$$` is display math and may span lines;
/// - `$…$` is inline math: the opening `$` is not followed by a space, the
///   closing `$` is not preceded by a space nor followed by a digit (so "$5
///   and $10" is prose), and it may continue over a line break but not past
///   a blank line or into inline code; an unmatched `$` is a literal dollar sign;
/// - `\(…\)` is inline and `\[…\]` display math, as MathJax reads them (not past a
///   blank line; an unclosed one is an escaped bracket);
/// - `\$` is a literal dollar sign; inline code (`` `…` ``) and fenced code
///   blocks (```` ``` ````) are skipped;
/// - a LaTeX display environment written straight into the Markdown
///   (`\begin{align}…\end{align}`, `align*`, `equation`, `gather`, …, see
///   ``MathEnvironment/display``), as MathJax, KaTeX, Jupyter and pandoc render
///   it, is display math; the span is the whole environment, `\begin` to `\end`.
///
/// An unclosed `$$` or environment is reported in ``Extraction/problems`` and ends extraction.
/// Each span carries the prose around it and its section (``ProseLayout``:
/// paragraphs end at blank lines and `#` headings).
public enum MathExtractor {
    public struct Extraction: Sendable {
        public var spans: [MathSpan]
        /// Positions and messages of delimiter problems (an unclosed `$$`).
        public var problems: [(position: TextPosition, message: String)]
    }

    public static func extract(_ source: String) -> Extraction {
        var scalars: [Unicode.Scalar] = []
        var positions: [TextPosition] = []
        var line = 1, column = 1
        scalars.reserveCapacity(source.unicodeScalars.count)
        positions.reserveCapacity(source.unicodeScalars.count + 1)
        for s in source.unicodeScalars {
            scalars.append(s)
            positions.append(TextPosition(line: line, column: column))
            if s == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        positions.append(TextPosition(line: line, column: column))
        var scanner = Scanner(s: scalars, p: positions)
        var extraction = scanner.run()
        ProseLayout(scalars, isHeading: ProseLayout.isMarkdownHeading, skipsFences: true)
            .annotate(&extraction.spans, bounds: scanner.bounds)
        return extraction
    }

    private struct Scanner {
        let s: [Unicode.Scalar]
        let p: [TextPosition]
        var spans: [MathSpan] = []
        /// Per span: from its opening delimiter to one past its closing one.
        var bounds: [Range<Int>] = []
        var problems: [(position: TextPosition, message: String)] = []

        init(s: [Unicode.Scalar], p: [TextPosition]) {
            self.s = s
            self.p = p
        }

        func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < s.count ? s[i] : nil }

        func isLineStart(_ i: Int) -> Bool {
            var j = i - 1
            while let c = at(j), c == " " || c == "\t" { j -= 1 }
            return j < 0 || s[j] == "\n"
        }

        func run(_ c: Unicode.Scalar, from i: Int) -> Int {
            var j = i
            while at(j) == c { j += 1 }
            return j - i
        }

        mutating func run() -> Extraction {
            var i = 0
            while i < s.count {
                let c = s[i]
                if c == "\\" {
                    if let begin = MathEnvironment.name(in: s, after: "begin", at: i),
                       MathEnvironment.display.contains(begin.name) {
                        guard let end = MathEnvironment.end(of: begin.name, in: s, from: begin.end) else {
                            problems.append((p[i], "'\\begin{\(begin.name)}' opens display math that is never closed"))
                            return Extraction(spans: spans, problems: problems)
                        }
                        spans.append(MathSpan(text: Array(s[i..<end.end]), positions: Array(p[i...end.end]),
                                              isDisplay: true))
                        bounds.append(i..<end.end)
                        i = end.end
                        continue
                    }
                    if let open = at(i + 1), open == "(" || open == "[",
                       let close = findBackslashClose(open == "(" ? ")" : "]", from: i + 2) {
                        append(i + 2..<close, display: open == "[", delimiter: 2)
                        i = close + 2
                        continue
                    }
                    i += 2
                    continue
                }
                if c == "`" {
                    let n = run("`", from: i)
                    if n >= 3 && isLineStart(i) {
                        i = skipFence(from: i, length: n)
                    } else {
                        i = skipCodeSpan(from: i, length: n)
                    }
                    continue
                }
                guard c == "$" else { i += 1; continue }
                if at(i + 1) == "$" {
                    guard let close = findDisplayClose(from: i + 2) else {
                        problems.append((p[i], "'$$' opens display math that is never closed"))
                        return Extraction(spans: spans, problems: problems)
                    }
                    append(i + 2..<close, display: true)
                    i = close + 2
                    continue
                }
                if let close = findInlineClose(from: i + 1) {
                    append(i + 1..<close, display: false)
                    i = close + 1
                } else {
                    i += 1
                }
            }
            return Extraction(spans: spans, problems: problems)
        }

        mutating func append(_ range: Range<Int>, display: Bool, delimiter: Int? = nil) {
            let delimiter = delimiter ?? (display ? 2 : 1)
            bounds.append(range.lowerBound - delimiter..<range.upperBound + delimiter)
            spans.append(MathSpan(text: Array(s[range]), positions: Array(p[range.lowerBound...range.upperBound]),
                                  isDisplay: display))
        }

        func findDisplayClose(from start: Int) -> Int? {
            var j = start
            while j < s.count {
                if s[j] == "\\" { j += 2; continue }
                if s[j] == "$" && at(j + 1) == "$" { return j }
                j += 1
            }
            return nil
        }

        /// The `\)` or `\]` that closes `\(` or `\[`, not past a blank line; `nil` if none
        /// (the backslash then escapes a bracket, as Markdown reads it).
        func findBackslashClose(_ close: Unicode.Scalar, from start: Int) -> Int? {
            var j = start
            while j < s.count {
                if s[j] == "\\" {
                    if at(j + 1) == close { return j }
                    j += 2
                    continue
                }
                if s[j] == "\n" {
                    var k = j + 1
                    while let d = at(k), d == " " || d == "\t" { k += 1 }
                    if at(k) == "\n" || at(k) == nil { return nil }
                }
                j += 1
            }
            return nil
        }

        func findInlineClose(from start: Int) -> Int? {
            guard let first = at(start), first != " ", first != "\t", first != "\n", first != "$" else { return nil }
            var j = start
            while j < s.count {
                let c = s[j]
                if c == "\\" { j += 2; continue }
                if c == "`" { return nil }  // math does not run into inline code
                if c == "\n" {
                    // A blank line ends the paragraph, and inline math with it.
                    var k = j + 1
                    while let d = at(k), d == " " || d == "\t" { k += 1 }
                    if at(k) == "\n" || at(k) == nil { return nil }
                }
                if c == "$" {
                    let before = s[j - 1]
                    let after = at(j + 1)
                    if before != " " && before != "\t" && before != "\n",
                       !(after.map { ("0"..."9").contains($0) } ?? false) {
                        return j
                    }
                    if after == "$" { return nil }
                }
                j += 1
            }
            return nil
        }

        func skipCodeSpan(from i: Int, length n: Int) -> Int {
            var j = i + n
            while j < s.count {
                if s[j] == "`" {
                    let m = run("`", from: j)
                    if m == n { return j + m }
                    j += m
                    continue
                }
                j += 1
            }
            return i + n  // no closing run: the backticks are literal
        }

        /// From an opening fence of `n` backticks to the end of the closing fence's line.
        func skipFence(from i: Int, length n: Int) -> Int {
            var j = i + n
            while true {
                while j < s.count, s[j] != "\n" { j += 1 }
                guard j < s.count else { return s.count }
                j += 1  // start of the next line
                var k = j
                while let d = at(k), d == " " || d == "\t" { k += 1 }
                if run("`", from: k) >= n {
                    while k < s.count, s[k] != "\n" { k += 1 }
                    return k
                }
            }
        }
    }
}
