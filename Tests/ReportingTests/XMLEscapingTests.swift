import Testing
@testable import Reporting

@Suite struct XMLEscapingTests {
    @Test func escapesTheFiveSpecialCharacters() {
        #expect(XMLEscaping.text(#"<a href="x">&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;")
    }

    @Test func attributesKeepWhitespace() {
        #expect(XMLEscaping.attribute("a\tb\nc\rd") == "a&#9;b&#10;c&#13;d")
        #expect(XMLEscaping.text("a\tb\nc") == "a\tb\nc")
    }

    @Test func forbiddenCharactersBecomeReplacement() {
        #expect(XMLEscaping.text("a\u{0}b\u{8}c\u{FFFE}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(XMLEscaping.text("∂ 😀") == "∂ 😀")
    }
}
