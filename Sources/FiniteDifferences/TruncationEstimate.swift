/// The truncation error of a difference formula of order `p`, estimated from
/// its values at three steps `h`, `ρh`, `ρ²h` (`ρ = 2` for the stencils), and
/// whether that estimate can be trusted.
///
/// In the asymptotic regime `D(h) = f'(x) + c h^p + …`, so the successive differences
/// ```
/// d1 = D(h)  - D(ρh)   ≈ c h^p (1 - ρ^p)
/// d2 = D(ρh) - D(ρ²h)  ≈ ρ^p d1
/// ```
/// and `|D(h) - f'(x)| ≈ |d1| / (ρ^p - 1)` (the classic Richardson estimate).
/// That formula is only worth something when the step is in that regime, so
/// the measured ratio `r = d2 / d1` is checked first (as numdifftools and
/// FiniteDifferences.jl check convergence):
///
/// | situation | meaning | result |
/// |---|---|---|
/// | `|d1|`, `|d2|` within their rounding noise | truncation too small to see | trusted, `|d1| / (ρ^p - 1)` |
/// | `|d1|` in the noise, `|d2| <= ρ^(p+2) (|d1| + noise)` | consistent with `d1 = d2/r` | trusted, `|d2| / (r_lo (r_lo - 1))` at worst |
/// | `r` in `[ρ^p/√2, ρ^(p+2)]` | the error shrinks like `h^p` (or faster) | trusted, `|d1| / (min(r, ρ^p) - 1)` |
/// | otherwise | not asymptotic | **not trusted** |
///
/// Not asymptotic means, e.g., `r ≈ 1/2`, where the function changes on a
/// scale far below `h` (a sigmoid of `x w` with `|x| = 1e308`: the stencil
/// sees two saturated plateaus and `D(h) ∝ 1/h`); `r < 0`, the error changes
/// sign between steps; or `r` far above `ρ^(p+2)`, `d1` vanishing by
/// coincidence. The error `|d1| / (ρ^p - 1)` is still reported, but a verdict
/// must not rest on it.
///
/// The noise of each difference is the sum of the rounding errors of the two
/// values in it (each already a bound, see ``DerivativeEstimate/roundingError``).
public struct TruncationEstimate: Sendable, Equatable {
    /// Estimate of `|D(h) - f'(x)|` from truncation, absolute.
    public var error: Double
    /// Why the estimate cannot be trusted, or `nil` if it can.
    public var doubt: String?

    /// From `D(h)`, `D(ρh)`, `D(ρ²h)` and the rounding error of each.
    ///
    /// - Parameters:
    ///   - values: `(D(h), D(ρh), D(ρ²h))`.
    ///   - rounding: a bound on the rounding error of each of the three values.
    ///   - order: `p`, the order of the formula's truncation error.
    ///   - ratio: `ρ`, the factor between successive steps (> 1).
    public static func fromSuccessiveSteps(
        _ values: (Double, Double, Double), rounding: (Double, Double, Double), order p: Int, ratio: Double = 2
    ) -> TruncationEstimate {
        let (a, b, c) = values
        let d1 = a - b, d2 = b - c
        let gain = pow(ratio, p)
        let nominal = Swift.abs(d1) / (gain - 1)
        guard d1.isFinite, d2.isFinite else {
            return TruncationEstimate(error: .infinity, doubt: "the difference is not finite at every step")
        }
        let n1 = rounding.0 + rounding.1, n2 = rounding.1 + rounding.2
        let low = gain / 2.0.squareRoot(), high = gain * ratio * ratio
        if Swift.abs(d1) <= n1 {
            if Swift.abs(d2) <= n2 { return TruncationEstimate(error: nominal, doubt: nil) }
            if Swift.abs(d2) <= high * (Swift.abs(d1) + n1) {
                return TruncationEstimate(error: Swift.max(nominal, Swift.abs(d2) / (low * (low - 1))), doubt: nil)
            }
            return TruncationEstimate(error: nominal, doubt: doubt(ratio: d2 / d1, expected: gain))
        }
        let r = d2 / d1
        if r >= low, r <= high {
            return TruncationEstimate(error: Swift.abs(d1) / (Swift.min(r, gain) - 1), doubt: nil)
        }
        return TruncationEstimate(error: nominal, doubt: doubt(ratio: r, expected: gain))
    }

    /// `pow` for a small integer exponent, exact for powers of two.
    static func pow(_ base: Double, _ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { r, _ in r * base }
    }

    static func doubt(ratio r: Double, expected: Double) -> String {
        let measured = r.isFinite ? shortRatio(r) : "unbounded"
        return "not in the asymptotic regime: successive differences shrink by a factor of \(measured) as the step halves, not about \(shortRatio(expected)), "
            + "so the step is too large (or too small) for this formula here"
    }

    static func shortRatio(_ r: Double) -> String {
        let rounded = (r * 100).rounded() / 100
        return rounded == rounded.rounded() && Swift.abs(rounded) < 1e6 ? String(Int(rounded)) : "\(rounded)"
    }
}
