import Reporting

/// Recursive-descent parser for the expression language (see ``Expression``).
///
/// Grammar, lowest precedence first:
/// ```
/// sum     = product (("+" | "-") product)*
/// product = unary (("*" | "/") unary)*
/// unary   = "-" unary | power
/// power   = primary ("^" unary)?
/// primary = number | name | function "(" sum ")" | "(" sum ")"
/// ```
/// Two limits keep the recursive code that parses, compiles and evaluates the
/// tree off the end of the stack, each an error at the token that exceeds it:
///
/// - ``maximumNesting`` (200) counts what the parser recurses on: parentheses
///   and calls, unary minus and right-nested `^`.
/// - ``maximumDepth`` (3,000) bounds the height of the tree. A left-associative
///   chain (`x*w + x*w + …`) costs the parser no recursion but builds a left-deep
///   tree, one level per operator, which `CompiledExpression`, reverse mode and
///   the sweep evaluators walk recursively; so a flat sum or product may have up
///   to about 3,000 terms. Measured on the 8 MB main stack, a flat sum of `x*w`
///   terms overflows it between 20,000 and 30,000 terms in a release build and
///   between 4,000 and 5,000 in a debug build (`CompiledExpression.init`).
public struct ExpressionParser {
    /// The deepest nesting of parentheses, calls, unary minus and `^` accepted.
    public static let maximumNesting = 200
    /// The tallest expression tree accepted (a flat sum of n terms is n levels tall).
    public static let maximumDepth = 3_000

    private var tokens: ArraySlice<Token>
    private var index: Int
    private var nesting = 0

    /// A parser of `tokens`, which end with an `.end` token.
    public init(tokens: [Token]) { self.init(tokens: tokens[...]) }

    /// A parser of `tokens`, which end with an `.end` token; a slice, so that a
    /// long line's tokens are not copied (an 800 KB line is some 500,000 tokens).
    public init(tokens: ArraySlice<Token>) {
        self.tokens = tokens
        index = tokens.startIndex
    }

    /// Parses a whole line (or the part after `=`) as one expression.
    public static func parse(
        _ text: Substring, file: String, line: Int, column: Int = 1
    ) throws(InputError) -> Expression {
        var parser = ExpressionParser(tokens: try Lexer.tokens(in: text, file: file, line: line, column: column))
        let e = try parser.parseExpression()
        try parser.expectEnd()
        return e
    }

    public var current: Token { tokens[index] }

    public mutating func parseExpression() throws(InputError) -> Expression {
        if case .end = current.kind { throw InputError("expected an expression", at: current.location) }
        return try parseSum()
    }

    public mutating func expectEnd() throws(InputError) {
        guard case .end = current.kind else {
            throw InputError("unexpected '\(current.text)' after the end of the expression", at: current.location)
        }
    }

    private mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.endIndex - 1 { index += 1 }
        return t
    }

    private func isSymbol(_ c: Character) -> Bool {
        if case .symbol(c) = current.kind { return true }
        return false
    }

    /// `e`, built at the operator `token`, unless the tree is now too tall.
    private func checked(_ e: Expression, at token: Token) throws(InputError) -> Expression {
        guard e.depth <= Self.maximumDepth else {
            throw InputError("expression is too long: its tree is more than \(Self.maximumDepth) levels deep "
                + "(a sum or product of more than about \(Self.maximumDepth) terms); split it into named parts",
                at: token.location)
        }
        return e
    }

    private mutating func parseSum() throws(InputError) -> Expression {
        try parseLeftAssociative(["+": .add, "-": .subtract]) { (p: inout Self) throws(InputError) in try p.parseProduct() }
    }

    private mutating func parseProduct() throws(InputError) -> Expression {
        try parseLeftAssociative(["*": .multiply, "/": .divide]) { (p: inout Self) throws(InputError) in try p.parseUnary() }
    }

    /// `operand (op operand)*` for one precedence level, folded to the left.
    private mutating func parseLeftAssociative(
        _ operators: [Character: BinaryOperator],
        operand: (inout Self) throws(InputError) -> Expression
    ) throws(InputError) -> Expression {
        var lhs = try operand(&self)
        while case .symbol(let c) = current.kind, let op = operators[c] {
            let symbol = advance()
            let rhs = try operand(&self)
            lhs = try checked(Expression(.binary(op, lhs, rhs), at: lhs.location), at: symbol)
        }
        return lhs
    }

    private mutating func parseUnary() throws(InputError) -> Expression {
        if isSymbol("-") {
            let minus = advance()
            try enter(minus)
            defer { nesting -= 1 }
            let operand = try parseUnary()
            return try checked(Expression(.negate(operand), at: minus.location), at: minus)
        }
        if isSymbol("+") {
            _ = advance()
            return try parseUnary()
        }
        return try parsePower()
    }

    private mutating func parsePower() throws(InputError) -> Expression {
        let base = try parsePrimary()
        guard isSymbol("^") else { return base }
        let caret = advance()
        try enter(caret)
        defer { nesting -= 1 }
        let exponent = try parseUnary()
        return try checked(Expression(.binary(.power, base, exponent), at: base.location), at: caret)
    }

    private mutating func enter(_ token: Token) throws(InputError) {
        nesting += 1
        if nesting > Self.maximumNesting {
            throw InputError("expression is nested too deeply (more than \(Self.maximumNesting) levels)", at: token.location)
        }
    }

    private mutating func parsePrimary() throws(InputError) -> Expression {
        let token = current
        switch token.kind {
        case .number(let v):
            _ = advance()
            return Expression(.number(v), at: token.location)
        case .identifier(let name):
            _ = advance()
            if let f = ElementaryFunction(rawValue: name) {
                guard isSymbol("(") else {
                    throw InputError("expected '(' after function '\(name)'", at: current.location)
                }
                let argument = try parseParenthesised()
                return try checked(Expression(.call(f, argument), at: token.location), at: token)
            }
            if isSymbol("(") {
                let known = ElementaryFunction.allCases.map(\.rawValue).joined(separator: ", ")
                throw InputError("unknown function '\(name)' (known: \(known))", at: token.location)
            }
            return Expression(.name(name), at: token.location)
        case .symbol("("):
            return try parseParenthesised()
        case .end:
            throw InputError("expected an operand, found end of line", at: token.location)
        default:
            throw InputError("expected a number, a name or '(', found '\(token.text)'", at: token.location)
        }
    }

    private mutating func parseParenthesised() throws(InputError) -> Expression {
        let open = advance()
        try enter(open)
        defer { nesting -= 1 }
        let inner = try parseExpression()
        guard isSymbol(")") else {
            throw InputError("expected ')' to close the '(' at column \(open.location.column), found '\(current.text)'", at: current.location)
        }
        _ = advance()
        return inner
    }
}
