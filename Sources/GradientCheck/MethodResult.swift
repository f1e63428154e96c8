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
    /// `decidingMethod`, a more accurate method for this component.
    public init(method: FiniteDifferenceMethod, estimate: PartialEstimate, analytic: Double,
                tolerance: Tolerance, decidingMethod: String) {
        self.method = method
        self.estimate = estimate
        switch estimate {
        case .smooth(let e), .oneSided(let e, _):
            verdict = Verdict.judge(analytic: analytic, estimate: e.value, errorEstimate: e.errorEstimate,
                                    tolerance: tolerance, decidingMethod: decidingMethod)
            difference = Swift.abs(analytic - e.value)
            allowance = tolerance.allowance(reference: e.value, errorEstimate: e.errorEstimate)
        case .kink(let left, let right):
            let errorEstimate = Swift.max(left.errorEstimate, right.errorEstimate)
            let reference = Swift.max(Swift.abs(left.value), Swift.abs(right.value))
            let slack = tolerance.allowance(reference: reference, errorEstimate: errorEstimate)
            if Swift.abs(left.value - right.value) <= slack {
                // The one-sided derivatives agree: the kink does not show in the loss here.
                let mid = (left.value + right.value) / 2
                let e = errorEstimate + Swift.abs(left.value - right.value) / 2
                verdict = Verdict.judge(analytic: analytic, estimate: mid, errorEstimate: e,
                                        tolerance: tolerance, decidingMethod: decidingMethod)
                difference = Swift.abs(analytic - mid)
                allowance = tolerance.allowance(reference: mid, errorEstimate: e)
            } else {
                verdict = Verdict.judgeKink(analytic: analytic, left: left.value, right: right.value,
                                            errorEstimate: errorEstimate, tolerance: tolerance)
                let low = Swift.min(left.value, right.value), high = Swift.max(left.value, right.value)
                difference = analytic < low ? low - analytic : (analytic > high ? analytic - high : 0)
                allowance = slack
            }
        case .unavailable:
            verdict = nil
            difference = nil
            allowance = nil
        }
    }

    /// The single estimate's value and error estimate, when there is one.
    public var value: Double? { estimate.estimate?.value }
    public var errorEstimate: Double? { estimate.estimate?.errorEstimate }
}
