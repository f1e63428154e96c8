import Foundation

/// A number type a network can be evaluated in: `Double` for values, dual
/// numbers for forward-mode derivatives, complex numbers for complex step.
///
/// Evaluation is written once, generically, over this protocol, so every
/// derivative method runs through exactly the same arithmetic.
public protocol GraphScalar: Sendable {
    init(_ constant: Double)
    /// The real value carried, without derivative or imaginary parts.
    var primal: Double { get }
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
    /// `f(x)` for the network's elementary functions.
    static func apply(_ f: ElementaryFunction, to x: Self) -> Self
    /// `base ^ exponent` for a non-integer or non-constant exponent: `exp(exponent * log(base))`.
    static func power(_ base: Self, _ exponent: Self) -> Self
}

extension GraphScalar {
    /// `self ^ n` by repeated squaring, exact in sign for negative bases.
    public func integerPower(_ n: Int) -> Self {
        if n < 0 { return Self(1) / integerPower(-n) }
        var result = Self(1), base = self, k = n
        while k > 0 {
            if k & 1 == 1 { result = result * base }
            k >>= 1
            if k > 0 { base = base * base }
        }
        return result
    }
}

extension Double: GraphScalar {
    public var primal: Double { self }

    public static func apply(_ f: ElementaryFunction, to x: Double) -> Double {
        switch f {
        case .exp: return Foundation.exp(x)
        case .log: return NaturalLogarithm.log(x)
        case .sigmoid: return sigmoid(x)
        case .tanh: return Foundation.tanh(x)
        case .relu: return x > 0 ? x : 0
        case .softplus: return softplus(x)
        case .abs: return Swift.abs(x)
        case .sqrt: return x.squareRoot()
        }
    }

    public static func power(_ base: Double, _ exponent: Double) -> Double { Foundation.pow(base, exponent) }

    /// `1 / (1 + e^-x)`, accurate to about 1 ulp in both tails (no overflow
    /// for large |x|: the smaller of `e^x`, `e^-x` is the one computed).
    @inlinable public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }

    /// `log(1 + e^x)` without overflow: `max(x, 0) + log1p(e^-|x|)`.
    @inlinable public static func softplus(_ x: Double) -> Double {
        Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
    }
}
