/// What the parser must know about names: which are functions (so that
/// `g_2(z_2)` is an application but `a_2(1 - a_2)` a product), and which
/// multi-letter words are names (`Loss`) rather than juxtaposed letters.
public protocol MathVocabulary {
    func isFunction(_ name: KeyName) -> Bool
    func isKnownWord(_ word: String) -> Bool
}

/// Math that cannot be read, with the scalar offset in the span where reading stopped.
struct MathSyntaxError: Error, Sendable {
    var message: String
    var offset: Int
}

/// Recursive-descent parser for the LaTeX that answer keys use.
///
/// ```
/// row      = ["="] sum (relation sum)*          relation: =  \leftarrow  \gets  :=
/// sum      = ["-"|"+"] product (("+"|"-") product)*
/// product  = signed (("*"|\cdot|\times|"/") signed | postfix)*    juxtaposition multiplies
/// signed   = "-" signed | postfix
/// postfix  = primary ("^" exponent)*
/// primary  = number | name [script] [arguments] | \frac{…}{…} | \sqrt{…}
///          | "(" sum ")" | \left( sum \right) | "{" sum "}" | "|" sum "|"
/// ```
/// Rows of `aligned`-style math are separated by `\\`. Prose inside math
/// (`\text{ for the sigmoid}`) ends the row.
struct MathParser {
    static let maximumDepth = 100
    static let elementaryCommands: Set<String> = ["sigma", "exp", "log", "ln", "tanh", "max", "min", "sqrt"]
    static let nameWrappers: Set<String> = [
        "text", "mathrm", "mathit", "operatorname", "mathbf", "textit", "textrm", "mathsf", "textbf", "mathnormal",
    ]
    static let sizeCommands: Set<String> = ["big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr"]
    static let unicodeGreek: [String: String] = [
        "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta", "θ": "theta",
        "λ": "lambda", "μ": "mu", "σ": "sigma", "τ": "tau", "φ": "phi", "ω": "omega", "ℓ": "ell",
    ]

    let span: MathSpan
    let vocabulary: MathVocabulary
    private var tokens: [MathToken]
    private var index = 0
    private var depth = 0
    private var absoluteDepth = 0
    private(set) var nextID: Int

    init(span: MathSpan, vocabulary: MathVocabulary, firstID: Int) {
        self.span = span
        self.vocabulary = vocabulary
        self.nextID = firstID
        var tokens: [MathToken] = []
        // Unknown multi-letter words are juxtaposed letters: `xw` is x·w.
        for t in MathLexer.tokens(span) {
            // `dLoss` in \frac{dLoss}{dw_2} is the differential d and the name Loss.
            if case .word(let w) = t.kind, w.hasPrefix("d"), w.count > 2, vocabulary.isKnownWord(String(w.dropFirst())) {
                let d = t.range.lowerBound
                tokens.append(MathToken(kind: .word("d"), range: d..<(d + 1)))
                tokens.append(MathToken(kind: .word(String(w.dropFirst())), range: (d + 1)..<t.range.upperBound))
                continue
            }
            if case .word(let w) = t.kind, w.unicodeScalars.count > 1, !vocabulary.isKnownWord(w),
               w.unicodeScalars.allSatisfy({ !("0"..."9").contains($0) }) {
                var offset = t.range.lowerBound
                for c in w.unicodeScalars {
                    tokens.append(MathToken(kind: .word(String(c)), range: offset..<(offset + 1)))
                    offset += 1
                }
            } else {
                tokens.append(t)
            }
        }
        self.tokens = tokens
    }

    // MARK: Rows and relations

    /// Every row of the span; a row starting with `=` is marked as continuing.
    mutating func parseRows() throws(MathSyntaxError) -> [KeyStatement] {
        var rows: [KeyStatement] = []
        while !current.isEnd {
            if current.isCommand("\\") { advance(); continue }
            if let row = try parseRow() { rows.append(row) }
        }
        return rows
    }

