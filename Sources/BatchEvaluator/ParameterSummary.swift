import GradientCheck

/// Everything a sweep reports about one parameter's gradient component.
///
/// Every point gets exactly one verdict (``Verdict``): `agree`,
/// `inconclusive`, `mismatch` or `notDifferentiable`, so those four counts add
/// up to the points evaluated. `nonFinite` counts, separately, the points
/// where the analytic value or the estimate is NaN or infinite: such a point
/// is a mismatch when only the analytic value is non-finite, and
/// inconclusive when the estimate is (finite differences cannot decide).
/// Extremes, the histogram and the worst list cover the points where both
/// values are finite.
///
/// All fields merge exactly and in any order (integer counts, maxima with
/// ties to the lowest point index, a top-K list under a total order), which
/// is what makes sweeps identical for any thread count, block size or sharding.
public struct ParameterSummary: Sendable, Equatable, Codable {
    public var parameter: String
    public var agree = 0
    public var inconclusive = 0
    public var mismatch = 0
    /// Points where the stencil straddles a kink (relu, abs at 0).
    public var notDifferentiable = 0
    /// Of those, the points where the analytic value lies outside the one-sided derivatives.
    public var notDifferentiableFailures = 0
    public var nonFinite = 0
    public var maxAbsoluteError: ErrorExtreme?
    public var maxRelativeError: ErrorExtreme?
    public var histogram = ErrorHistogram()
    /// The worst points by relative error (largest first, ties to the lower index).
    public var worst: [PointError] = []

    public init(parameter: String) { self.parameter = parameter }

    /// The points that fail the check: mismatches, and kinks where the analytic value is outside.
    public var failures: Int { mismatch + notDifferentiableFailures }
    /// The points evaluated (the sum of the verdict counts).
    public var points: Int { agree + inconclusive + mismatch + notDifferentiable }
    /// What a plain `isclose` test (no widening by the estimate's error) would flag.
    public var outsideBaseTolerance: Int { inconclusive + mismatch }

    /// Records one point's check. `kink` holds the one-sided derivatives
    /// (left, right) when the stencil straddles a kink.
    @inlinable
    public mutating func record(
        point: Int, analytic: Double, estimate: Double, errorEstimate: Double,
        tolerance: Tolerance, worstCount: Int, kink: (left: Double, right: Double)? = nil
    ) {
        let finite = analytic.isFinite && estimate.isFinite
        if !finite { nonFinite += 1 }
        let verdict: Verdict
        if let kink {
            let lo = Swift.min(kink.left, kink.right), hi = Swift.max(kink.left, kink.right)
            let allow = tolerance.allowance(reference: Swift.max(Swift.abs(kink.left), Swift.abs(kink.right)),
                                            errorEstimate: errorEstimate)
            verdict = .notDifferentiable(left: kink.left, right: kink.right,
                                         analyticBetween: analytic >= lo - allow && analytic <= hi + allow)
        } else if !estimate.isFinite {
            verdict = .inconclusive(decidingMethod: "complex-step")
        } else {
            verdict = Verdict.judge(analytic: analytic, estimate: estimate, errorEstimate: errorEstimate, tolerance: tolerance)
        }
        switch verdict {
        case .agree: agree += 1
        case .inconclusive: inconclusive += 1
        case .mismatch: mismatch += 1
        case .notDifferentiable(_, _, let between):
            notDifferentiable += 1
            if !between { notDifferentiableFailures += 1 }
        }
        guard finite else { return }
        // Most points cannot change the extremes or the worst list: histogram
        // them without building a PointError (ties take the full path, so the
        // result is the same as recording every point in full).
        let absolute = Swift.abs(analytic - estimate)
        let relative = PointError.relative(absolute, estimate)
        if let a = maxAbsoluteError, absolute < a.value, relative < relativeErrorThreshold(worstCount: worstCount) {
            histogram.add(relative)
            return
        }
        let e = PointError(point: point, analytic: analytic, estimate: estimate, errorEstimate: errorEstimate,
                           verdict: verdict.name)
        recordErrors(e, worstCount: worstCount)
    }

    /// Updates extremes, histogram and the worst list with a finite point.
    @inlinable
    public mutating func recordErrors(_ e: PointError, worstCount: Int) {
        histogram.add(e.relativeError)
        recordExtremes(e, worstCount: worstCount)
    }

    /// Updates the extremes and the worst list (not the histogram) with a finite point.
    @inlinable
    public mutating func recordExtremes(_ e: PointError, worstCount: Int) {
        maxAbsoluteError = ErrorExtreme.larger(maxAbsoluteError, ErrorExtreme(value: e.absoluteError, point: e.point))
        maxRelativeError = ErrorExtreme.larger(maxRelativeError, ErrorExtreme(value: e.relativeError, point: e.point))
        insertWorst(e, limit: worstCount)
    }

    /// The smallest relative error that could still change the worst list or
    /// the maximum relative error (`-inf` while the list is not full).
    public func relativeErrorThreshold(worstCount: Int) -> Double {
        if worstCount > 0 { return worst.count < worstCount ? -.infinity : worst[worst.count - 1].relativeError }
        return maxRelativeError?.value ?? -.infinity
    }

    @inlinable
    public mutating func insertWorst(_ e: PointError, limit: Int) {
        guard limit > 0 else { return }
        if worst.count == limit, let last = worst.last, !PointError.worse(e, than: last) { return }
        var i = worst.count
        while i > 0, PointError.worse(e, than: worst[i - 1]) { i -= 1 }
        worst.insert(e, at: i)
        if worst.count > limit { worst.removeLast() }
    }

    /// Combines the summaries of two disjoint sets of points.
    public mutating func merge(_ other: ParameterSummary, worstCount: Int) {
        agree += other.agree
        inconclusive += other.inconclusive
        mismatch += other.mismatch
        notDifferentiable += other.notDifferentiable
        notDifferentiableFailures += other.notDifferentiableFailures
        nonFinite += other.nonFinite
        maxAbsoluteError = ErrorExtreme.larger(maxAbsoluteError, other.maxAbsoluteError)
        maxRelativeError = ErrorExtreme.larger(maxRelativeError, other.maxRelativeError)
        histogram.merge(other.histogram)
        for e in other.worst { insertWorst(e, limit: worstCount) }
    }
}
