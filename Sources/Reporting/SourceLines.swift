extension StringProtocol {
    /// The lines of a source file as ``SourceLocation`` numbers them, without
    /// their line breaks: split at `"\n"` and at `"\r\n"`.
    ///
    /// Swift compares `Character`s, and `"\r\n"` is one `Character` (a single
    /// grapheme cluster), so `split(separator: "\n")` does not split a file
    /// written with Windows line endings at all: it came back as one line.
    /// A text ending in a line break has an empty last line; an empty text has
    /// one empty line.
    public var sourceLines: [SubSequence] {
        split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }
}
