import FiniteDifferences

/// One finite-difference method's estimate of one gradient component,
/// judged against the analytic value.
public struct MethodResult: Sendable {
    public var method: FiniteDifferenceMethod
    /// The estimate, or why there is none (see ``PartialEstimate``).
    public var estimate: PartialEstimate
    /// `nil` only when the method was unavailable.
    public var verdict: Verdict?
    /// `|analytic - estimate|` (at a kink: the distance to the interval of
    /// one-sided derivatives, 0 inside it).
    public var difference: Double?
    /// The largest difference accepted: `atol + rtol |estimate| + widening · errorEstimate`.
    public var allowance: Double?

    /// Judges `estimate` against `analytic`. An inconclusive verdict names
    /// `decidingMethod`, a more accurate method for this component. An
    /// estimate with a ``DerivativeEstimate/doubt`` never gives a mismatch, unless its error
    /// estimate is infinite (the doubt is in it) and the tolerance's widening is 0: the plain
    /// `isclose` test, which ignores error estimates, as `sweep --widening 0` does.
    /// A stencil that straddles a kink (``PartialEstimate/straddle(_:left:right:)``) is
    /// judged as `sweep` judges it (``Verdict/judgeStraddle(analytic:left:right:errorEstimate:tolerance:)``).
    public init(method: FiniteDifferenceMethod, estimate: PartialEstimate, analytic: Double,
                tolerance: Tolerance, decidingMethod: String) {
        self.method = method
        self.estimate = estimate
        switch estimate {
        case .smooth(let e), .oneSided(let e, _):
            // A doubt already carried by an infinite error estimate (an unresolved stencil,
            // StencilErrorModel) is judged on that estimate, as sweep judges it: inconclusive
            // unless within the plain tolerance, and a mismatch under widening 0 (plain isclose).
            let trusted = e.isReliable || e.errorEstimate == .infinity
            verdict = Verdict.judge(analytic: analytic, estimate: e.value, errorEstimate: e.errorEstimate,
                                    tolerance: tolerance, decidingMethod: decidingMethod, trusted: trusted)
            difference = Swift.abs(analytic - e.value)
            allowance = tolerance.allowance(reference: e.value, errorEstimate: e.errorEstimate)
        case .kink(let left, let right):
            let errorEstimate = Swift.max(left.errorEstimate, right.errorEstimate)
            let trusted = left.isReliable && right.isReliable
            let reference = Swift.max(Swift.abs(left.value), Swift.abs(right.value))
            let slack = tolerance.allowance(reference: reference, errorEstimate: errorEstimate)
            if Swift.abs(left.value - right.value) <= slack {
                // The one-sided derivatives agree: the kink does not show in the loss here.
                let mid = (left.value + right.value) / 2
                let e = errorEstimate + Swift.abs(left.value - right.value) / 2
                verdict = Verdict.judge(analytic: analytic, estimate: mid, errorEstimate: e,
                                        tolerance: tolerance, decidingMethod: decidingMethod, trusted: trusted)
                difference = Swift.abs(analytic - mid)
                allowance = tolerance.allowance(reference: mid, errorEstimate: e)
            } else {
                verdict = Verdict.judgeKink(analytic: analytic, left: left.value, right: right.value,
                                            errorEstimate: errorEstimate, tolerance: tolerance,
                                            decidingMethod: decidingMethod, trusted: trusted)
                let low = Swift.min(left.value, right.value), high = Swift.max(left.value, right.value)
                difference = analytic < low ? low - analytic : (analytic > high ? analytic - high : 0)
                allowance = slack
            }
        case .straddle(let e, let left, let right):
            // The sweep's rule (ParameterSummary.record); a non-finite estimate verifies nothing.
            let errorEstimate = e.errorEstimate
            verdict = e.value.isFinite
                ? Verdict.judgeStraddle(analytic: analytic, left: left, right: right, errorEstimate: errorEstimate, tolerance: tolerance)
                : .inconclusive(decidingMethod: decidingMethod)
            let low = Swift.min(left, right), high = Swift.max(left, right)
            difference = analytic < low ? low - analytic : (analytic > high ? analytic - high : 0)
            allowance = tolerance.allowance(reference: Swift.max(Swift.abs(left), Swift.abs(right)), errorEstimate: errorEstimate)
        case .unavailable:
            verdict = nil
            difference = nil
            allowance = nil
        }
    }

    /// The single estimate's value and error estimate, when there is one.
    public var value: Double? { estimate.estimate?.value }
    public var errorEstimate: Double? { estimate.estimate?.errorEstimate }

    /// Why the method's error estimate is not trusted here, if it is not
    /// (at a kink: either one-sided estimate's doubt).
    public var doubt: String? {
        switch estimate {
        case .smooth(let e), .oneSided(let e, _): return e.doubt
        case .kink(let left, let right): return left.doubt ?? right.doubt
        case .straddle(let e, _, _): return e.doubt
        case .unavailable: return nil
        }
    }

    /// The error estimate a verdict of this method rests on (at a kink, the
    /// larger of the two sides'); infinite when unavailable.
    var decidingError: Double {
        switch estimate {
        case .smooth(let e), .oneSided(let e, _): return e.errorEstimate
        case .kink(let left, let right): return Swift.max(left.errorEstimate, right.errorEstimate)
        case .straddle(let e, _, _): return e.errorEstimate
        case .unavailable: return .infinity
        }
    }
}
