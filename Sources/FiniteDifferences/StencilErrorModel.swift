/// The one error model of central and five-point differences of a loss, shared by
/// `gradcheck check` (on a network, ``LossFunction``) and `gradcheck sweep` (both
/// compiled and broadcast evaluators), so that both give the same estimate, the same
/// error estimate and so the same verdict at the same point: pure scalar functions of
/// the stencil's loss values, its points and a bound `e_L` on the rounding error of
/// one loss value.
///
/// ```
/// central     D(h)  = (L(w₊) - L(w₋)) / (w₊ - w₋)                      w± = w ± h
/// five-point  D5(h) = (8 (L(w+h) - L(w-h)) - (L(w+2h) - L(w-2h))) / 12h
/// error       = rounding + truncation
/// rounding    = e_L · 2 / (w₊ - w₋)          (central)
///             = e_L · 1.5 / h                (five-point: Σ|c_i| = 1.5)
/// ```
/// `e_L` is, for a network, ``RoundingErrorBound``'s `K eps Σ |∂L/∂v| |v|` from the
/// reverse sweep's adjoints (``RoundingErrorBound/lossError(adjoints:values:)``),
/// in the loss's units; the error estimate is in the loss's units per unit of `w`.
///
/// **Truncation.** Both estimates use the central differences at the step and at
/// twice it, `D(h)` and `D(2h)`, whose errors are `e(h) = c h² + O(h⁴)` and `e(2h) ≈ 4 e(h)`:
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
/// (``resolvedSpread``; in the asymptotic regime: a central truncation error above 8%) — and,
/// for five-point, whose step is a hundred times larger, also when the
/// second differences do not scale as `h²` to within a quarter — the
/// truncation error is infinite (``unresolved``): the point is inconclusive unless it agrees
/// within `atol + rtol |estimate|` (with `--widening 0`, the plain test, a
/// mismatch as before). `check` reports that as the estimate's doubt.
///
/// **Five-point, asymptotic regime.** Those two tests are not enough for
/// five-point: its step, `eps^(1/5) max(1, |w|)`, moves `z1 = x w1` by about
/// 1 per step when `|x| ≈ 1e3` and `w1 ≈ 1e-3`, and there `D(h)` and `D(2h)`
/// can agree within 2% while `D5(h)` is off by 3%, 1.5 times its estimate
/// (the sweep honesty harness measured 17 such false mismatches in 25,000
/// random points, `SweepHonestyHarnessTests`). So the model also takes
/// `L(w ± 4h)` and requires the central differences `D(h)`, `D(2h)`, `D(4h)`
/// to converge as `h²` — successive differences shrinking by a factor in
/// `[4/√2, 16]`, or lost in their rounding noise — by ``TruncationEstimate``'s rule;
/// else the truncation error is infinite. And since `D(h) - D(2h)` can nearly cancel (the
/// `h²` term small: ratio near 16, measured at x = 1484.67, w1 = -1.05e-3:
/// estimate 3.7e-3, error 4.3e-3), the estimate is the larger of
/// `|D5(h) - D(2h)|` and `|D5(h) - D5(2h)|`, `D5(2h) = (4 D(2h) - D(4h)) / 3`.
/// Six losses per parameter, besides `L(w)`.
///
/// **Kinks.** Where a `relu`/`abs` argument is 0 at `w` or changes sign between `w`
/// and `w ± h` (five-point: also `w ± 2h`), the stencil straddles a kink and the
/// point is judged on the one-sided slopes (``centralSlopes(loss:plus:minus:points:_:_:)``,
/// ``fivePointSlopes(loss:plus:minus:step:)``)
/// (``Verdict/judgeStraddle`` in `GradientCheck`), with the error estimate above.
///
/// Every function is scalar, `@inlinable` and allocation-free: the compiled sweep calls
/// them once per point and parameter. The order of the floating-point operations is
/// part of the contract (summaries are compared bit for bit across evaluators and
/// against `check`).
public enum StencilErrorModel {
    /// An estimate of `∂L/∂w` with its error estimate, both in the loss's units per unit of `w`.
    public struct Estimate: Sendable, Equatable {
        /// The finite-difference estimate.
        public var value: Double
        /// `e_L` times the stencil's gain.
        public var roundingError: Double
        /// The truncation estimate; infinite where the stencil is not resolved.
        public var truncationError: Double

        @inlinable public init(value: Double, roundingError: Double, truncationError: Double) {
            self.value = value
            self.roundingError = roundingError
            self.truncationError = truncationError
        }

        /// `roundingError + truncationError`: the error estimate the verdict widens the tolerance by.
        @inlinable public var error: Double { roundingError + truncationError }
        /// Whether the stencil is resolved (the truncation error is finite).
        @inlinable public var isResolved: Bool { truncationError.isFinite }
    }

    /// The largest relative disagreement `|D(h) - D(2h)| / |D(h)|` of a resolved stencil.
    @inlinable public static var resolvedSpread: Double { 0.25 }

    /// Why an unresolved stencil's error estimate is not trusted (`check` reports it as the doubt).
    public static let unresolved = "not in the asymptotic regime: the stencil is not resolved (D(h) and D(2h) differ by more than a quarter, "
        + "or (five-point) the second differences do not scale as h² or D(h), D(2h), D(4h) do not converge as h², "
        + "so the step is not small against the scale on which the loss changes here)"