    private mutating func parseRow() throws(MathSyntaxError) -> KeyStatement? {
        var continuation: TextPosition?
        if current.isSymbol("=") {
            continuation = span.positions[current.range.lowerBound]
            advance()
        }
        if atRowEnd { return nil }
        var terms = [try parseSum()]
        var relation: KeyStatement.Relation?
        while true {
            skipTrailingPunctuation()
            if atRowEnd { break }
            if isProse {
                while !atRowEnd { advance() }
                break
            }
            let found: KeyStatement.Relation
            let relationToken = current
            if current.isSymbol("=") {
                advance()
                found = .equality
            } else if current.isCommand("leftarrow") || current.isCommand("gets") || current.isCommand("longleftarrow")
                        || current.isCommand("coloneqq") {
                advance()
                found = .update
            } else if current.isSymbol(":"), peek(1).isSymbol("=") {
                advance(); advance()
                found = .update
            } else {
                throw MathSyntaxError(message: "unexpected \(describe(current)) after a complete term", offset: current.range.lowerBound)
            }
            if let relation, relation != found || found == .update {
                throw MathSyntaxError(message: "an update (\\leftarrow or :=) cannot be chained with other relations",
                                      offset: relationToken.range.lowerBound)
            }
            relation = found
            if atRowEnd {
                throw MathSyntaxError(message: "expected a term after the relation", offset: current.range.lowerBound)
            }
            terms.append(try parseSum())
        }
        return KeyStatement(relation: relation ?? .equality, terms: terms, continuation: continuation,
                            isDisplay: span.isDisplay)
    }

    private var atRowEnd: Bool { current.isEnd || current.isCommand("\\") }

    /// `\text{…}` holding words separated by spaces is prose.
    private var isProse: Bool {
        guard case .command(let c) = current.kind, Self.nameWrappers.contains(c) || c == "tag" || c == "mbox" else { return false }
        guard peek(1).isSymbol("{") else { return false }
        let content = groupText(from: index + 1)
        return content.contains(" ") || c == "tag" || content.isEmpty
    }

    private mutating func skipTrailingPunctuation() {
        while current.isSymbol(",") || current.isSymbol(".") || current.isSymbol(";") {
            let next = peek(1)
            guard next.isEnd || next.isCommand("\\") else { return }
            advance()
        }
    }

    // MARK: Terms

    private mutating func parseSum() throws(MathSyntaxError) -> MathTerm {
        try enter()
        defer { depth -= 1 }
        let start = index
        var lhs: MathTerm
        if current.isSymbol("-") {
            let op = index
            advance()
            let operand = try parseProduct()
            lhs = make(.negate(operand), from: start, operatorAt: op)
        } else {
            if current.isSymbol("+") { advance() }
            lhs = try parseProduct()
        }
        while current.isSymbol("+") || current.isSymbol("-") {
            let op = index
            let isAdd = current.isSymbol("+")
            advance()
            let rhs = try parseProduct()
            lhs = make(isAdd ? .add(lhs, rhs) : .subtract(lhs, rhs), from: start, operatorAt: op)
        }
        return lhs
    }

    private mutating func parseProduct() throws(MathSyntaxError) -> MathTerm {
        let start = index
        var factors = [try parseSigned()]
        while true {
            if current.isSymbol("*") || current.isCommand("cdot") || current.isCommand("times") {
                advance()
                factors.append(try parseSigned())
            } else if current.isSymbol("/") {
                let op = index
                advance()
                let divisor = try parseSigned()
                factors.append(make(.reciprocal(divisor), from: op))
            } else if startsOperand {
                factors.append(try parsePostfix())
            } else {
                break
            }
        }
        return factors.count == 1 ? factors[0] : make(.product(factors), from: start)
    }

    private mutating func parseSigned() throws(MathSyntaxError) -> MathTerm {
        guard current.isSymbol("-") else { return try parsePostfix() }
        try enter()
        defer { depth -= 1 }
        let start = index
        advance()
        let operand = try parseSigned()
        return make(.negate(operand), from: start, operatorAt: start)
    }

    private mutating func parsePostfix() throws(MathSyntaxError) -> MathTerm {
        let start = index
        var base = try parsePrimary()
        while current.isSymbol("^") {
            advance()
            let exponent = try parseExponent()
            base = make(.power(base, exponent), from: start)
        }
        return base
    }

