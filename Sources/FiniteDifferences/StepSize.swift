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

    /// The step `method` takes at `x`: the one step-size policy of gradcheck,
    /// shared by `check` and `sweep` so both take the same step at the same point.
    ///
    /// 1. `defaultStep(at: x)`: the method's factor times `max(1, |x|)`
    ///    (`sqrt(eps)`, `cbrt(eps)`, `eps^(1/5)`, `0.1` for Richardson's first
    ///    step, `1e-20` for complex step);
    /// 2. rounded down to a power of two, so every stencil point `x + k h` is an
    ///    exact `Double` for `|x| >= 4h`, and dividing by `h` is exact;
    /// 3. halved (by powers of two) until the farthest real stencil point
    ///    `|x| + reach(of: method) · h` is finite (only near `±1.8e308`).
    ///
    /// A pure function of `(method, x)`: a few floating-point operations, no
    /// allocation. At `w = 0.3` central takes `2^-18 ≈ 3.8e-6`.
    /// At a non-finite `x` (a sweep's axis may hold one) the step is the factor times `x`
    /// itself, not finite, so the point's estimate is not finite either (and the halving
    /// below, which an infinite `h` never ends, is not entered).
    @inlinable public static func step(for method: FiniteDifferenceMethod, at x: Double) -> Double {
        guard x.isFinite else { return method.defaultStep(at: x) }
        var h = Double(sign: .plus, exponent: method.defaultStep(at: x).exponent, significand: 1)
        let k = reach(of: method)
        while k > 0, !(Swift.abs(x) + k * h).isFinite, h > Double.leastNormalMagnitude { h /= 2 }
        return representable(h, at: x)
    }

    /// The largest multiple of the step by which `method` moves `x` along the
    /// real axis (its error check evaluates `D(h)`, `D(2h)` and `D(4h)`):
    /// 4 for forward, backward and central, 8 for five-point, 1 for
    /// Richardson (its first step is the largest), 0 for complex step
    /// (which moves `x` along the imaginary axis only).
    @inlinable public static func reach(of method: FiniteDifferenceMethod) -> Double {
        switch method {
        case .forward, .backward, .central: return 4
        case .fivePoint: return 8
        case .richardson: return 1
        case .complexStep: return 0
        }
    }

    /// `2^52`: a step whose farthest stencil point `k h` (``reach(of:)``; 4
    /// for complex step's imaginary part) is this many times the variable's
    /// scale `max(1, |x|)` or more moves `x` so far that `x + k h` no longer
    /// holds `x` at all (`x` is below one ulp of `k h`): refused.
    public static let largestRelativeReach = 0x1p52

    /// Why `h` cannot be used as `method`'s step at `x`, or `nil` if it can.
    ///
    /// Refused: `h` NaN, infinite or `<= 0`; a farthest stencil point
    /// `x ± reach · h` that is not a finite `Double`; `max(reach, 4) · h >=
    /// 2^52 · max(1, |x|)` (``largestRelativeReach``: `x` is lost in `x + reach · h`);
    /// for the real methods, `h` below half an ulp of `x` (`x + h == x`, no
    /// step at all); for complex step, `h` below the smallest normal `Double`
    /// (`Im f(x + ih)` would underflow). The message calls the variable `variable`.
    public static func refusal(
        _ h: Double, for method: FiniteDifferenceMethod, at x: Double, variable v: String = "x"
    ) -> String? {
        guard h.isFinite, h > 0 else { return "a step must be a finite number > 0" }
        let k = reach(of: method), far = Swift.max(k, 4)
        if k > 0, !(Swift.abs(x) + k * h).isFinite {
            return "\(method.name) evaluates at \(v) ± \(Int(k))·h, which overflows"
        }
        if far * h >= largestRelativeReach * Swift.max(1, Swift.abs(x)) {
            return "\(method.name) evaluates \(Int(far))·h away from \(v), and \(Int(far))·h >= 2^52·max(1, |\(v)|), "
                + "so \(v) is lost in the rounding of \(v) + \(Int(far))·h"
        }
        if method == .complexStep {
            if h < Double.leastNormalMagnitude { return "Im f(\(v) + ih) would underflow (the step is below the smallest normal Double)" }
        } else if (x + h) - x == 0 {
            return "the step is below half an ulp of \(v) (\(x.ulp)), so \(v) + h == \(v)"
        }
        return nil
    }

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
