import FiniteDifferences
import Foundation

/// Steps, noise floor and default tolerance for a function computed in a
/// floating-point type `T`, derived from `T`'s epsilon.
///
/// The finite differences themselves are FiniteDifferences' (same stencils,
/// same Richardson tableau, same error estimates); this type only rescales
/// their `Double` policy to `T`:
/// ```
/// eps     = max(T.ulpOfOne, Double.ulpOfOne)      (Float: 1.19e-7; Double, Float80: 2.2e-16)
/// ratio   = eps / Double.ulpOfOne                 (Float: 2^29; Double: 1)
/// step    = Double's default step · ratio^(1/(p+1)) for a stencil of order p
///           (= eps^(1/(p+1)) · scale, the step that balances rounding and truncation)
/// noise   = 10 · eps · |f|   (a floor for the rounding noise of one value of f, when eps > Double's)
/// rtol, atol = Double's defaults · ratio^(1/3)    (Float: rtol 8.1e-3, atol 8.1e-5)
/// ```
/// The user's function is evaluated in `T` (points are formed in `Double`
/// and rounded once to `T`); its values are converted to `Double` and
/// differenced, projected and accumulated in `Double`, so the check adds no
/// rounding of its own at `T`'s precision. A type finer than `Double`
/// (`Float80`) is checked at `Double`'s precision.
///
/// Why `ratio^(1/3)` for the tolerance: `Double`'s `rtol = 1e-5` sits
/// near `cbrt(eps)`, the relative accuracy of a central difference at its
/// best step is `eps^(2/3)`, so the same placement for `Float` keeps the
/// tolerance above what central differences can resolve (`2.4e-5`) with two
/// orders of margin, and still far below a dropped factor (relative 0.5 or more).
package struct CheckPrecision: Sendable, Equatable {
    /// The epsilon the check works with.
    package var epsilon: Double

    package init<T: BinaryFloatingPoint>(_: T.Type) {
        epsilon = Swift.max(Double(T.ulpOfOne), Double.ulpOfOne)
    }

    package static let double = CheckPrecision(Double.self)

    /// `epsilon / Double.ulpOfOne`, at least 1.
    package var ratio: Double { epsilon / Double.ulpOfOne }

    /// The default step for `method` on a variable of size `scale`
    /// (`max(1, scale)` is used), rounded down to a power of two so that a
    /// step of `±k h` on a `Double` coordinate is exact.
    package func step(for method: FiniteDifferenceMethod, scale: Double) -> Double {
        var h = method.defaultStep(at: scale)
        switch method {
        case .forward, .backward: h *= Foundation.pow(ratio, 1.0 / 2)
        case .central: h *= Foundation.pow(ratio, 1.0 / 3)
        case .fivePoint: h *= Foundation.pow(ratio, 1.0 / 5)
        case .richardson, .complexStep: break
        }
        return Double(sign: .plus, exponent: h.exponent, significand: 1)
    }

    /// A floor for the absolute rounding noise of one value of size `magnitude`
    /// computed in `T`: `10 eps |f|` for types coarser than `Double`, 0 for
    /// `Double` (FiniteDifferences already assumes `10 eps |f|` there).
    package func noiseFloor(magnitude: Double) -> Double {
        ratio > 1 ? RoundingModel.relativeNoise * ratio * magnitude : 0
    }

    /// ``Tolerance/default`` rescaled to this precision (see the type's documentation).
    package var defaultTolerance: Tolerance {
        let scale = Foundation.cbrt(ratio)
        return Tolerance(atol: Tolerance.default.atol * scale, rtol: Tolerance.default.rtol * scale,
                         widening: Tolerance.default.widening)
    }
}

extension Tolerance {
    /// The default tolerance for functions computed in `T`: ``Tolerance/default``
    /// for `Double`, rtol 8.1e-3 and atol 8.1e-5 for `Float` (scaled by
    /// `(eps_T / eps_Double)^(1/3)`; see the README's library section).
    public static func `default`<T: BinaryFloatingPoint>(for type: T.Type) -> Tolerance {
        CheckPrecision(type).defaultTolerance
    }
}
