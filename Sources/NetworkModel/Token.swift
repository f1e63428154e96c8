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

    /// Tokenises `text`, whose first character sits at `line:column` of `file`.
    public static func tokens(
        in text: Substring, file: String, line: Int, column: Int = 1
    ) throws(InputError) -> [Token] {
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
