import Reporting

/// A parsed arithmetic expression with the source position of every term.
///
/// The language is shared by network files, `--claim` formulas and trajectory
/// files: numbers, names, `+ - * / ^`, unary minus, parentheses and the
/// ``ElementaryFunction``s. `^` binds tighter than unary minus and is
/// right-associative, so `-x^2` is `-(x^2)` and `2^3^2` is `2^9`.
public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case name(String)
        case negate(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case call(ElementaryFunction, Expression)
    }

    public var kind: Kind
    /// Where the term starts in its source.
    public var location: SourceLocation
    /// Height of the tree; bounded at parse time so evaluation never overflows the stack.
    public let depth: Int

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
        switch kind {
        case .number, .name: depth = 1
        case .negate(let e), .call(_, let e): depth = e.depth + 1
        case .binary(_, let l, let r): depth = Swift.max(l.depth, r.depth) + 1
        }
    }

    /// Every name the expression mentions, in order of first appearance.
    public var names: [String] {
        var seen: [String] = []
        visitNames { if !seen.contains($0.0) { seen.append($0.0) } }
        return seen
    }

    /// Calls `body` with each name and its location, left to right.
    public func visitNames(_ body: ((String, SourceLocation)) -> Void) {
        switch kind {
        case .number: break
        case .name(let n): body((n, location))
        case .negate(let e), .call(_, let e): e.visitNames(body)
        case .binary(_, let l, let r):
            l.visitNames(body)
            r.visitNames(body)
        }
    }

    /// Whether the expression applies a function with a kink (`relu`, `abs`).
    public var usesNonAnalyticFunction: Bool {
        switch kind {
        case .number, .name: return false
        case .negate(let e): return e.usesNonAnalyticFunction
        case .call(let f, let e): return !f.isAnalytic || e.usesNonAnalyticFunction
        case .binary(_, let l, let r): return l.usesNonAnalyticFunction || r.usesNonAnalyticFunction
        }
    }
}

/// The binary operators, in the usual precedence: `^` over `* /` over `+ -`.
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
}

extension Expression: CustomStringConvertible {
    /// The expression in the file syntax, fully parenthesised only where needed.
    public var description: String { render(parentPrecedence: 0) }

    private var precedence: Int {
        switch kind {
        case .number(let v): return v < 0 ? 2 : 5
        case .name, .call: return 5
        case .negate: return 3
        case .binary(let op, _, _):
            switch op {
            case .add, .subtract: return 1
            case .multiply, .divide: return 2
            case .power: return 4
            }
        }
    }

    private func render(parentPrecedence: Int) -> String {
        let text: String
        switch kind {
        case .number(let v):
            text = v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        case .name(let n): text = n
        case .negate(let e): text = "-" + e.render(parentPrecedence: 4)
        case .call(let f, let e): text = "\(f.rawValue)(\(e.render(parentPrecedence: 0)))"
        case .binary(let op, let l, let r):
            let p = precedence
            // Left-associative operators need parentheses on an equal-precedence right operand;
            // `^` is right-associative, so the reverse.
            let lp = op == .power ? p + 1 : p
            let rp = op == .power ? p : p + 1
            let sep = op == .power ? "^" : " \(op.rawValue) "
            text = l.render(parentPrecedence: lp) + sep + r.render(parentPrecedence: rp)
        }
        return precedence < parentPrecedence ? "(\(text))" : text
    }
}
