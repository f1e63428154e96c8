import Foundation

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
/// row      = ["="] sum (relation sum)* [clause]  (see MathParser+Rows.swift)
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
    var tokens: [MathToken]
    var index = 0
    var depth = 0
    var absoluteDepth = 0
    /// The height of every term made so far, by ``MathTerm/id``. `depth`
    /// bounds the parser's recursion, but sums and `^` chains grow in loops:
    /// `a + a + … + a` is a left-leaning tree one level taller per `+`, and
    /// every later pass (evaluation, rewriting, repair search) recurses
    /// through it. ``make(_:from:operatorAt:)`` bounds the height too.
    var heights: [Int: Int] = [:]
    var nextID: Int
    /// After `\text{where}`: the rows that follow are definitions.
    var rowsDefine = false
    /// Names (by term id) written as the value after an update: `w_2^{new}`, `w_2'`.
    var updatedNames: Set<Int> = []
    /// Claims written as labels under or over a term (`\underbrace{a_1}_{\partial z_2/\partial w_2}`).
    var annotations: [KeyStatement] = []
    /// Conditions written as an evaluation bar in the current row (`\left. E \right|_{x = 1}`).
    var evaluationConditions: [KeyCondition] = []

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
        // `\mathrm{d}` (and `\text{d}`, `\operatorname{d}`) is the differential d.
        var i = 0
        while i + 3 < tokens.count {
            if case .command(let c) = tokens[i].kind, Self.nameWrappers.contains(c), tokens[i + 1].isSymbol("{"),
               tokens[i + 2].kind == .word("d"), tokens[i + 3].isSymbol("}") {
                tokens.replaceSubrange(i..<(i + 4), with: [tokens[i + 2]])
            }
            i += 1
        }
        self.tokens = tokens
    }

    // MARK: Terms

    mutating func parseSum() throws(MathSyntaxError) -> MathTerm {
        try enter()
        defer { depth -= 1 }
        let start = index
        var lhs: MathTerm
        if current.isSymbol("-") {
            let op = index
            advance()
            let operand = try parseProduct()
            lhs = try make(.negate(operand), from: start, operatorAt: op)
        } else {
            if current.isSymbol("+") { advance() }
            lhs = try parseProduct()
        }
        while current.isSymbol("+") || current.isSymbol("-") {
            let op = index
            let isAdd = current.isSymbol("+")
            advance()
            let rhs = try parseProduct()
            lhs = try make(isAdd ? .add(lhs, rhs) : .subtract(lhs, rhs), from: start, operatorAt: op)
        }
        return lhs
    }

    mutating func parseProduct() throws(MathSyntaxError) -> MathTerm {
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
                factors.append(try make(.reciprocal(divisor), from: op))
            } else if startsOperand {
                factors.append(try parsePostfix())
            } else {
                break
            }
        }
        return factors.count == 1 ? factors[0] : try make(.product(factors), from: start)
    }

    mutating func parseSigned() throws(MathSyntaxError) -> MathTerm {
        guard current.isSymbol("-") else { return try parsePostfix() }
        try enter()
        defer { depth -= 1 }
        let start = index
        advance()
        let operand = try parseSigned()
        return try make(.negate(operand), from: start, operatorAt: start)
    }

    mutating func parsePostfix() throws(MathSyntaxError) -> MathTerm {
        let start = index
        var base = try parsePrimary()
        while current.isSymbol("^") {
            advance()
            let exponent = try parseExponent()
            base = try make(.power(base, exponent), from: start)
        }
        return base
    }

    mutating func parseExponent() throws(MathSyntaxError) -> MathTerm {
        let start = index
        if current.isSymbol("{") { return try parseGroup(open: "{", close: "}") }
        if current.isSymbol("-") {
            try enter()
            defer { depth -= 1 }
            advance()
            let operand = try parseExponent()
            return try make(.negate(operand), from: start, operatorAt: start)
        }
        switch current.kind {
        case .number(let v):
            advance()
            return try makeNumber(v, from: start)
        case .word, .command:
            return try parsePrimary()
        default:
            throw MathSyntaxError(message: "expected an exponent after '^', found \(describe(current))", offset: current.range.lowerBound)
        }
    }

    /// Whether the current token can begin a juxtaposed factor.
    var startsOperand: Bool {
        if isEvaluationBar { return false }
        switch current.kind {
        case .number, .word: return true
        case .symbol(let c): return c == "(" || c == "[" || c == "{" || (c == "|" && absoluteDepth == 0)
        case .command(let c):
            if Self.nameWrappers.contains(c) { return !isProse }
            if Self.sizeCommands.contains(c) { return sizedBracketOpens }
            if c == "partial" { return peek(1).isSymbol("_") }  // `\partial_{w} L`
            return ["frac", "dfrac", "tfrac", "left", "sqrt", "mathcal", "mathbb", "lvert", "{", "hat", "bar", "tilde",
                    "widehat", "check", "vec", "nabla", "underbrace", "overbrace"].contains(c)
                || MathLexer.greek.contains(c) || Self.elementaryCommands.contains(c)
        case .end: return false
        }
    }

    /// Whether an evaluation bar starts at the current token: `|_{`, `\Big|_{`, `\bigg\rvert_{`.
    var isEvaluationBar: Bool {
        var k = 0
        if let c = commandName(current), Self.sizeCommands.contains(c) { k = 1 }
        let bar = peek(k)
        guard bar.isSymbol("|") || bar.isCommand("vert") || bar.isCommand("rvert") else { return false }
        return peek(k + 1).isSymbol("_") && peek(k + 2).isSymbol("{")
    }

    /// `\Big|_{x = 1, y^* = 0}` after a term: the conditions, which hold for the row.
    mutating func parseEvaluationBar() throws(MathSyntaxError) {
        if let c = commandName(current), Self.sizeCommands.contains(c) { advance() }
        advance()  // the bar
        advance()  // `_`
        try expect("{")
        evaluationConditions += try parseConditions()
        try expect("}")
    }

    /// Whether the size command at the current token opens a bracket (`\big(`,
    /// `\Bigl[`): `\bigr` and company, and any size command before `)`, `]`
    /// or a closing `|`, close one instead (``expect(_:)`` skips those).
    var sizedBracketOpens: Bool {
        guard let c = commandName(current), !c.hasSuffix("r") else { return false }
        let next = peek(1)
        return next.isSymbol("(") || next.isSymbol("[") || next.isSymbol("{") || next.isCommand("{")
            || next.isCommand("lvert") || (next.isSymbol("|") && absoluteDepth == 0)
    }

    mutating func parsePrimary() throws(MathSyntaxError) -> MathTerm {
        try enter()
        defer { depth -= 1 }
        let start = index
        let token = current
        switch token.kind {
        case .number(let v):
            advance()
            return try makeNumber(v, from: start)
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
            return try make(.absolute(inner), from: start)
        case .command(let c):
            return try parseCommand(c, from: start)
        case .end:
            throw MathSyntaxError(message: "expected a term, found the end of the math", offset: token.range.lowerBound)
        default:
            throw MathSyntaxError(message: "expected a term, found \(describe(token))", offset: token.range.lowerBound)
        }
    }

    mutating func parseCommand(_ c: String, from start: Int) throws(MathSyntaxError) -> MathTerm {
        switch c {
        case "frac", "dfrac", "tfrac":
            return try parseFraction(from: start)
        case "sqrt":
            advance()
            if current.isSymbol("[") {
                throw MathSyntaxError(message: "\\sqrt[n] roots are not supported", offset: current.range.lowerBound)
            }
            let argument = try parseArgument()
            return try make(.apply(KeyName(base: "sqrt"), [argument]), from: start)
        case "left":
            advance()
            let open = current
            advance()
            let (inner, closer) = try parseDelimited(after: open)
            if open.isSymbol("."), closer.isSymbol("|") || closer.isCommand("vert"), current.isSymbol("_") {
                // `\left. E \right|_{x = 1}`: E where the conditions hold; they hold for the row.
                advance()
                try expect("{")
                evaluationConditions += try parseConditions()
                try expect("}")
                return try wrap(inner, from: start)
            }
            if case .symbol("|") = open.kind { return try make(.absolute(inner), from: start) }
            if open.isCommand("lvert") { return try make(.absolute(inner), from: start) }
            return try wrap(inner, from: start)
        case "underbrace", "overbrace":
            // `\underbrace{(a_2 - y^*)}_{\partial Loss / \partial a_2}`: the term, and a claim
            // that it is what the label says (when the label is math, not words).
            advance()
            let inner = try parseArgument()
            if current.isSymbol(c == "underbrace" ? "_" : "^") {
                advance()
                let labelStart = index
                if current.isSymbol("{"), !isProseGroup(at: index), let meaning = try? parseGroup(open: "{", close: "}") {
                    var claim = KeyStatement(relation: .equality, terms: [inner, meaning], continuation: nil,
                                             isDisplay: span.isDisplay)
                    claim.trustedTerm = 0
                    annotations.append(claim)
                } else {
                    index = labelStart
                    if current.isSymbol("{") { try skipGroup() } else { advance() }
                }
            }
            return try wrap(inner, from: start)
        case "lvert":
            advance()
            absoluteDepth += 1
            let inner = try parseSum()
            absoluteDepth -= 1
            guard current.isCommand("rvert") else {
                throw MathSyntaxError(message: "expected \\rvert to close \\lvert", offset: current.range.lowerBound)
            }
            advance()
            return try make(.absolute(inner), from: start)
        case "{":
            advance()
            let inner = try parseSum()
            guard current.isCommand("}") else {
                throw MathSyntaxError(message: "expected '\\}'", offset: current.range.lowerBound)
            }
            advance()
            return try wrap(inner, from: start)
        case "mathcal":
            advance()
            let text = groupText(from: index)
            try skipGroup()
            return try parseNameTail(base: "mathcal " + text, from: start)
        case "partial" where peek(1).isSymbol("_"):
            // `\partial_{w_1} Loss`: the derivative of Loss with respect to w_1.
            return try parseSubscriptDerivative(from: start)
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
            let name = try parseDifferentiationVariable()
            return try make(.derivative(numerator, name), from: start)
        case "hat", "bar", "tilde", "widehat", "check", "vec":
            // `\hat{y}`: a name of its own (the key says what it is: `\hat{y} = a_2`).
            advance()
            let text = (current.isSymbol("{") ? groupText(from: index) : span.string(current.range))
                .filter { !$0.isWhitespace && $0 != "\\" }
            guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                throw MathSyntaxError(message: "\\\(c){…} should hold one name here", offset: tokens[start].range.lowerBound)
            }
            if current.isSymbol("{") { try skipGroup() } else { advance() }
            return try parseNameTail(base: c + " " + text, from: start)
        case "nabla":
            // `\nabla_{w_1} Loss`: the derivative of Loss with respect to w_1.
            guard peek(1).isSymbol("_") else {
                throw MathSyntaxError(message: "\\nabla needs the variable as a subscript: \\nabla_{w_1} Loss",
                                      offset: tokens[start].range.lowerBound)
            }
            return try parseSubscriptDerivative(from: start)
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
                // `\operatorname{sech}` names a function: one gradcheck does not know is
                // unreadable math (a warning), never a free variable sampled at random.
                if c == "operatorname", KeySymbols.elementaryNames[text] == nil, !Self.elementaryCommands.contains(text),
                   !KeySymbols.lossAliases.contains(text), text != "d" {
                    throw MathSyntaxError(message: "unknown function \\operatorname{\(text)}", offset: tokens[start].range.lowerBound)
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
    mutating func parseNameTail(base: String, from start: Int) throws(MathSyntaxError) -> MathTerm {
        var name = KeyName(base: base)
        var markUpdated = false
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
            } else if current.isSymbol("^"), !(name.subscriptText == nil && layerSuperscript(at: index + 1) != nil),
                      let step = Self.iterationMarks[iterationText(at: index + 1)] {
                // `w_2^{new}`, `w_2^{(t+1)}`: the value after the update; `w_2^{(t)}`, `w_2^{old}`: before it.
                if step { markUpdated = true }
                advance()
                try skipGroup()
            } else if current.isSymbol("'"), !vocabulary.isFunction(name), !peek(1).isSymbol("(") {
                // `w_2'`: the updated w_2.
                markUpdated = true
                advance()
            } else if current.isSymbol("^"), name.subscriptText == nil, let layer = layerSuperscript(at: index + 1) {
                // `\delta^{(2)}`, `a^{(1)}`: the layer index, as `\delta_2`, `a_1`.
                name.subscriptText = layer.text
                for _ in 0...layer.tokens { advance() }
            } else if current.isSymbol("^"), starLength(at: index + 1) > 0 {
                let n = starLength(at: index + 1)
                for _ in 0...n { advance() }
                name.starred = true
            } else {
                break
            }
        }
        guard vocabulary.isFunction(name) else {
            let term = try make(.name(name), from: start)
            if markUpdated { updatedNames.insert(term.id) }
            return term
        }
        if primeLength(at: index) > 0 {
            // `g_2'(z_2)`, `\sigma'(z)`: the function's derivative at the argument.
            for _ in 0..<primeLength(at: index) { advance() }
            guard current.isSymbol("(") || current.isCommand("left") else {
                throw MathSyntaxError(message: "expected the argument of \(name.latex)' in parentheses", offset: current.range.lowerBound)
            }
            let arguments = try parseArguments()
            return try make(.functionDerivative(name, arguments), from: start)
        }
        if Self.elementaryCommands.contains(base), current.isSymbol("^"), starLength(at: index + 1) == 0 {
            // `\tanh^2(z)` is (tanh z)^2.
            advance()
            let exponent = try parseExponent()
            let applied = try parseApplicationTail(name, from: start)
            return try make(.power(applied, exponent), from: start)
        }
        return try parseApplicationTail(name, from: start)
    }

    /// The arguments after a function name: `(…)`, `\left(…\right)`, or one factor for `\log a_2`.
    mutating func parseApplicationTail(_ name: KeyName, from start: Int) throws(MathSyntaxError) -> MathTerm {
        let base = name.base
        if current.isSymbol("(") || current.isSymbol("[") || current.isCommand("left") || current.isCommand("{")
            || (Self.sizeCommands.contains(commandName(current) ?? "") && peek(1).isSymbol("(")) {
            let arguments = try parseArguments()
            return try make(.apply(name, arguments), from: start)
        }
        if Self.elementaryCommands.contains(base) && startsOperand {
            // `\log a_2`, `\exp{-z}`: one factor is the argument.
            let argument = try parsePostfix()
            return try make(.apply(name, [argument]), from: start)
        }
        return try make(.name(name), from: start)
    }

    /// `\nabla_{w_1} Loss`, `\partial_{w_1} Loss`: the operator at the current token, its
    /// variable as a subscript, then the operand.
    mutating func parseSubscriptDerivative(from start: Int) throws(MathSyntaxError) -> MathTerm {
        advance()  // \nabla or \partial
        advance()  // _
        let variable: KeyName
        if current.isSymbol("{") {
            advance()
            variable = try parseDifferentiationVariable()
            try expect("}")
        } else {
            variable = try parseDifferentiationVariable()
        }
        guard startsOperand else {
            throw MathSyntaxError(message: "expected what \\\(span.string(tokens[start].range).dropFirst()) applies to",
                                  offset: current.range.lowerBound)
        }
        let operand = try parsePostfix()
        return try make(.derivative(operand, variable), from: start)
    }

    /// Superscripts that mark a parameter's value across an update: true for the value after it.
    static let iterationMarks: [String: Bool] = [
        "new": true, "(new)": true, "next": true, "updated": true, "+": true, "(t+1)": true, "t+1": true, "(k+1)": true,
        "k+1": true, "old": false, "(old)": false, "(t)": false, "t": false, "(k)": false, "(0)": false, "(1)": true,
    ]

    /// The text of the `{…}` group at token `i` without spaces, or `""`.
    func iterationText(at i: Int) -> String {
        guard i < tokens.count, tokens[i].isSymbol("{") else { return "" }
        let text = groupText(from: i).filter { !$0.isWhitespace }
        return text.replacingOccurrences(of: "\\text", with: "").replacingOccurrences(of: "\\mathrm", with: "")
            .filter { $0 != "{" && $0 != "}" }
    }

    /// `{(2)}`, `{(k)}` or `{(l-1)}` after `^`: the text inside the parentheses and how many tokens it takes.
    func layerSuperscript(at i: Int) -> (text: String, tokens: Int)? {
        guard i + 4 < tokens.count, tokens[i].isSymbol("{"), tokens[i + 1].isSymbol("(") else { return nil }
        if tokens[i + 3].isSymbol(")"), tokens[i + 4].isSymbol("}") {
            switch tokens[i + 2].kind {
            case .number, .word: return (span.string(tokens[i + 2].range), 5)
            default: return nil
            }
        }
        // `a^{(l-1)}`: a layer counted from an index.
        guard i + 6 < tokens.count, case .word = tokens[i + 2].kind, tokens[i + 3].isSymbol("-") || tokens[i + 3].isSymbol("+"),
              case .number = tokens[i + 4].kind, tokens[i + 5].isSymbol(")"), tokens[i + 6].isSymbol("}") else { return nil }
        return ((i + 2...i + 4).map { span.string(tokens[$0].range) }.joined(), 7)
    }

    /// A number as written: `0.6106` stands for [0.61055, 0.61065], `3` for exactly 3.
    mutating func makeNumber(_ v: Double, from start: Int) throws(MathSyntaxError) -> MathTerm {
        var term = try make(.number(v), from: start)
        let text = span.string(tokens[start].range).replacingOccurrences(of: "{,}", with: ".")
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            term.halfUnit = 0.5 * pow(10, -Double(decimals))
        }
        return term
    }

    /// How many tokens after `^` spell a star: `*`, `\star`, `\ast` (1) or `{*}` (3); 0 otherwise.
    func starLength(at i: Int) -> Int {
        func isStar(_ t: MathToken) -> Bool { t.isSymbol("*") || t.isCommand("star") || t.isCommand("ast") }
        guard i < tokens.count else { return 0 }
        if isStar(tokens[i]) { return 1 }
        if tokens[i].isSymbol("{"), i + 2 < tokens.count, isStar(tokens[i + 1]), tokens[i + 2].isSymbol("}") { return 3 }
        return 0
    }

    mutating func parseArguments() throws(MathSyntaxError) -> [MathTerm] {
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

    /// A braced group or a single token (`\frac{1}{2}`, `\sqrt x`).
    mutating func parseArgument() throws(MathSyntaxError) -> MathTerm {
        if current.isSymbol("{") { return try parseGroup(open: "{", close: "}") }
        return try parsePrimary()
    }

    mutating func parseGroup(open: Unicode.Scalar, close: Unicode.Scalar) throws(MathSyntaxError) -> MathTerm {
        let start = index
        advance()
        let saved = absoluteDepth
        absoluteDepth = 0
        let inner = try parseSum()
        absoluteDepth = saved
        try expect(close)
        return try wrap(inner, from: start)
    }

    /// After `\left`'s delimiter: the sum and the matching `\right` delimiter.
    mutating func parseDelimited(after open: MathToken) throws(MathSyntaxError) -> (MathTerm, MathToken) {
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
    mutating func wrap(_ inner: MathTerm, from start: Int) throws(MathSyntaxError) -> MathTerm {
        var t = try make(inner.kind, from: start)
        t.operatorPosition = inner.operatorPosition
        t.id = inner.id
        t.halfUnit = inner.halfUnit
        return t
    }

    func closer(for open: MathToken) -> MathToken.Kind {
        switch open.kind {
        case .symbol("("): return .symbol(")")
        case .symbol("["): return .symbol("]")
        case .symbol("|"): return .symbol("|")
        case .command("{"): return .command("}")
        default: return .symbol(")")
        }
    }

    mutating func expectCloser(_ close: MathToken.Kind, opener: MathToken) throws(MathSyntaxError) {
        if current.isCommand("right") { advance() }
        if let c = commandName(current), Self.sizeCommands.contains(c) { advance() }
        guard current.kind == close else {
            throw MathSyntaxError(message: "expected a closing bracket for the one opened here, found \(describe(current))",
                                  offset: current.isEnd ? opener.range.lowerBound : current.range.lowerBound)
        }
        advance()
    }
}
