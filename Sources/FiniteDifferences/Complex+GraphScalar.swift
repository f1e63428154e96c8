import ComplexModule
import RealModule
import Foundation
import NetworkModel

/// Complex numbers as a network scalar, for complex-step differentiation.
///
/// Every function is the analytic continuation of its real version, written
/// so that the tiny imaginary part of `x + ih` (h ≈ 1e-20) keeps full
/// relative accuracy: no formula subtracts two quantities of size `h`
/// unless the derivative itself cancels.
///
/// **Edge cases:**
/// - `log` and `sqrt` of a number with negative real part, where the real
///   function is undefined, give NaN (not the complex principal value, whose
///   imaginary part `π` would read as a huge derivative).
/// - `relu` and `abs` are not analytic. They are extended as `relu(z) =
///   Re z > 0 ? z : 0` and `abs(z) = Re z < 0 ? -z : z`, which carry the
///   right one-sided derivative away from the kink; callers refuse complex
///   step through them anyway (``ComplexStep/refusal(for:in:)``), because at
///   the kink the result is meaningless.
extension Complex: GraphScalar where RealType == Double {
    @inlinable public var primal: Double { real }

    public static func apply(_ f: ElementaryFunction, to z: Complex<Double>) -> Complex<Double> {
        // A value that does not depend on the perturbed variable has imaginary
        // part exactly 0: it is the real evaluation's value, finite or not, and
        // so is f of it. swift-numerics makes every non-finite complex number
        // one point at infinity (its `real` reads as NaN), so sigmoid(x w1)
        // with x w1 = +inf came out 0, not 1, and ∂Loss/∂w2 as 0 where the
        // real loss is perfectly finite.
        let (x, y) = z.rawStorage
        if y == 0 { return Complex(Double.apply(f, to: x), 0) }
        let w = continuation(f, z)
        // Re f(x + iy) = f(x) - y² f''(x)/2 + …: for the tiny y of complex
        // step the real part *is* f(x), and the correctly rounded real
        // function gives it bitwise as the real evaluation does. A last-bit
        // difference here would otherwise be amplified by a later
        // cancellation such as `a2 - y` with `a2` near 1.
        if Swift.abs(z.imaginary) <= tinyImaginary * Swift.max(1, Swift.abs(z.real)), z.real.isFinite {
            return Complex(Double.apply(f, to: z.real), w.imaginary)
        }
        return w
    }

    /// `|Im z|` below this times `max(1, |Re z|)` counts as a complex-step
    /// perturbation: `y² < 1e-30` relative, far below an ulp. Large enough
    /// that complex step's four steps (`h/2 … 4h`, `h = 2^-67 max(1, |x|)`)
    /// stay below it after multiplying by inputs up to 1e4 (an imaginary part
    /// that crossed it at `4h` only took the real part from the complex
    /// continuation, an ulp away, and a cross-entropy `log(1 - a2)` with
    /// `a2` an ulp below 1 turned that ulp into a different derivative).
    @usableFromInline static var tinyImaginary: Double { 1e-15 }

    /// The analytic continuation of `f` (or the extension of relu and abs).
    static func continuation(_ f: ElementaryFunction, _ z: Complex<Double>) -> Complex<Double> {
        switch f {
        case .exp: return .exp(z)
        case .log: return z.real < 0 ? Complex(.nan, .nan) : .log(z)
        case .sigmoid: return sigmoid(z)
        case .tanh: return tanh(z)
        case .relu: return z.real > 0 ? z : .zero
        case .softplus: return softplus(z)
        case .abs: return z.real < 0 ? -z : z
        case .sqrt: return z.real < 0 ? Complex(.nan, .nan) : .sqrt(z)
        }
    }

    public static func power(_ base: Complex<Double>, _ exponent: Complex<Double>) -> Complex<Double> {
        if base.real < 0 {
            // The real pow of a negative base is defined only for integer exponents;
            // constant integer exponents never reach here (they are `integerPower`).
            return Complex(.nan, .nan)
        }
        return .exp(exponent * .log(base))
    }

    /// `1 / (1 + e^-z)`, computed from `e^-|Re z|`-sized terms so neither
    /// tail overflows: `e^z / (1 + e^z)` for `Re z < 0`.
    @inlinable static func sigmoid(_ z: Complex<Double>) -> Complex<Double> {
        if z.real >= 0 { return Complex(1, 0) / (Complex(1, 0) + .exp(-z)) }
        let e = Complex.exp(z)
        return e / (Complex(1, 0) + e)
    }

    /// `log(1 + e^z)`, as `z + log(1 + e^-z)` for `Re z > 0` (no overflow).
    @inlinable static func softplus(_ z: Complex<Double>) -> Complex<Double> {
        if z.real > 0 { return z + .log(onePlus: .exp(-z)) }
        return .log(onePlus: .exp(z))
    }

    /// `tanh(x + iy)` with `t = e^(-2|x|)`:
    /// ```
    /// tanh(x + iy) = (sign(x) (1 - t²) + i 2t sin(2y)) / (1 + t² + 2t cos(2y))
    /// ```
    /// `1 - t²` is `-expm1(-4|x|)`, so small `|x|` loses nothing, and the
    /// imaginary part stays accurate (about `4t y`) however large `|x|` is;
    /// swift-numerics' `tanh` returns exactly `±1` for `|x| > 36`, losing
    /// derivatives of order `e^-72` that the other methods still see.
    @inlinable static func tanh(_ z: Complex<Double>) -> Complex<Double> {
        let ax = Swift.abs(z.real)
        let t = Foundation.exp(-2 * ax)
        let denominator = 1 + t * t + 2 * t * Foundation.cos(2 * z.imaginary)
        let re = -Foundation.expm1(-4 * ax) / denominator
        let im = 2 * t * Foundation.sin(2 * z.imaginary) / denominator
        return Complex(z.real < 0 ? -re : re, im)
    }
}
