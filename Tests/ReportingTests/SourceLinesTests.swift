import Testing
import Reporting

struct SourceLinesTests {
    @Test func splitsAtLineFeedsAndCarriageReturnLineFeeds() {
        #expect("a\nb\r\nc".sourceLines == ["a", "b", "c"])
        #expect("a\r\n\r\nb\r\n".sourceLines == ["a", "", "b", ""])
        #expect("".sourceLines == [""])
        // "\r\n" is a single Character, so the plain split missed it:
        #expect("a\r\nb".split(separator: "\n").count == 1)
    }

    /// Split over bytes, the lines are those of the `Character` split: a lone `"\r"` stays,
    /// `"\r\r\n"` leaves one, combining marks and non-ASCII text are kept whole, and a
    /// substring splits at its own bounds.
    @Test func theSameLinesAsTheCharacterSplit() {
        let samples = ["a\rb\n", "x\r\r\ny", "e\u{301}\n\u{301}z\r\n", "∂L/∂w\r\n日本\n", "\n\n", "end\r", "\r\n"]
        for text in samples {
            let reference = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
            #expect(text.sourceLines == reference, "\(text.debugDescription)")
        }
        let inner = "ab\ncd\r\nef".dropFirst(1).dropLast(1)
        #expect(inner.sourceLines == ["b", "cd", "e"])
    }
}
