/// The LaTeX environments that hold display math, and finding where one ends.
///
/// `split`, `aligned`, `gathered` and `cases` live inside these and need no
/// handling of their own: the lexer skips every `\begin{…}`/`\end{…}`, `&` is
/// space, and `\\` separates rows.
enum MathEnvironment {
    static let display: Set<String> = [
        "equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*",
        "flalign", "flalign*", "eqnarray", "eqnarray*", "displaymath", "math", "dmath", "dmath*",
        "alignat", "alignat*",
    ]

    /// The environment name after `\begin` or `\end` at `i` (`\begin{align*}` → "align*")
    /// and the index after its closing brace.
    static func name(in s: [Unicode.Scalar], after command: String, at i: Int) -> (name: String, end: Int)? {
        let word = Array(command.unicodeScalars)
        guard i + word.count + 1 < s.count, s[i] == "\\", Array(s[(i + 1)..<(i + 1 + word.count)]) == word else {
            return nil
        }
        var j = i + 1 + word.count
        if j < s.count, s[j].properties.isAlphabetic { return nil }  // \beginning is not \begin
        while j < s.count, s[j] == " " { j += 1 }
        guard j < s.count, s[j] == "{" else { return nil }
        var k = j + 1
        while k < s.count, s[k] != "}", s[k] != "\n", k - j < 40 { k += 1 }
        guard k < s.count, s[k] == "}" else { return nil }
        return (String(String.UnicodeScalarView(s[(j + 1)..<k])).trimmingSpaces, k + 1)
    }

    /// For `\begin{name}` ending at `start`: the index of the matching `\end{name}`'s
    /// backslash and the index after it, nested environments of the same name counted.
    static func end(of name: String, in s: [Unicode.Scalar], from start: Int) -> (close: Int, end: Int)? {
        var depth = 1
        var j = start
        while j < s.count {
            if s[j] == "\\" {
                if let e = Self.name(in: s, after: "end", at: j), e.name == name {
                    depth -= 1
                    if depth == 0 { return (j, e.end) }
                    j = e.end
                    continue
                }
                if let b = Self.name(in: s, after: "begin", at: j), b.name == name {
                    depth += 1
                    j = b.end
                    continue
                }
                j += 2
                continue
            }
            j += 1
        }
        return nil
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
