import Reporting

/// A line and a 1-based column (in Unicode scalars), without the file name.
public struct TextPosition: Sendable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// The math between one pair of `$` or `$$` delimiters, with the source
/// position of every character.
///
/// `positions` has one entry per scalar of `text` plus one past the end, so a
/// token ending at the last character still has an end position.
public struct MathSpan: Sendable {
    /// The math, without its delimiters.
    public var text: [Unicode.Scalar]
    /// `positions[i]` is where `text[i]` sits in the file; the last entry is the closing delimiter.
    public var positions: [TextPosition]
    /// `$$…$$` (display) rather than `$…$` (inline).
    public var isDisplay: Bool
    /// The source prose before this span: from the end of the previous span in the
    /// same paragraph (or the paragraph's start) to this span's opening delimiter,
    /// markup left as written, whitespace trimmed at both ends ("Let", "for a positive example (").
    public var prose: String
    /// The source prose after this span, to the next span in the same paragraph
    /// or the paragraph's end, trimmed the same way (", where", "then").
    public var trailingProse: String
    /// Which section the span is in: 0 before the first heading, then one more at
    /// each Markdown heading line (`#`…`######`) or LaTeX `\section`, `\subsection`, ….
    public var section: Int

    public init(text: [Unicode.Scalar], positions: [TextPosition], isDisplay: Bool,
                prose: String = "", trailingProse: String = "", section: Int = 0) {
        precondition(positions.count == text.count + 1, "one position per scalar plus the end")
        self.text = text
        self.positions = positions
        self.isDisplay = isDisplay
        self.prose = prose
        self.trailingProse = trailingProse
        self.section = section
    }

    /// The math as a string.
    public var string: String { String(String.UnicodeScalarView(text)) }

    /// The scalars in `range`, as a string.
    public func string(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(text[range]))
    }

    /// How many characters to underline for `range`: its width on its first
    /// line (a term that continues on the next line is underlined to the end of the first).
    public func underlineLength(_ range: Range<Int>) -> Int {
        guard !range.isEmpty else { return 1 }
        let start = positions[range.lowerBound]
        let last = positions[range.upperBound - 1]
        if last.line == start.line { return last.column - start.column + 1 }
        var length = 1
        var i = range.lowerBound + 1
        while i < range.upperBound, positions[i].line == start.line {
            length = positions[i].column - start.column + 1
            i += 1
        }
        return length
    }
}
