import Cluster
import Testing

@Suite("ShellQuoting")
struct ShellQuotingTests {
    @Test("plain words stay, others are single-quoted", arguments: [
        ("--x", "--x"), ("-4:4:400", "-4:4:400"), ("/a/b.net", "/a/b.net"), ("w1=x", "w1=x"),
        ("w2=(a2 - y)*a1", "'w2=(a2 - y)*a1'"), ("it's", "'it'\\''s'"), ("", "''"), ("$HOME", "'$HOME'"),
    ])
    func quote(word: String, expected: String) {
        #expect(ShellQuoting.quote(word) == expected)
    }
}
