import Reporting

/// A lexical token of the expression language, with its source position.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case number(Double)
        case identifier(String)
        case symbol(Character)  // + - * / ^ ( ) = ,
        case end
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The token's text as written, for messages.
    public var text: String
}

/// Splits one line of text into tokens.
///
/// Numbers are decimal with an optional exponent (`1e-3`, `.5`); identifiers
/// are ASCII letters, digits and `_`, not starting with a digit. Anything else
/// that is not whitespace is an error naming the character and its column.
public struct Lexer {
    public static let symbols: Set<Character> = ["+", "-", "*", "/", "^", "(", ")", "=", ","]

    /// The longest line tokenised, in bytes of UTF-8: 1,000,000. A network line whose
    /// expression fits the parser's limits (a sum of about 3,000 terms) is far shorter; a
    /// 200 MB line used to take over 60 s and 7 GB in tokens before the parser refused it.
    public static let maximumLineLength = 1_000_000

    /// Refuses `text` longer than ``maximumLineLength``, at its first column: readers that copy a
    /// line before tokenising it call this first.
    public static func requireLength(_ text: Substring, file: String, line: Int, column: Int = 1) throws(InputError) {
        guard text.utf8.count > maximumLineLength else { return }
        throw InputError("this line is \(text.utf8.count) bytes long; a line may hold at most \(maximumLineLength) "
            + "(split a long expression into named nodes, a long path over indented lines)",
                         at: SourceLocation(file: file, line: line, column: column))
    }

    /// Tokenises `text`, whose first character sits at `line:column` of `file`.
    public static func tokens(
        in text: Substring, file: String, line: Int, column: Int = 1
    ) throws(InputError) -> [Token] {
        try requireLength(text, file: file, line: line, column: column)
        var result: [Token] = []
        let scalars = Array(text.unicodeScalars)
        // At most one token per character and the end: reserved once, so a long
        // line's array is never regrown and copied (only the pages used are touched).
        result.reserveCapacity(scalars.count + 1)
        var i = 0
        func location(_ at: Int) -> SourceLocation {
            SourceLocation(file: file, line: line, column: column + at)
        }
        while i < scalars.count {
            let c = scalars[i]
            if c == " " || c == "\t" || c == "\r" { i += 1; continue }
            let start = i
            if c.properties.isASCIIHexDigit && ("0"..."9").contains(c) || c == "." {
                i = scanNumber(scalars, from: i)
                let s = String(String.UnicodeScalarView(scalars[start..<i]))
                guard let v = Double(s), v.isFinite else {
                    throw InputError("malformed number '\(s)'", at: location(start))
                }
                result.append(Token(kind: .number(v), location: location(start), text: s))
            } else if c == "_" || (c.isASCII && c.properties.isAlphabetic) {
                while i < scalars.count, isIdentifierScalar(scalars[i]) { i += 1 }
                let s = String(String.UnicodeScalarView(scalars[start..<i]))
                result.append(Token(kind: .identifier(s), location: location(start), text: s))
            } else if symbols.contains(Character(c)) {
                i += 1
                result.append(Token(kind: .symbol(Character(c)), location: location(start), text: String(c)))
            } else {
                throw InputError("unexpected character '\(Character(c))'", at: location(start))
            }
        }
        result.append(Token(kind: .end, location: location(scalars.count), text: "end of line"))
        return result
    }

    static func isIdentifierScalar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)))
    }

    private static func scanNumber(_ s: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        func digits() { while i < s.count, ("0"..."9").contains(s[i]) { i += 1 } }
        digits()
        if i < s.count, s[i] == "." { i += 1; digits() }
        if i < s.count, s[i] == "e" || s[i] == "E" {
            var j = i + 1
            if j < s.count, s[j] == "+" || s[j] == "-" { j += 1 }
            if j < s.count, ("0"..."9").contains(s[j]) {
                i = j
                digits()
            }
        }
        return i
    }
}