    private mutating func parseExponent() throws(MathSyntaxError) -> MathTerm {
        let start = index
        if current.isSymbol("{") { return try parseGroup(open: "{", close: "}") }
        if current.isSymbol("-") {
            advance()
            let operand = try parseExponent()
            return make(.negate(operand), from: start, operatorAt: start)
        }
        switch current.kind {
        case .number(let v):
            advance()
            return make(.number(v), from: start)
        case .word, .command:
            return try parsePrimary()
        default:
            throw MathSyntaxError(message: "expected an exponent after '^', found \(describe(current))", offset: current.range.lowerBound)
        }
    }

    /// Whether the current token can begin a juxtaposed factor.
    private var startsOperand: Bool {
        switch current.kind {
        case .number, .word: return true
        case .symbol(let c): return c == "(" || c == "[" || c == "{" || (c == "|" && absoluteDepth == 0)
        case .command(let c):
            if Self.nameWrappers.contains(c) { return !isProse }
            return ["frac", "dfrac", "tfrac", "left", "sqrt", "mathcal", "mathbb", "lvert", "{"].contains(c)
                || MathLexer.greek.contains(c) || Self.elementaryCommands.contains(c) || Self.sizeCommands.contains(c)
        case .end: return false
        }
    }

    private mutating func parsePrimary() throws(MathSyntaxError) -> MathTerm {
        try enter()
        defer { depth -= 1 }
        let start = index
        let token = current
        switch token.kind {
        case .number(let v):
            advance()
            return make(.number(v), from: start)
        case .word(let w):
            advance()
            let base = Self.unicodeGreek[w] ?? w
            return try parseNameTail(base: base, from: start)
        case .symbol("("): return try parseGroup(open: "(", close: ")")
        case .symbol("["): return try parseGroup(open: "[", close: "]")
        case .symbol("{"): return try parseGroup(open: "{", close: "}")
        case .symbol("|"):
            advance()
            absoluteDepth += 1
            let inner = try parseSum()
            absoluteDepth -= 1
            try expect("|")
            return make(.absolute(inner), from: start)
        case .command(let c):
            return try parseCommand(c, from: start)
        case .end:
            throw MathSyntaxError(message: "expected a term, found the end of the math", offset: token.range.lowerBound)
        default:
            throw MathSyntaxError(message: "expected a term, found \(describe(token))", offset: token.range.lowerBound)
        }
    }

