/// Cuts the math out of a LaTeX document (`.tex`).
///
/// - `%` starts a comment to the end of the line (`\%` is a percent sign);
/// - only the body (`\begin{document}` … `\end{document}`) is read for math;
///   a file without `\begin{document}` is all body (a fragment `\input` by another);
/// - math: `$…$`, `\(…\)` (inline), `$$…$$`, `\[…\]` and the environments of
///   ``MathEnvironment/display`` (display); `\verb|…|`, `verbatim`, `lstlisting`, `minted`
///   and `comment` environments are skipped;
/// - macros defined anywhere before their use (preamble, body or inside math;
///   see ``MacroExpander``) are expanded, positions mapped back to the use;
/// - sections: a line holding `\part`, `\chapter`, `\section`, `\subsection`,
///   `\subsubsection` or `\paragraph` (starred or not) starts the next section.
///
/// An unclosed delimiter or environment is reported and ends reading; a macro
/// that cannot be expanded is reported and its formula skipped.
enum LaTeXReader {
    static let skippedEnvironments: Set<String> = ["verbatim", "verbatim*", "lstlisting", "minted", "comment"]
    static let sectionCommands: Set<String> = [
        "part", "chapter", "section", "subsection", "subsubsection", "paragraph",
    ]

    static func read(_ source: String) -> KeySource {
        let text = withoutComments(MappedText(source: source))
        var scanner = Scanner(t: text)
        scanner.run()
        var spans = scanner.spans
        // The prose of the last paragraph stops at \end{document}.
        ProseLayout(Array(text.scalars[..<scanner.bodyEnd]), isHeading: isSectionLine)
            .annotate(&spans, bounds: scanner.bounds)
        return KeySource(spans: spans, problems: scanner.problems, lines: source.sourceLines.map(String.init),
                         unreadSpans: scanner.unread)
    }

    /// The text with every `%` comment removed (the line break after it kept).
    static func withoutComments(_ t: MappedText) -> MappedText {
        var out = MappedText()
        var i = 0
        while i < t.count {
            let c = t.scalars[i]
            if c == "\\", i + 1 < t.count {
                out.append(contentsOf: t, i..<i + 2)
                i += 2
                continue
            }
            if c == "%" {
                while i < t.count, t.scalars[i] != "\n" { i += 1 }
                continue
            }
            out.append(c, at: t.positions[i])
            i += 1
        }
        return out
    }

    static func isSectionLine(_ line: [Unicode.Scalar]) -> Bool {
        let t = MappedText(line, Array(repeating: TextPosition(line: 1, column: 1), count: line.count))
        var i = 0
        while i < t.count {
            if let (name, end) = t.commandName(at: i) {
                if sectionCommands.contains(name) { return true }
                i = end
            } else {
                i += 1
            }
        }
        return false
    }

    private struct Scanner {
        let t: MappedText
        var spans: [MathSpan] = []
        var bounds: [Range<Int>] = []
        var problems: [(position: TextPosition, message: String)] = []
        var unread = 0
        var macros = MacroExpander()
        /// Where the document body ends (`\end{document}`, or the end of the file).
        var bodyEnd = 0

        init(t: MappedText) { self.t = t }

        mutating func run() {
            let s = t.scalars
            var i = 0
            bodyEnd = s.count
            // The preamble: definitions only.
            if let start = find("begin", "document", from: 0) {
                while i < start.at {
                    if s[i] == "\\" { i = defineOrSkip(at: i) } else { i += 1 }
                }
                i = start.end
                bodyEnd = MathEnvironment.end(of: "document", in: s, from: start.end)?.close ?? s.count
            }
            while i < bodyEnd {
                guard let next = step(at: i) else { return }
                i = next
            }
        }

        /// Reads what starts at `i` (math, a skipped environment, a definition, a command
        /// or one character) and returns where to go on; `nil` after an unclosed delimiter,
        /// which ends reading.
        mutating func step(at i: Int) -> Int? {
            switch t.scalars[i] {
            case "$": return dollarMath(at: i)
            case "\\":
                if t.at(i + 1) == "[" || t.at(i + 1) == "(" { return bracketMath(at: i) }
                if let begin = MathEnvironment.name(in: t.scalars, after: "begin", at: i),
                   MathEnvironment.display.contains(begin.name) || LaTeXReader.skippedEnvironments.contains(begin.name) {
                    return environment(begin.name, at: i, contentStart: begin.end)
                }
                if let command = t.commandName(at: i), command.name == "verb" { return verbatim(from: command.end) }
                return defineOrSkip(at: i)
            default: return i + 1
            }
        }

