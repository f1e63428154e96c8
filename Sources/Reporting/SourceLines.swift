extension StringProtocol {
    /// The lines of a source file as ``SourceLocation`` numbers them, without
    /// their line breaks: split at `"\n"` and at `"\r\n"`.
    ///
    /// Swift compares `Character`s, and `"\r\n"` is one `Character` (a single
    /// grapheme cluster), so `split(separator: "\n")` does not split a file
    /// written with Windows line endings at all: it came back as one line.
    /// A text ending in a line break has an empty last line; an empty text has
    /// one empty line.
    ///
    /// The split runs over UTF-8 bytes, not `Character`s: a line feed is always a
    /// grapheme of its own or the end of `"\r\n"` (Unicode breaks around controls), so
    /// the lines are the same, and a 200 MB file splits in a fraction of a second
    /// instead of the 10 s grapheme breaking took (`@inlinable`, so that it is specialised
    /// for `String` and `Substring` in each module that reads files).
    @inlinable public var sourceLines: [SubSequence] {
        var lines: [SubSequence] = []
        let bytes = utf8
        var start = startIndex
        var carriageReturn: Index?  // where a "\r" just before the current byte starts, within the current line
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\n") {
                lines.append(self[start..<(carriageReturn ?? i)])
                start = bytes.index(after: i)
                carriageReturn = nil
            } else {
                carriageReturn = byte == UInt8(ascii: "\r") ? i : nil
            }
            i = bytes.index(after: i)
        }
        lines.append(self[start..<endIndex])
        return lines
    }
}