    private mutating func parseCommand(_ c: String, from start: Int) throws(MathSyntaxError) -> MathTerm {
        switch c {
        case "frac", "dfrac", "tfrac":
            return try parseFraction(from: start)
        case "sqrt":
            advance()
            if current.isSymbol("[") {
                throw MathSyntaxError(message: "\\sqrt[n] roots are not supported", offset: current.range.lowerBound)
            }
            let argument = try parseArgument()
            return make(.apply(KeyName(base: "sqrt"), [argument]), from: start)
        case "left":
            advance()
            let open = current
            advance()
            let (inner, closer) = try parseDelimited(after: open)
            _ = closer
            if case .symbol("|") = open.kind { return make(.absolute(inner), from: start) }
            if open.isCommand("lvert") { return make(.absolute(inner), from: start) }
            return wrap(inner, from: start)
        case "lvert":
            advance()
            absoluteDepth += 1
            let inner = try parseSum()
            absoluteDepth -= 1
            guard current.isCommand("rvert") else {
                throw MathSyntaxError(message: "expected \\rvert to close \\lvert", offset: current.range.lowerBound)
            }
            advance()
            return make(.absolute(inner), from: start)
        case "{":
            advance()
            let inner = try parseSum()
            guard current.isCommand("}") else {
                throw MathSyntaxError(message: "expected '\\}'", offset: current.range.lowerBound)
            }
            advance()
            return wrap(inner, from: start)
        case "mathcal":
            advance()
            let text = groupText(from: index)
            try skipGroup()
            return try parseNameTail(base: "mathcal " + text, from: start)
        case "partial":
            // The slash form: \partial Loss / \partial w_2.
            advance()
            let numerator = try parsePostfix()
            guard current.isSymbol("/"), peek(1).isCommand("partial") else {
                throw MathSyntaxError(message: "\\partial outside \\frac{\\partial …}{\\partial …} or \\partial u / \\partial v",
                                      offset: tokens[start].range.lowerBound)
            }
            advance()
            advance()
            let variableStart = index
            let variable = try parsePostfix()
            guard case .name(let name) = variable.kind else {
                throw MathSyntaxError(message: "a derivative must be taken with respect to a name, not '\(variable.text)'",
                                      offset: tokens[variableStart].range.lowerBound)
            }
            return make(.derivative(numerator, name), from: start)
        default:
            if c == "mathbb" || c == "mathbf", groupText(from: index + 1).filter({ !$0.isWhitespace }) == "1" {
                advance()
                try skipGroup()
                return try parseIndicator(from: start)
            }
            if Self.sizeCommands.contains(c) {
                advance()
                return try parsePrimary()
            }
            if Self.nameWrappers.contains(c) {
                advance()
                let text = groupText(from: index).filter { !$0.isWhitespace }
                guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                    throw MathSyntaxError(message: "\\\(c){…} should hold one name here", offset: tokens[start].range.lowerBound)
                }
                try skipGroup()
                return try parseNameTail(base: text, from: start)
            }
            if MathLexer.greek.contains(c) || Self.elementaryCommands.contains(c) {
                advance()
                return try parseNameTail(base: c, from: start)
            }
            throw MathSyntaxError(message: "unsupported LaTeX command \\\(c)", offset: current.range.lowerBound)
        }
    }

    /// Subscripts, a star superscript, then arguments if the name is a function.
    private mutating func parseNameTail(base: String, from start: Int) throws(MathSyntaxError) -> MathTerm {
        var name = KeyName(base: base)
        while true {
            if current.isSymbol("_"), name.subscriptText == nil {
                advance()
                if current.isSymbol("{") {
                    name.subscriptText = groupText(from: index).filter { !$0.isWhitespace && $0 != "{" && $0 != "}" }
                    try skipGroup()
                } else {
                    name.subscriptText = span.string(current.range)
                    guard !current.isEnd else {
                        throw MathSyntaxError(message: "expected a subscript after '_'", offset: current.range.lowerBound)
                    }
                    advance()
                }
            } else if current.isSymbol("^"), starLength(at: index + 1) > 0 {
                let n = starLength(at: index + 1)
                for _ in 0...n { advance() }
                name.starred = true
            } else {
                break
            }
        }
        guard vocabulary.isFunction(name) else { return make(.name(name), from: start) }
        if primeLength(at: index) > 0 {
            // `g_2'(z_2)`, `\sigma'(z)`: the function's derivative at the argument.
            for _ in 0..<primeLength(at: index) { advance() }
            guard current.isSymbol("(") || current.isCommand("left") else {
                throw MathSyntaxError(message: "expected the argument of \(name.latex)' in parentheses", offset: current.range.lowerBound)
            }
            let arguments = try parseArguments()
            return make(.functionDerivative(name, arguments), from: start)
        }
        if Self.elementaryCommands.contains(base), current.isSymbol("^"), starLength(at: index + 1) == 0 {
            // `\tanh^2(z)` is (tanh z)^2.
            advance()
            let exponent = try parseExponent()
            let applied = try parseApplicationTail(name, from: start)
            return make(.power(applied, exponent), from: start)
        }
        return try parseApplicationTail(name, from: start)
    }

    /// The arguments after a function name: `(…)`, `\left(…\right)`, or one factor for `\log a_2`.
    private mutating func parseApplicationTail(_ name: KeyName, from start: Int) throws(MathSyntaxError) -> MathTerm {
        let base = name.base
        if current.isSymbol("(") || current.isSymbol("[") || current.isCommand("left") || current.isCommand("{")
            || (Self.sizeCommands.contains(commandName(current) ?? "") && peek(1).isSymbol("(")) {
            let arguments = try parseArguments()
            return make(.apply(name, arguments), from: start)
        }
        if Self.elementaryCommands.contains(base) && startsOperand {
            // `\log a_2`, `\exp{-z}`: one factor is the argument.
            let argument = try parsePostfix()
            return make(.apply(name, [argument]), from: start)
        }
        return make(.name(name), from: start)
    }

    /// `[u > v]` after `\mathbb{1}` (also with `( )`, `\{ \}` or a subscript `_{u > v}`).
    private mutating func parseIndicator(from start: Int) throws(MathSyntaxError) -> MathTerm {
        let closing: MathToken.Kind
        if current.isSymbol("[") { closing = .symbol("]") }
        else if current.isSymbol("(") { closing = .symbol(")") }
        else if current.isSymbol("_") && peek(1).isSymbol("{") { advance(); closing = .symbol("}") }
        else if current.isCommand("{") { closing = .command("}") }
        else {
            throw MathSyntaxError(message: "expected [condition] after \\mathbb{1}", offset: current.range.lowerBound)
        }
        advance()
        let lhs = try parseSum()
        let comparison: MathTerm.Comparison
        switch current.kind {
        case .symbol(">"), .command("gt"): comparison = .greater
        case .symbol("<"), .command("lt"): comparison = .less
        case .command("geq"), .command("ge"): comparison = .greaterOrEqual
        case .command("leq"), .command("le"): comparison = .lessOrEqual
        default:
            throw MathSyntaxError(message: "expected a comparison (>, <, \\geq, \\leq) in the indicator, found \(describe(current))",
                                  offset: current.range.lowerBound)
        }
        advance()
        let rhs = try parseSum()
        guard current.kind == closing else {
            throw MathSyntaxError(message: "expected the indicator's condition to close, found \(describe(current))",
                                  offset: current.range.lowerBound)
        }
        advance()
        return make(.indicator(lhs, comparison, rhs), from: start)
    }

    /// How many tokens at `i` spell one prime: `'` (1), `^\prime` (2) or `^{\prime}` (4); 0 otherwise.
    private func primeLength(at i: Int) -> Int {
        guard i + 1 < tokens.count else { return 0 }
        if tokens[i].isSymbol("'") { return tokens[i + 1].isSymbol("'") ? 0 : 1 }  // g'' is not supported
        guard tokens[i].isSymbol("^") else { return 0 }
        if tokens[i + 1].isCommand("prime") { return 2 }
        if i + 3 < tokens.count, tokens[i + 1].isSymbol("{"), tokens[i + 2].isCommand("prime"), tokens[i + 3].isSymbol("}") {
            return 4
        }
        return 0
    }

    /// How many tokens after `^` spell a star: `*`, `\star`, `\ast` (1) or `{*}` (3); 0 otherwise.
    private func starLength(at i: Int) -> Int {
        func isStar(_ t: MathToken) -> Bool { t.isSymbol("*") || t.isCommand("star") || t.isCommand("ast") }
        guard i < tokens.count else { return 0 }
        if isStar(tokens[i]) { return 1 }
        if tokens[i].isSymbol("{"), i + 2 < tokens.count, isStar(tokens[i + 1]), tokens[i + 2].isSymbol("}") { return 3 }
        return 0
    }

    private mutating func parseArguments() throws(MathSyntaxError) -> [MathTerm] {
        if let c = commandName(current), Self.sizeCommands.contains(c) { advance() }
        var open = current
        if current.isCommand("left") {
            advance()
            open = current
        }
        advance()
        let close = closer(for: open)
        var arguments: [MathTerm] = []
        while true {
            arguments.append(try parseSum())
            if current.isSymbol(",") { advance(); continue }
            break
        }
        try expectCloser(close, opener: open)
        return arguments
    }

    private mutating func parseFraction(from start: Int) throws(MathSyntaxError) -> MathTerm {
        advance()
        if current.isSymbol("{"), peek(1).isCommand("partial") {
            return try parseDerivative(from: start)
        }
        if current.isSymbol("{"), isDifferential(at: index + 1), let close = groupEnd(from: index),
           close + 1 < tokens.count, tokens[close + 1].isSymbol("{"), isDifferential(at: close + 2) {
            return try parseDerivative(from: start)
        }
        if case .number(let v) = current.kind, !peek(0).isSymbol("{") {
            // \frac12 is \frac{1}{2}; \frac1{x} is \frac{1}{x}.
            let text = span.string(current.range)
            if text.count == 2, text.allSatisfy(\.isNumber) {
                let digits = text.compactMap { Double(String($0)) }
                advance()
                let n = make(.number(digits[0]), from: index - 1)
                let d = make(.number(digits[1]), from: index - 1)
                return make(.fraction(n, d), from: start)
            }
            _ = v
        }
        let numerator = try parseArgument()
        let denominator = try parseArgument()
        return make(.fraction(numerator, denominator), from: start)
    }

    /// Whether token `i` is a differential: `\partial`, `d` or `\mathrm{d}` followed by what it applies to.
    private func isDifferential(at i: Int) -> Bool {
        guard i < tokens.count else { return false }
        return tokens[i].isCommand("partial") || tokens[i].kind == .word("d")
    }

    /// The index of the `}` closing the group opened at `i`.
    private func groupEnd(from i: Int) -> Int? {
        var level = 0
        var j = i
        while j < tokens.count, !tokens[j].isEnd {
            if tokens[j].isSymbol("{") { level += 1 }
            if tokens[j].isSymbol("}") {
                level -= 1
                if level == 0 { return j }
            }
            j += 1
        }
        return nil
    }

    /// `\frac{\partial U}{\partial v}` (or with `d`: `\frac{dL}{dw}`), or the operator form
    /// `\frac{\partial}{\partial v} U`.
    private mutating func parseDerivative(from start: Int) throws(MathSyntaxError) -> MathTerm {
        advance()  // {
        advance()  // \partial or d
        if current.isSymbol("^") {
            throw MathSyntaxError(message: "higher derivatives (\\partial^2) are not supported", offset: current.range.lowerBound)
        }
        var numerator: MathTerm?
        if !current.isSymbol("}") { numerator = try parseSum() }
        try expect("}")
        guard current.isSymbol("{"), isDifferential(at: index + 1) else {
            throw MathSyntaxError(message: "expected {\\partial …} as the denominator of a derivative", offset: current.range.lowerBound)
        }
        advance()
        advance()
        let variableStart = index
        let variable = try parsePostfix()
        guard case .name(let name) = variable.kind else {
            throw MathSyntaxError(message: "a derivative must be taken with respect to a name, not '\(variable.text)'",
                                  offset: tokens[variableStart].range.lowerBound)
        }
        try expect("}")
        if let numerator {
            return make(.derivative(numerator, name), from: start)
        }
        guard startsOperand else {
            throw MathSyntaxError(message: "expected the expression to differentiate after \\frac{\\partial}{\\partial …}",
                                  offset: current.range.lowerBound)
        }
        let operand = try parsePostfix()
        return make(.derivative(operand, name), from: start)
    }

    /// A braced group or a single token (`\frac{1}{2}`, `\sqrt x`).
    private mutating func parseArgument() throws(MathSyntaxError) -> MathTerm {
        if current.isSymbol("{") { return try parseGroup(open: "{", close: "}") }
        return try parsePrimary()
    }

    private mutating func parseGroup(open: Unicode.Scalar, close: Unicode.Scalar) throws(MathSyntaxError) -> MathTerm {
        let start = index
        advance()
        let saved = absoluteDepth
        absoluteDepth = 0
        let inner = try parseSum()
        absoluteDepth = saved
        try expect(close)
        return wrap(inner, from: start)
    }

    /// After `\left`'s delimiter: the sum and the matching `\right` delimiter.
    private mutating func parseDelimited(after open: MathToken) throws(MathSyntaxError) -> (MathTerm, MathToken) {
        let saved = absoluteDepth
        absoluteDepth = 0
        let inner = try parseSum()
        absoluteDepth = saved
        guard current.isCommand("right") else {
            throw MathSyntaxError(message: "expected \\right to close \\left\(span.string(open.range))", offset: current.range.lowerBound)
        }
        advance()
        let closeToken = current
        advance()
        return (inner, closeToken)
    }

    /// The same term, with its extent widened to the brackets around it.
    private mutating func wrap(_ inner: MathTerm, from start: Int) -> MathTerm {
        var t = make(inner.kind, from: start)
        t.operatorPosition = inner.operatorPosition
        t.id = inner.id
        return t
    }

    private func closer(for open: MathToken) -> MathToken.Kind {
        switch open.kind {
        case .symbol("("): return .symbol(")")
        case .symbol("["): return .symbol("]")
        case .symbol("|"): return .symbol("|")
        case .command("{"): return .command("}")
        default: return .symbol(")")
        }
    }

    private mutating func expectCloser(_ close: MathToken.Kind, opener: MathToken) throws(MathSyntaxError) {
        if current.isCommand("right") { advance() }
        if let c = commandName(current), Self.sizeCommands.contains(c) { advance() }
        guard current.kind == close else {
            throw MathSyntaxError(message: "expected a closing bracket for the one opened here, found \(describe(current))",
                                  offset: current.isEnd ? opener.range.lowerBound : current.range.lowerBound)
        }
        advance()
    }

    // MARK: Tokens

    private var current: MathToken { tokens[index] }
    private func peek(_ k: Int) -> MathToken { tokens[min(index + k, tokens.count - 1)] }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func commandName(_ t: MathToken) -> String? {
        if case .command(let c) = t.kind { return c }
        return nil
    }

    private mutating func expect(_ c: Unicode.Scalar) throws(MathSyntaxError) {
        guard current.isSymbol(c) else {
            throw MathSyntaxError(message: "expected '\(Character(c))', found \(describe(current))", offset: current.range.lowerBound)
        }
        advance()
    }

    /// The source text inside the `{…}` group starting at token `i` (empty if there is none).
    private func groupText(from i: Int) -> String {
        guard i < tokens.count, tokens[i].isSymbol("{") else { return "" }
        var level = 0
        var j = i
        while j < tokens.count, !tokens[j].isEnd {
            if tokens[j].isSymbol("{") { level += 1 }
            if tokens[j].isSymbol("}") {
                level -= 1
                if level == 0 {
                    return span.string(tokens[i].range.upperBound..<tokens[j].range.lowerBound)
                }
            }
            j += 1
        }
        return ""
    }

    private mutating func skipGroup() throws(MathSyntaxError) {
        guard current.isSymbol("{") else {
            throw MathSyntaxError(message: "expected '{', found \(describe(current))", offset: current.range.lowerBound)
        }
        let opening = current.range.lowerBound
        var level = 0
        repeat {
            if current.isSymbol("{") { level += 1 }
            if current.isSymbol("}") { level -= 1 }
            if current.isEnd { throw MathSyntaxError(message: "unclosed '{'", offset: opening) }
            advance()
        } while level > 0
    }

    private mutating func enter() throws(MathSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw MathSyntaxError(message: "math nested too deeply (more than \(Self.maximumDepth) levels)", offset: current.range.lowerBound)
        }
    }

    private func describe(_ t: MathToken) -> String {
        t.isEnd ? "the end of the math" : "'\(span.string(t.range))'"
    }

    /// A term covering tokens `start ..< index`.
    private mutating func make(_ kind: MathTerm.Kind, from start: Int, operatorAt op: Int? = nil) -> MathTerm {
        let first = tokens[start].range.lowerBound
        let last = max(first + 1, tokens[max(start, index - 1)].range.upperBound)
        let range = first..<min(last, span.text.count)
        let id = nextID
        nextID += 1
        let safeRange = range.isEmpty ? first..<first : range
        return MathTerm(
            kind: kind, id: id, start: span.positions[min(first, span.positions.count - 1)],
            length: span.underlineLength(safeRange), text: span.string(safeRange),
            operatorPosition: op.map { span.positions[tokens[$0].range.lowerBound] })
    }
}
