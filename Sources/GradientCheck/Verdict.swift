/// The outcome of comparing one analytic gradient component with a
/// finite-difference estimate.
public enum Verdict: Sendable, Equatable {
    /// Within `atol + rtol |estimate|`.
    case agree
    /// Further apart than the tolerance plus the estimate's error: the analytic value is wrong.
    case mismatch
    /// Outside the plain tolerance but within the estimate's error: finite
    /// differences are too inaccurate here to decide. `decidingMethod` names a
    /// more accurate method that would (e.g. complex step).
    case inconclusive(decidingMethod: String)
    /// The point sits on a kink (relu or abs at 0) or the stencil straddles
    /// one: only one-sided derivatives exist. `analyticBetween` is true when
    /// the analytic value lies between them (a valid subgradient).
    case notDifferentiable(left: Double, right: Double, analyticBetween: Bool)

    /// Whether the verdict fails a check (only a mismatch, or a kink where the
    /// analytic value is outside the one-sided derivatives).
    public var isFailure: Bool {
        switch self {
        case .mismatch: return true
        case .notDifferentiable(_, _, let between): return !between
        case .agree, .inconclusive: return false
        }
    }

    /// Stable name for machine-readable output.
    public var name: String {
        switch self {
        case .agree: return "agree"
        case .mismatch: return "mismatch"
        case .inconclusive: return "inconclusive"
        case .notDifferentiable: return "not-differentiable"
        }
    }

    /// The verdict for a smooth point: compares `analytic` with `estimate`
    /// whose error is at most about `errorEstimate`:
    /// ```
    /// estimate NaN or infinite                                           -> inconclusive
    /// |analytic - estimate| <= atol + rtol |estimate|                        -> agree
    /// errorEstimate NaN (its bound unknown)                                  -> inconclusive
    /// |analytic - estimate| <= atol + rtol |estimate| + widening · errorEst  -> inconclusive
    /// otherwise (or the analytic value NaN)                                  -> mismatch
    ///   ... unless the error estimate is not trusted (`trusted` false)       -> inconclusive
    /// ```
    /// An error estimate that is not trusted (``DerivativeEstimate/doubt``:
    /// the step is not in the asymptotic regime) can still agree, but never
    /// fail a gradient: how far the estimate is from the truth is unknown.
    /// A non-finite estimate says nothing about the analytic value: the method
    /// could not estimate here (a stencil point outside the loss's domain, as
    /// `log` of a negative number, or an intermediate value that overflows).
    public static func judge(
        analytic: Double, estimate: Double, errorEstimate: Double,
        tolerance: Tolerance = .default, decidingMethod: String = "complex-step", trusted: Bool = true
    ) -> Verdict {
        guard estimate.isFinite else { return .inconclusive(decidingMethod: decidingMethod) }
        let difference = Swift.abs(analytic - estimate)
        if difference <= tolerance.base(reference: estimate) { return .agree }
        if !trusted || errorEstimate.isNaN || difference <= tolerance.allowance(reference: estimate, errorEstimate: errorEstimate) {
            return .inconclusive(decidingMethod: decidingMethod)
        }
        return .mismatch  // also when either value is NaN
    }

    /// The verdict where a central or five-point stencil straddles a kink, given its one-sided
    /// slopes `left`, `right` and the stencil's error estimate (``StencilErrorModel``): the
    /// rule of both `check` and `sweep`. Always not differentiable; the analytic value
    /// passes when it lies in `[min(left, right), max(left, right)]` widened by
    /// `atol + rtol max(|left|, |right|) + widening · errorEstimate` (an unresolved stencil's
    /// infinite error estimate passes every finite analytic value).
    @inlinable
    public static func judgeStraddle(
        analytic: Double, left: Double, right: Double, errorEstimate: Double, tolerance: Tolerance
    ) -> Verdict {
        let lo = Swift.min(left, right), hi = Swift.max(left, right)
        let allow = tolerance.allowance(reference: Swift.max(Swift.abs(left), Swift.abs(right)), errorEstimate: errorEstimate)
        return .notDifferentiable(left: left, right: right, analyticBetween: analytic >= lo - allow && analytic <= hi + allow)
    }

    /// The verdict at a kink, given the one-sided derivatives `left` and
    /// `right` (each with an error estimate): the analytic value must lie in
    /// `[min(left, right), max(left, right)]`, widened by the tolerance at
    /// the larger of the two and the larger error estimate. Outside them with
    /// an error estimate that is not `trusted`: inconclusive.
    public static func judgeKink(
        analytic: Double, left: Double, right: Double, errorEstimate: Double, tolerance: Tolerance = .default,
        decidingMethod: String = "richardson", trusted: Bool = true
    ) -> Verdict {
        let slack = tolerance.allowance(reference: Swift.max(Swift.abs(left), Swift.abs(right)), errorEstimate: errorEstimate)
        let between = analytic >= Swift.min(left, right) - slack && analytic <= Swift.max(left, right) + slack
        if !between, !trusted || !left.isFinite || !right.isFinite || errorEstimate.isNaN {
            return .inconclusive(decidingMethod: decidingMethod)
        }
        return .notDifferentiable(left: left, right: right, analyticBetween: between)
    }
}
