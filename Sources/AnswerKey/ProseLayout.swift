/// The paragraphs and sections of a key's source, for the prose around each math span.
///
/// A paragraph ends at a blank line or a heading line; a heading line starts a
/// new section. Which lines are headings is the reader's business (Markdown
/// `#` lines, LaTeX `\section`), passed in as a predicate over the line's text.
struct ProseLayout {
    private let s: [Unicode.Scalar]
    /// Index of the first scalar of each line (0-based lines).
    private var lineStarts: [Int] = [0]
    /// Per line: blank or a heading, so no paragraph runs across it.
    private var isBreak: [Bool] = []
    /// Per line: the section the line is in (a heading line is in the section it opens).
    private var sections: [Int] = []
    /// Per line: the first and last line of its paragraph (a break line is its own paragraph).
    private var paragraphFirst: [Int] = []
    private var paragraphLast: [Int] = []

    /// - Parameters:
    ///   - isHeading: whether a line (without its line break) is a section heading.
    ///   - skipsFences: Markdown: lines inside ```` ``` ```` fences are never headings.
    init(_ scalars: [Unicode.Scalar], isHeading: ([Unicode.Scalar]) -> Bool, skipsFences: Bool = false) {
        s = scalars
        for (i, c) in scalars.enumerated() where c == "\n" { lineStarts.append(i + 1) }
        var section = 0
        var inFence = false
        for k in lineStarts.indices {
            let line = Array(scalars[lineStarts[k]..<lineEnd(k)])
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if skipsFences, trimmed.starts(with: ["`", "`", "`"]) { inFence.toggle() }
            let heading = !inFence && isHeading(line)
            if heading { section += 1 }
            isBreak.append(heading || trimmed.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" })
            sections.append(section)
        }
        for k in lineStarts.indices {
            paragraphFirst.append(k > 0 && !isBreak[k] && !isBreak[k - 1] ? paragraphFirst[k - 1] : k)
        }
        paragraphLast = Array(repeating: 0, count: lineStarts.count)
        for k in lineStarts.indices.reversed() {
            paragraphLast[k] = k + 1 < lineStarts.count && !isBreak[k] && !isBreak[k + 1] ? paragraphLast[k + 1] : k
        }
    }

    /// One past the last scalar of line `k`, before its line break.
    private func lineEnd(_ k: Int) -> Int {
        k + 1 < lineStarts.count ? lineStarts[k + 1] - 1 : s.count
    }

    /// The 0-based line holding scalar `index`.
    private func line(of index: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= index { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The section of the line holding scalar `index`.
    func section(at index: Int) -> Int { sections[line(of: min(index, max(0, s.count - 1)))] }

    /// Where the paragraph holding scalar `index` starts (after a blank or heading line).
    func paragraphStart(_ index: Int) -> Int {
        lineStarts[paragraphFirst[line(of: index)]]
    }

    /// Where the paragraph holding scalar `index` ends (before the next blank or heading line).
    func paragraphEnd(_ index: Int) -> Int {
        max(index, lineEnd(paragraphLast[line(of: index)]))
    }

    /// Fills `prose`, `trailingProse` and `section` of `spans`, whose delimiters
    /// occupy `bounds` (opening delimiter to one past the closing one), in source order.
    func annotate(_ spans: inout [MathSpan], bounds: [Range<Int>]) {
        for k in spans.indices {
            let open = bounds[k].lowerBound, close = bounds[k].upperBound
            var start = paragraphStart(open)
            if k > 0 { start = max(start, min(open, bounds[k - 1].upperBound)) }
            var end = paragraphEnd(max(open, close - 1))
            if k + 1 < spans.count { end = min(end, max(close, bounds[k + 1].lowerBound)) }
            spans[k].prose = text(start..<open)
            spans[k].trailingProse = close <= end ? text(close..<end) : ""
            spans[k].section = section(at: open)
        }
    }

    private func text(_ range: Range<Int>) -> String {
        let clamped = range.clamped(to: 0..<s.count)
        var string = String(String.UnicodeScalarView(s[clamped]))
        while let c = string.unicodeScalars.first, c.properties.isWhitespace { string.unicodeScalars.removeFirst() }
        while let c = string.unicodeScalars.last, c.properties.isWhitespace { string.unicodeScalars.removeLast() }
        return string
    }
}

extension ProseLayout {
    /// A Markdown ATX heading: up to three spaces, one to six `#`, then a space or the line's end.
    static func isMarkdownHeading(_ line: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i < line.count, i < 3, line[i] == " " { i += 1 }
        var hashes = 0
        while i < line.count, line[i] == "#" { hashes += 1; i += 1 }
        return (1...6).contains(hashes) && (i == line.count || line[i] == " " || line[i] == "\t")
    }
}
