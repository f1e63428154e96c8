/// An expression whose names are resolved to value slots, ready to evaluate.
///
/// Constant integer exponents (`(a2 - y)^2`) become ``integerPower`` so that
/// negative bases are exact; any other `^` is `exp(b log a)`.
public indirect enum CompiledExpression: Sendable {
    case constant(Double)
    case slot(Int)
    case negate(CompiledExpression)
    case add(CompiledExpression, CompiledExpression)
    case subtract(CompiledExpression, CompiledExpression)
    case multiply(CompiledExpression, CompiledExpression)
    case divide(CompiledExpression, CompiledExpression)
    case integerPower(CompiledExpression, Int)
    case power(CompiledExpression, CompiledExpression)
    case call(ElementaryFunction, CompiledExpression)

    /// Compiles `expression`, resolving every name with `slot`. Returns `nil`
    /// if a name is unresolved (callers validate names first and report them).
    public init?(_ expression: Expression, slot: (String) -> Int?) {
        switch expression.kind {
        case .number(let v): self = .constant(v)
        case .name(let n):
            guard let s = slot(n) else { return nil }
            self = .slot(s)
        case .negate(let e):
            guard let c = CompiledExpression(e, slot: slot) else { return nil }
            self = .negate(c)
        case .call(let f, let e):
            guard let c = CompiledExpression(e, slot: slot) else { return nil }
            self = .call(f, c)
        case .binary(let op, let l, let r):
            guard let a = CompiledExpression(l, slot: slot) else { return nil }
            if op == .power, case .number(let n) = r.kind, n == n.rounded(), Swift.abs(n) <= 64 {
                self = .integerPower(a, Int(n))
                return
            }
            guard let b = CompiledExpression(r, slot: slot) else { return nil }
            switch op {
            case .add: self = .add(a, b)
            case .subtract: self = .subtract(a, b)
            case .multiply: self = .multiply(a, b)
            case .divide: self = .divide(a, b)
            case .power: self = .power(a, b)
            }
        }
    }

    /// The value of the expression with slot values read from `values`.
    @inlinable
    public func evaluate<T: GraphScalar>(_ values: UnsafeBufferPointer<T>) -> T {
        switch self {
        case .constant(let v): return T(v)
        case .slot(let s): return values[s]
        case .negate(let e): return -e.evaluate(values)
        case .add(let a, let b): return a.evaluate(values) + b.evaluate(values)
        case .subtract(let a, let b): return a.evaluate(values) - b.evaluate(values)
        case .multiply(let a, let b): return a.evaluate(values) * b.evaluate(values)
        case .divide(let a, let b): return a.evaluate(values) / b.evaluate(values)
        case .integerPower(let a, let n): return a.evaluate(values).integerPower(n)
        case .power(let a, let b): return T.power(a.evaluate(values), b.evaluate(values))
        case .call(let f, let a): return T.apply(f, to: a.evaluate(values))
        }
    }

    /// The slots read by this expression (its direct inputs).
    public var slots: Set<Int> {
        switch self {
        case .constant: return []
        case .slot(let s): return [s]
        case .negate(let e), .call(_, let e), .integerPower(let e, _): return e.slots
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b),
             .divide(let a, let b), .power(let a, let b):
            return a.slots.union(b.slots)
        }
    }

    /// The arguments of every `relu`/`abs` in the expression, in evaluation
    /// order: a finite-difference stencil whose points give these different
    /// signs straddles a kink.
    public func kinkArguments(_ values: UnsafeBufferPointer<Double>, into result: inout [Double]) {
        switch self {
        case .constant, .slot: return
        case .negate(let e), .integerPower(let e, _): e.kinkArguments(values, into: &result)
        case .call(let f, let e):
            e.kinkArguments(values, into: &result)
            if f.hasKink { result.append(e.evaluate(values)) }
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b),
             .divide(let a, let b), .power(let a, let b):
            a.kinkArguments(values, into: &result)
            b.kinkArguments(values, into: &result)
        }
    }
}
