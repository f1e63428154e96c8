/// Derivatives and the other structured forms: `\frac{\partial u}{\partial v}` (also with `d`),
/// `\frac{…}{…}`, the indicator `\mathbb{1}[u > v]` and primes (`g'(z)`).
extension MathParser {
    /// `[u > v]` after `\mathbb{1}` (also with `( )`, `\{ \}` or a subscript `_{u > v}`).
    mutating func parseIndicator(from start: Int) throws(MathSyntaxError) -> MathTerm {
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
        return try make(.indicator(lhs, comparison, rhs), from: start)
    }

    /// How many tokens at `i` spell one prime: `'` (1), `^\prime` (2) or `^{\prime}` (4); 0 otherwise.
    func primeLength(at i: Int) -> Int {
        guard i + 1 < tokens.count else { return 0 }
        if tokens[i].isSymbol("'") { return tokens[i + 1].isSymbol("'") ? 0 : 1 }  // g'' is not supported
        guard tokens[i].isSymbol("^") else { return 0 }
        if tokens[i + 1].isCommand("prime") { return 2 }
        if i + 3 < tokens.count, tokens[i + 1].isSymbol("{"), tokens[i + 2].isCommand("prime"), tokens[i + 3].isSymbol("}") {
            return 4
        }
        return 0
    }

    mutating func parseFraction(from start: Int) throws(MathSyntaxError) -> MathTerm {
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
                let n = try make(.number(digits[0]), from: index - 1)
                let d = try make(.number(digits[1]), from: index - 1)
                return try make(.fraction(n, d), from: start)
            }
            _ = v
        }
        let numerator = try parseArgument()
        let denominator = try parseArgument()
        return try make(.fraction(numerator, denominator), from: start)
    }

    /// Whether token `i` is a differential: `\partial`, `d` or `\mathrm{d}` followed by what it applies to.
    func isDifferential(at i: Int) -> Bool {
        guard i < tokens.count else { return false }
        return tokens[i].isCommand("partial") || tokens[i].kind == .word("d")
    }

    /// The index of the `}` closing the group opened at `i`.
    func groupEnd(from i: Int) -> Int? {
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

    /// The name after `\partial` (or `d`) in a derivative's denominator.
    mutating func parseDifferentiationVariable() throws(MathSyntaxError) -> KeyName {
        let variableStart = index
        let variable = try parsePostfix()
        guard case .name(let name) = variable.kind else {
            throw MathSyntaxError(message: "a derivative must be taken with respect to a name, not '\(variable.text)'",
                                  offset: tokens[variableStart].range.lowerBound)
        }
        return name
    }

    /// `\frac{\partial U}{\partial v}` (or with `d`: `\frac{dL}{dw}`), or the operator form
    /// `\frac{\partial}{\partial v} U`, U the rest of the product.
    mutating func parseDerivative(from start: Int) throws(MathSyntaxError) -> MathTerm {
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
        let name = try parseDifferentiationVariable()
        try expect("}")
        if let numerator {
            return try make(.derivative(numerator, name), from: start)
        }
        guard startsOperand else {
            throw MathSyntaxError(message: "expected the expression to differentiate after \\frac{\\partial}{\\partial …}",
                                  offset: current.range.lowerBound)
        }
        // The operator applies to the rest of the product: `\frac{\partial}{\partial w} \frac12 (a - y)^2`.
        let operand = try parseProduct()
        return try make(.derivative(operand, name), from: start)
    }
}