        /// `\verb|…|` (or `\verb*|…|`) after its name, ending at `i`: where its text ends. Its `$` are not math.
        func verbatim(from i: Int) -> Int {
            var j = t.at(i) == "*" ? i + 1 : i
            guard let delimiter = t.at(j) else { return j }
            j += 1
            while j < bodyEnd, let c = t.at(j), c != delimiter, c != "\n" { j += 1 }
            return Swift.min(j + 1, bodyEnd)
        }

        /// `$…$` or `$$…$$` opening at `i`.
        mutating func dollarMath(at i: Int) -> Int? {
            let display = t.at(i + 1) == "$"
            let width = display ? 2 : 1
            guard let close = closingDollar(from: i + width, display: display, limit: bodyEnd) else {
                return unclosed(at: i, display ? "'$$' opens display math that is never closed"
                                               : "'$' opens math that is never closed")
            }
            add(i + width..<close, outer: i..<close + width, display: display)
            return close + width
        }

        /// `\(…\)` or `\[…\]` opening at `i`.
        mutating func bracketMath(at i: Int) -> Int? {
            let display = t.at(i + 1) == "["
            let closer = display ? "]" : ")"
            guard let close = closing("\\" + closer, from: i + 2, limit: bodyEnd) else {
                return unclosed(at: i, "'\\\(display ? "[" : "(")' opens math that is never closed with '\\\(closer)'")
            }
            add(i + 2..<close, outer: i..<close + 2, display: display)
            return close + 2
        }

        /// A display-math environment (read whole) or a skipped one (`verbatim`) opening at `i`.
        mutating func environment(_ name: String, at i: Int, contentStart: Int) -> Int? {
            guard let end = MathEnvironment.end(of: name, in: t.scalars, from: contentStart), end.end <= bodyEnd else {
                return unclosed(at: i, "'\\begin{\(name)}' is never closed")
            }
            if MathEnvironment.display.contains(name) { add(i..<end.end, outer: i..<end.end, display: true) }
            return end.end
        }

        /// Records an unclosed delimiter at `i`: the math after it is not read.
        mutating func unclosed(at i: Int, _ message: String) -> Int? {
            problems.append((t.positions[i], message))
            unread += 1
            return nil
        }

        /// Records a definition starting at `i`, or steps over the command there.
        mutating func defineOrSkip(at i: Int) -> Int {
            do {
                if let end = try macros.define(in: t, at: i) { return end }
            } catch {
                problems.append((error.position, error.message))
            }
            return t.commandName(at: i)?.end ?? i + 1
        }

        mutating func add(_ content: Range<Int>, outer: Range<Int>, display: Bool) {
            let end = t.endPosition(of: content)
            do {
                let expanded = try macros.process(t[content])
                spans.append(MathSpan(text: expanded.scalars, positions: expanded.positions + [end], isDisplay: display))
                bounds.append(outer)
            } catch {
                problems.append((error.position, "cannot read this math: \(error.message)"))
                unread += 1
            }
        }

        func find(_ command: String, _ name: String, from start: Int) -> (at: Int, end: Int)? {
            var i = start
            while i < t.count {
                if t.scalars[i] == "\\" {
                    if let b = MathEnvironment.name(in: t.scalars, after: command, at: i), b.name == name {
                        return (i, b.end)
                    }
                    i += 2
                    continue
                }
                i += 1
            }
            return nil
        }

        /// The closing `$` or `$$` for math opened before `start`; inline math stops at a blank line (TeX's \par).
        func closingDollar(from start: Int, display: Bool, limit: Int) -> Int? {
            var j = start
            while j < limit {
                let c = t.scalars[j]
                if c == "\\" { j += 2; continue }
                if c == "$" {
                    if !display { return j }
                    if t.at(j + 1) == "$" { return j }
                }
                if c == "\n", !display {
                    var k = j + 1
                    while let d = t.at(k), d == " " || d == "\t" || d == "\r" { k += 1 }
                    if t.at(k) == "\n" { return nil }
                }
                j += 1
            }
            return nil
        }

        /// Index of the next `closer` (`\]` or `\)`) at or after `start`.
        func closing(_ closer: String, from start: Int, limit: Int) -> Int? {
            let mark = Array(closer.unicodeScalars)
            var j = start
            while j + 1 < limit {
                if t.scalars[j] == "\\" {
                    if t.scalars[j + 1] == mark[1] { return j }
                    j += 2
                    continue
                }
                j += 1
            }
            return nil
        }
    }
}