    /// The multiples `k` of the step at which a method evaluates the loss, `w + k h`, besides `w`:
    /// central `1, -1, 2, -2`; five-point `1, -1, 2, -2, 4, -4`.
    ///
    /// Not `@inlinable`, and the arrays are stored constants, not literals in the body: an
    /// `@inlinable` function holding two constant array literals is a miscompile in release
    /// builds (Swift 6.3). Each module that inlines it outlines the literals as static objects
    /// named `…multiples…Tv_` and `…Tv0_`, numbered in its own order, and the linker keeps one
    /// definition of each name, so `check --method five-point` and the compiled five-point
    /// sweep got the central multiples (4 losses, then `losses[4]`: a crash) and central
    /// the five-point ones. `NetworkStencilTests` pins the values through another module (in a
    /// release test run); `make release-check` (run by CI) compares the release build's output
    /// with the debug build's on every network and method.
    public static func multiples(_ method: FiniteDifferenceMethod) -> [Double] {
        method == .fivePoint ? fivePointMultiples : centralMultiples
    }

    /// ``multiples(_:)`` of central differences.
    public static let centralMultiples: [Double] = [1, -1, 2, -2]
    /// ``multiples(_:)`` of five-point differences.
    public static let fivePointMultiples: [Double] = [1, -1, 2, -2, 4, -4]

    /// The multiples at which a kink argument's sign is watched (``StencilErrorModel``, Kinks):
    /// central `±1`, five-point `±1, ±2`.
    @inlinable public static func watched(_ k: Double, _ method: FiniteDifferenceMethod) -> Bool {
        Swift.abs(k) == 1 || (method == .fivePoint && Swift.abs(k) == 2)
    }

    /// Central differences from the losses `plus` = `L(w₊)`, `minus` = `L(w₋)` at the points
    /// `w₊ = w + h`, `w₋ = w - h`, and `widePlus`, `wideMinus` at `w ± 2h`; `lossError` is `e_L`.
    @inlinable @inline(__always)
    public static func central(
        plus: Double, minus: Double, widePlus: Double, wideMinus: Double,
        points wp: Double, _ wm: Double, _ wp2: Double, _ wm2: Double, lossError: Double
    ) -> Estimate {
        let value = (plus - minus) / (wp - wm)
        let wide = (widePlus - wideMinus) / (wp2 - wm2)
        return Estimate(value: value, roundingError: lossError * (2 / (wp - wm)), truncationError: centralTruncation(value, wide))
    }

    /// Five-point differences from the losses `loss` = `L(w)` and `L(w ± h)`, `L(w ± 2h)`,
    /// `L(w ± 4h)` (`plus`, `minus`: at `h`, `2h`, `4h`), the step `h` and `lossError` = `e_L`.
    @inlinable @inline(__always)
    public static func fivePoint(
        loss l: Double, plus: (Double, Double, Double), minus: (Double, Double, Double), step h: Double, lossError: Double
    ) -> Estimate {
        let near: Double = plus.0 - minus.0, far: Double = plus.1 - minus.1
        let value = (8 * near - far) / (12 * h)
        let truncation = fivePointTruncation(
            value, narrow: near / (2 * h), wide: far / (4 * h), widest: (plus.2 - minus.2) / (8 * h),
            noise: lossError / h, curvature: (plus.0 - l) + (minus.0 - l), wideCurvature: (plus.1 - l) + (minus.1 - l))
        return Estimate(value: value, roundingError: lossError * (1.5 / h), truncationError: truncation)
    }

    /// The one-sided slopes `(L(w) - L(w₋)) / (w - w₋)` and `(L(w₊) - L(w)) / (w₊ - w)` of a central
    /// stencil that straddles a kink, from `loss` = `L(w)`, `plus` = `L(w₊)`, `minus` = `L(w₋)`
    /// (divided by the steps taken).
    @inlinable @inline(__always)
    public static func centralSlopes(
        loss l: Double, plus: Double, minus: Double, points w: Double, _ wp: Double, _ wm: Double
    ) -> (left: Double, right: Double) {
        ((l - minus) / (w - wm), (plus - l) / (wp - w))
    }

    /// The one-sided slopes `(L(w) - L(w - h)) / h` and `(L(w + h) - L(w)) / h` of a five-point
    /// stencil that straddles a kink.
    @inlinable @inline(__always)
    public static func fivePointSlopes(loss l: Double, plus: Double, minus: Double, step h: Double) -> (left: Double, right: Double) {
        ((l - minus) / h, (plus - l) / h)
    }

    /// The central truncation estimate from `narrow` = D(h), `wide` = D(2h): `|D(h) - D(2h)|`,
    /// infinite when that exceeds ``resolvedSpread`` `|D(h)|`.
    @inlinable @inline(__always)
    public static func centralTruncation(_ narrow: Double, _ wide: Double) -> Double {
        let spread = Swift.abs(narrow - wide)
        return spread <= resolvedSpread * Swift.abs(narrow) ? spread : .infinity
    }

    /// For the five-point estimate `value` = (4 D(h) - D(2h)) / 3 (`narrow` = D(h), `wide` = D(2h),
    /// `widest` = D(4h)), given also the second differences `S(h) = L(w+h) - 2L(w) + L(w-h)` and `S(2h)`
    /// (`curvature`, `wideCurvature`) and `noise`, a bound on the rounding error of `D(h)`
    /// (that of `D(2h)` is half of it, of `D(4h)` a quarter): a resolved stencil has `S(2h) ≈ 4 S(h)`
    /// as well, to within a quarter, and `D(h)`, `D(2h)`, `D(4h)` in the asymptotic regime.
    @inlinable @inline(__always)
    public static func fivePointTruncation(
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
