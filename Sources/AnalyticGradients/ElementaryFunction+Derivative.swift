import Foundation
import NetworkModel

extension ElementaryFunction {
    /// `f'(x)`, the derivative of the function at `x`, in `Double`.
    ///
    /// **Edge cases:** at the kink of `relu` and `abs` (x = 0) the derivative
    /// does not exist; this returns 0 there (the subgradient most frameworks
    /// use). Callers that must tell a kink from a smooth point ask
    /// ``ElementaryFunction/hasKink`` and check the argument themselves.
    /// `sigmoid'` is computed as `s(1 - s)` from the stably evaluated `s`, so
    /// it is accurate to a few ulps even where the sigmoid saturates.
    @inlinable
    public func derivative(at x: Double) -> Double {
        switch self {
        case .exp: return Foundation.exp(x)
        case .log: return 1 / x
        case .sigmoid:
            let s = Double.sigmoid(x)
            return s * (1 - s)
        case .tanh:
            let t = Foundation.tanh(x)
            return 1 - t * t
        case .relu: return x > 0 ? 1 : 0
        case .softplus: return Double.sigmoid(x)
        case .abs: return x > 0 ? 1 : (x < 0 ? -1 : 0)
        case .sqrt: return 1 / (2 * x.squareRoot())
        }
    }
}
