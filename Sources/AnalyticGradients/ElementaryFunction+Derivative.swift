import Foundation
import NetworkModel

extension ElementaryFunction {
    /// `f'(x)`, the derivative of the function at `x`, in `Double`.
    ///
    /// **Edge cases:** at the kink of `relu` and `abs` (x = 0) the derivative
    /// does not exist; this returns 0 there (the subgradient most frameworks
    /// use). Callers that must tell a kink from a smooth point ask
    /// ``ElementaryFunction/hasKink`` and check the argument themselves.
    /// `sigmoid'` is computed as `s(x) s(-x)` and `tanh'` as `1/cosh²(x)`, so
    /// both stay accurate to a few ulps where the function saturates (the
    /// textbook forms `s(1 - s)` and `1 - t²` lose about `|x|/ln 10` digits).
    @inlinable
    public func derivative(at x: Double) -> Double {
        switch self {
        case .exp: return Foundation.exp(x)
        case .log: return 1 / x
        case .sigmoid:
            // s(x)(1 - s(x)) = s(x) s(-x): the second form has no cancellation.
            return Double.sigmoid(x) * Double.sigmoid(-x)
        case .tanh:
            // 1 - tanh² cancels for large |x|; 1/cosh² does not (and is 0 where cosh overflows).
            let c = Foundation.cosh(x)
            return 1 / (c * c)
        case .relu: return x > 0 ? 1 : 0
        case .softplus: return Double.sigmoid(x)
        case .abs: return x > 0 ? 1 : (x < 0 ? -1 : 0)
        case .sqrt: return 1 / (2 * x.squareRoot())
        }
    }
}
