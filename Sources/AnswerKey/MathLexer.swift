/// A token of LaTeX math, located by its scalar range in the ``MathSpan``.
struct MathToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A run of letters: `Loss`, `x`, `α`. Answer keys write multi-letter names unbraced.
        case word(String)
        case number(Double)
        /// A control sequence without its backslash: `frac`, `partial`, `\\` is `"\\"`.
        case command(String)
        /// One character: `{ } ( ) [ ] _ ^ + - * / = , : | ' . <`.
        case symbol(Unicode.Scalar)
        case end
    }

    var kind: Kind
    var range: Range<Int>

    var isEnd: Bool { kind == .end }

    func isSymbol(_ c: Unicode.Scalar) -> Bool { kind == .symbol(c) }
    func isCommand(_ name: String) -> Bool { kind == .command(name) }
}

/// Splits a math span into tokens.
///
/// Dropped on the way, as layout rather than meaning: white space, spacing
/// commands (`\,` `\;` `\!` …), `\displaystyle`, alignment `&`, `~`,
/// `\begin{…}`/`\end{…}` (except `cases`, which becomes the commands
/// `begincases`/`endcases`), and Markdown emphasis around a name (`*Loss*`,
/// `**Loss**`: a `*` run directly before a word and the same run directly
/// after it, not following an operand). `\quad` and `\qquad` are kept: they
/// separate statements written side by side.
enum MathLexer {
    static let ignoredCommands: Set<String> = [
        ",", ";", ":", "!", " ", "displaystyle", "textstyle", "scriptstyle",
        "limits", "nolimits", "nonumber", "notag",
    ]

    /// Greek letters written as commands; they are names (`\alpha`, `\eta`).
    /// Vectors and matrices: `\begin{pmatrix}` is the token `beginmatrix` (the parser refuses it).
    static let matrixEnvironments: Set<String> = [
        "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix",
    ]
    static let greek: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
        "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi",
        "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma",
        "Phi", "Psi", "Omega", "ell",
    ]

    /// Unicode operators written for LaTeX commands.
    static let unicodeCommands: [Unicode.Scalar: String] = [
        "×": "times", "·": "cdot", "⋅": "cdot", "≤": "leq", "≥": "geq", "≠": "neq", "≡": "equiv", "←": "leftarrow",
        "∂": "partial", "∇": "nabla",
    ]

    static func tokens(_ span: MathSpan) -> [MathToken] {
        let s = span.text
        var result: [MathToken] = []
        var inCases = false
        var i = 0
        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
        func isLetter(_ c: Unicode.Scalar?) -> Bool {
            guard let c else { return false }
            return c.properties.isAlphabetic && !("0"..."9").contains(c)
        }
        func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }

        while i < s.count {
            let c = s[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "~" { i += 1; continue }
            if c == "&" {
                // Alignment, dropped, except in `cases`, where it separates a value from its condition.
                if inCases { result.append(MathToken(kind: .symbol("&"), range: i..<(i + 1))) }
                i += 1
                continue
            }
            let start = i
            if c == "\\" {
                i += 1
                if isLetter(at(i)) && at(i)!.isASCII {
                    while let d = at(i), d.isASCII, isLetter(d) { i += 1 }
                } else if at(i) != nil {
                    i += 1
                }
                let name = String(String.UnicodeScalarView(s[(start + 1)..<i]))
                if name == "begin" || name == "end" {
                    // Skip the environment name: \begin{aligned}.
                    var k = i
                    while at(k) == " " { k += 1 }
                    if at(k) == "{" {
                        let nameStart = k + 1
                        while let d = at(k), d != "}" { k += 1 }
                        i = min(k + 1, s.count)
                        let environment = String(String.UnicodeScalarView(s[min(nameStart, k)..<k]))
                        if ["cases", "dcases", "cases*"].contains(environment) {
                            result.append(MathToken(kind: .command(name + "cases"), range: start..<i))
                            inCases = name == "begin"
                        } else if Self.matrixEnvironments.contains(environment) {
                            result.append(MathToken(kind: .command(name + "matrix"), range: start..<i))
                        }
                    }
                    continue
                }
                if ignoredCommands.contains(name) { continue }
                result.append(MathToken(kind: .command(name), range: start..<i))
            } else if isDigit(c) || (c == "." && isDigit(at(i + 1))) {
                while isDigit(at(i)) { i += 1 }
                if at(i) == ".", isDigit(at(i + 1)) {
                    i += 1
                    while isDigit(at(i)) { i += 1 }
                } else if at(i) == "{", at(i + 1) == ",", at(i + 2) == "}", isDigit(at(i + 3)) {
                    i += 3  // `0{,}5`: a decimal comma, as LaTeX writes it
                    while isDigit(at(i)) { i += 1 }
                }
                let text = String(String.UnicodeScalarView(s[start..<i])).replacingOccurrences(of: "{,}", with: ".")
                result.append(MathToken(kind: .number(Double(text) ?? .nan), range: start..<i))
            } else if isLetter(c) {
                while isLetter(at(i)) { i += 1 }
                while isDigit(at(i)) { i += 1 }  // `a2` is the name a2, not a·2
                result.append(MathToken(kind: .word(String(String.UnicodeScalarView(s[start..<i]))), range: start..<i))
            } else if c == "*", let emphasis = emphasisWord(s, at: i, previous: result.last) {
                result.append(emphasis.token)
                i = emphasis.end
            } else if let command = unicodeCommands[c] {
                // `×`, `·`, `≤`, …: the commands they are written for.
                i += 1
                result.append(MathToken(kind: .command(command), range: start..<i))
            } else {
                i += 1
                // `−` (U+2212) is the minus sign.
                result.append(MathToken(kind: .symbol(c == "\u{2212}" ? "-" : c), range: start..<i))
            }
        }
        result.append(MathToken(kind: .end, range: s.count..<s.count))
        return result
    }

    /// `*Loss*` or `**Loss**` starting at `i`: the word's token and the index after the closing stars.
    private static func emphasisWord(
        _ s: [Unicode.Scalar], at i: Int, previous: MathToken?
    ) -> (token: MathToken, end: Int)? {
        // After an operand a `*` is multiplication (`2*x*y`); after `^` it is a star (`y^*`).
        if let previous {
            switch previous.kind {
            case .word, .number: return nil
            case .symbol(let c) where [")", "]", "}", "^", "_", "|", "'"].contains(c): return nil
            case .command(let name) where ["right", "star", "ast"].contains(name): return nil
            default: break
            }
            if previous.range.upperBound == i, case .word = previous.kind { return nil }
        }
        var stars = 0
        while i + stars < s.count, s[i + stars] == "*" { stars += 1 }
        guard stars <= 2 else { return nil }
        let wordStart = i + stars
        var j = wordStart
        while j < s.count, s[j].properties.isAlphabetic, !("0"..."9").contains(s[j]) { j += 1 }
        guard j > wordStart else { return nil }
        var closing = 0
        while j + closing < s.count, s[j + closing] == "*" { closing += 1 }
        guard closing == stars else { return nil }
        let word = String(String.UnicodeScalarView(s[wordStart..<j]))
        return (MathToken(kind: .word(word), range: wordStart..<j), j + closing)
    }
}
