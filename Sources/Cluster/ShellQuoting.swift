import Foundation

/// Words for a POSIX shell (bash) command line.
public enum ShellQuoting {
    /// `word` unchanged when it holds only characters no shell treats specially,
    /// else in single quotes (a `'` inside written `'\''`). The empty word is `''`.
    public static func quote(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:,=+@%")
        if !word.isEmpty && word.allSatisfy({ plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The words quoted and joined by spaces.
    public static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
