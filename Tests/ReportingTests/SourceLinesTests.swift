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
}
