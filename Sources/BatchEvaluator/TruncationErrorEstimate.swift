import FiniteDifferences

/// The truncation error of the sweep's stencils, estimated from the stencil
/// itself (as `FiniteDifferences.DifferenceStencil` and Richardson do in
/// `gradcheck check`) and added to the rounding bound (``RoundingErrorBound``)
/// to make a point's error estimate.
///
/// Both estimates use the central differences at the step and at twice it,
/// `D(h) = (L(w+h) - L(w-h)) / 2h` and `D(2h)`, whose errors are
/// `e(h) = c h² + O(h⁴)` and `e(2h) ≈ 4 e(h)`:
///
/// - **central**, `D(h)`: `|D(h) - D(2h)|`. It bounds `|e(h)|` whenever
///   doubling the step at least doubles the error (`e(2h) = k e(h)`, `k >= 2`,
///   same sign), not only in the asymptotic regime `k = 4` where the classic
///   Richardson estimate `|D(h) - D(2h)| / 3` is exact; that one let 1 of
///   20,000 correct gradients through as a mismatch (test `TruncationError`).
///   It costs the two losses at `w ± 2h` (the parameter's descendants only).
/// - **five-point**, `D5(h) = (4 D(h) - D(2h)) / 3`: `|D5(h) - D(2h)|`, from
///   the stencil's own four losses. Its error is `(4 e(h) - e(2h)) / 3`, and
///   `|D5 - D(2h)| = (4/3) |e(h) - e(2h)|` bounds it whenever `k >= 1.6`.
///
/// **Unresolved stencils.** Where the step is not small against the scale
/// on which the loss changes (a weight multiplying an input of 1e4 moves
/// `z1` by 0.06 per central step and by 7 per five-point step, through the
/// whole sigmoid), every stencil value lies on the flat tails, `D(2h) ≈ D(h)/2`,
/// and no estimate from the samples bounds the error (the five-point
/// estimate was off by 3.5 times its value). So when the two central
/// differences disagree by more than a quarter, `|D(h) - D(2h)| > |D(h)|/4`
/// (in the asymptotic regime: a central truncation error above 8%) — and,
/// for five-point, whose step is a hundred times larger, also when the
/// second differences do not scale as `h²` to within a quarter — the
/// error estimate is infinite: the point is inconclusive unless it agrees
/// within `atol + rtol |estimate|` (with `--widening 0`, the plain test, a
/// mismatch as before).
///
/// **Five-point, asymptotic regime.** Those two tests are not enough for
/// five-point: its step, `eps^(1/5) max(1, |w|)`, moves `z1 = x w1` by about
/// 1 per step when `|x| ≈ 1e3` and `w1 ≈ 1e-3`, and there `D(h)` and `D(2h)`
/// can agree within 2% while `D5(h)` is off by 3%, 1.5 times its estimate
/// (the sweep honesty harness measured 17 such false mismatches in 25,000
/// random points, `SweepHonestyHarnessTests`). So the sweep also evaluates
/// `L(w ± 4h)` and requires the central differences `D(h)`, `D(2h)`, `D(4h)`
/// to converge as `h²` — successive differences shrinking by a factor in
/// `[4/√2, 16]`, or lost in their rounding noise — by the same rule as
/// `gradcheck check` (`FiniteDifferences.TruncationEstimate`); else the
/// estimate is infinite. And since `D(h) - D(2h)` can nearly cancel (the
/// `h²` term small: ratio near 16, measured at x = 1484.67, w1 = -1.05e-3:
/// estimate 3.7e-3, error 4.3e-3), the estimate is the larger of
/// `|D5(h) - D(2h)|` and `|D5(h) - D5(2h)|`, `D5(2h) = (4 D(2h) - D(4h)) / 3`. This costs two more losses per parameter (six, not four).
enum TruncationErrorEstimate {
    /// The largest relative disagreement `|D(h) - D(2h)| / |D(h)|` of a resolved stencil.
    static let resolvedSpread = 0.25

    /// For central differences (`narrow` = D(h), `wide` = D(2h)).
    @inline(__always)
    static func central(_ narrow: Double, _ wide: Double) -> Double {
        let spread = Swift.abs(narrow - wide)
        return spread <= resolvedSpread * Swift.abs(narrow) ? spread : .infinity
    }

    /// For the five-point estimate `value` = (4 D(h) - D(2h)) / 3 (`narrow` = D(h), `wide` = D(2h),
    /// `widest` = D(4h)), given also the second differences `S(h) = L(w+h) - 2L(w) + L(w-h)` and `S(2h)`
    /// (`curvature`, `wideCurvature`) and `noise`, a bound on the rounding error of `D(h)`
    /// (that of `D(2h)` is half of it, of `D(4h)` a quarter): a resolved stencil has `S(2h) ≈ 4 S(h)`
    /// as well, to within a quarter, and `D(h)`, `D(2h)`, `D(4h)` in the asymptotic regime.
    @inline(__always)
    static func fivePoint(
        _ value: Double, narrow: Double, wide: Double, widest: Double, noise: Double, curvature: Double, wideCurvature: Double
    ) -> Double {
        let odd = Swift.abs(narrow - wide) <= resolvedSpread * Swift.abs(narrow)
        let even = Swift.abs(wideCurvature - 4 * curvature) <= resolvedSpread * Swift.abs(4 * curvature)
        guard odd, even else { return .infinity }
        let converging = TruncationEstimate.fromSuccessiveSteps(
            (narrow, wide, widest), rounding: (noise, noise / 2, noise / 4), order: 2).doubt == nil
        // D5(2h) = (4 D(2h) - D(4h)) / 3: where D(h) - D(2h) nearly cancels (the h² term small,
        // r near 16), |D5(h) - D5(2h)| still bounds the h⁴ error (by 15 times, asymptotically).
        let fivePointWide = (4 * wide - widest) / 3
        return converging ? Swift.max(Swift.abs(value - wide), Swift.abs(value - fivePointWide)) : .infinity
    }
}
