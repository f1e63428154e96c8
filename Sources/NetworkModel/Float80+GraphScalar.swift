#if arch(x86_64) || arch(i386)
import Foundation

/// x87 extended precision (64-bit significand, eps = 2^-63 ≈ 1.1e-19).
///
/// Used to evaluate the exam's closed forms, whose factors `a(1 - a)` lose
/// about `log10(1/(1 - a))` digits to cancellation when a sigmoid saturates:
/// the 11 extra bits keep the result accurate to double precision for
/// |z| up to about 12 (a = 1 - 6e-6).
extension Float80: GraphScalar {
    public var primal: Double { Double(self) }

    public static func apply(_ f: ElementaryFunction, to x: Float80) -> Float80 {
        switch f {
        case .exp: return Foundation.exp(x)
        case .log: return Foundation.log(x)
        case .sigmoid:
            if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
            let e = Foundation.exp(x)
            return e / (1 + e)
        case .tanh: return Foundation.tanh(x)
        case .relu: return x > 0 ? x : 0
        case .softplus: return Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
        case .abs: return Swift.abs(x)
        case .sqrt: return x.squareRoot()
        }
    }

    public static func power(_ base: Float80, _ exponent: Float80) -> Float80 { Foundation.pow(base, exponent) }
}
#endif
