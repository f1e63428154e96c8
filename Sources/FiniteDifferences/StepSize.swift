import Foundation

/// Step-size factors derived from machine epsilon, and the representable step.
///
/// A difference formula of order `p` has truncation error `C1 h^p` and
/// rounding error `C2 eps |f| / h`; the sum is smallest near
/// `h ∝ eps^(1/(p+1))`, where both are about `eps^(p/(p+1))`. The factors
/// below are those powers of `eps = Double.ulpOfOne`; a method's step is the
/// factor times the variable's scale `max(1, |x|)` (see
/// ``FiniteDifferenceMethod/defaultStep(at:)``).
public enum StepSize {
    /// `sqrt(eps) ≈ 1.49e-8`, for the first-order forward and backward differences.
    public static let firstOrder = Double.ulpOfOne.squareRoot()
    /// `cbrt(eps) ≈ 6.06e-6`, for second-order central differences.
    public static let secondOrder = Foundation.cbrt(Double.ulpOfOne)
    /// `eps^(1/5) ≈ 7.40e-4`, for the fourth-order five-point stencil.
    public static let fourthOrder = Foundation.pow(Double.ulpOfOne, 0.2)
    /// `1e-20` for complex step: there is no subtraction, so no rounding
    /// error grows as `h` shrinks; the truncation error `h² |f'''| / 6` is
    /// then far below one ulp of any derivative that is not itself tiny.
    public static let complexStep = 1e-20

    /// The step actually taken when `x + h` is rounded to a `Double`:
    /// `(x + h) - x`, which is exact (Sterbenz). Dividing by this rather than
    /// by `h` removes the representation error of `x + h` from the estimate.
    /// Returns `h` itself when the rounded step would be zero (`h` below half
    /// an ulp of `x`), so callers never divide by zero, and when `x + h`
    /// overflows (`|x|` near `Double.greatestFiniteMagnitude`), so a step is
    /// never infinite: halving an infinite step never makes it smaller.
    @inlinable public static func representable(_ h: Double, at x: Double) -> Double {
        let r = (x + h) - x
        return r == 0 || !r.isFinite ? h : r
    }
}
