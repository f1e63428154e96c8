/// Text built from pieces of a source file, remembering where every scalar came
/// from: what readers hand on after removing comments, expanding macros or
/// renaming commands, so a finding still points into the file.
struct MappedText: Sendable {
    var scalars: [Unicode.Scalar] = []
    /// `positions[i]` is the source position of `scalars[i]`.
    var positions: [TextPosition] = []

    init() {}

    init(_ scalars: [Unicode.Scalar], _ positions: [TextPosition]) {
        precondition(positions.count >= scalars.count)
        self.scalars = scalars
        self.positions = Array(positions.prefix(scalars.count))
    }

    /// `source` with the line and column of every scalar, counting from `line`.
    init(source: String, firstLine line: Int = 1) {
        var line = line, column = 1
        scalars.reserveCapacity(source.unicodeScalars.count)
        positions.reserveCapacity(source.unicodeScalars.count)
        for s in source.unicodeScalars {
            scalars.append(s)
            positions.append(TextPosition(line: line, column: column))
            if s == "\n" { line += 1; column = 1 } else { column += 1 }
        }
    }

    var count: Int { scalars.count }

    mutating func append(_ scalar: Unicode.Scalar, at position: TextPosition) {
        scalars.append(scalar)
        positions.append(position)
    }

    mutating func append(_ text: String, at position: TextPosition) {
        for s in text.unicodeScalars { append(s, at: position) }
    }

    mutating func append(contentsOf other: MappedText, _ range: Range<Int>? = nil) {
        let r = range ?? 0..<other.count
        scalars += other.scalars[r]
        positions += other.positions[r]
    }

    subscript(range: Range<Int>) -> MappedText {
        MappedText(Array(scalars[range]), Array(positions[range]))
    }

    func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < scalars.count ? scalars[i] : nil }

    func string(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }

    /// The span of this text's `range`, ending at `end` (the closing delimiter's position).
    func span(_ range: Range<Int>, end: TextPosition, isDisplay: Bool) -> MathSpan {
        MathSpan(text: Array(scalars[range]), positions: Array(positions[range]) + [end], isDisplay: isDisplay)
    }

    /// The position after the last scalar of `range`, for a span's end.
    func endPosition(of range: Range<Int>) -> TextPosition {
        if range.upperBound < positions.count { return positions[range.upperBound] }
        guard let last = positions.last else { return TextPosition(line: 1, column: 1) }
        return TextPosition(line: last.line, column: last.column + 1)
    }

    /// The name of the command starting with the backslash at `i` (letters only, or one other scalar).
    func commandName(at i: Int) -> (name: String, end: Int)? {
        guard at(i) == "\\", let first = at(i + 1) else { return nil }
        var j = i + 1
        if first.isASCII && first.properties.isAlphabetic {
            while let c = at(j), c.isASCII, c.properties.isAlphabetic { j += 1 }
        } else {
            j += 1
        }
        return (string(i + 1..<j), j)
    }

    /// Index after the balanced group `{…}` opening at `i` (backslash escapes respected), or nil if unclosed.
    func groupEnd(from i: Int) -> Int? {
        guard at(i) == "{" else { return nil }
        var depth = 0
        var j = i
        while j < count {
            switch scalars[j] {
            case "\\": j += 1
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return j + 1 }
            default: break
            }
            j += 1
        }
        return nil
    }

    /// Index of the first non-space scalar at or after `i` (spaces, tabs and line breaks skipped).
    func skipSpace(_ i: Int) -> Int {
        var j = i
        while let c = at(j), c == " " || c == "\t" || c == "\n" || c == "\r" { j += 1 }
        return j
    }
}
