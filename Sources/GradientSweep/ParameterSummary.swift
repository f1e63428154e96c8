import GradientCheck

/// Everything a sweep reports about one parameter's gradient component.
///
/// Every point is counted exactly once, in one of five counts:
/// - `nonFinite`: the analytic value or the estimate is NaN or infinite (a
///   non-finite loss makes the estimate non-finite). Nothing was verified
///   there, so such a point gets no verdict; it is not also counted as agree,
///   inconclusive or mismatch.
/// - otherwise its verdict (``Verdict``): `agree`, `inconclusive`, `mismatch`
///   or `notDifferentiable`.
///
/// So `agree + inconclusive + mismatch + notDifferentiable + nonFinite` is the
/// number of points evaluated (``points``), in text, JSON and merged summaries.
/// Extremes, the histogram and the worst list cover the finite points only.
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
    /// The worst points: non-finite ones first, then by relative error
    /// (largest first, ties to the lower index); at most the sweep's `--worst`.
    public var worst = WorstList()

    public init(parameter: String) { self.parameter = parameter }

    /// The points that fail the check: mismatches, and kinks where the analytic value is outside.
    public var failures: Int { mismatch + notDifferentiableFailures }
    /// The points evaluated: the verdict counts plus the non-finite points.
    public var points: Int { agree + inconclusive + mismatch + notDifferentiable + nonFinite }
    /// The points where the gradient was not verified: failures and non-finite points.
    public var unverified: Int { failures + nonFinite }
    /// What a plain `isclose` test (no widening by the estimate's error) would flag.
    public var outsideBaseTolerance: Int { inconclusive + mismatch }

    /// Records one point's check. `kink` holds the one-sided derivatives
    /// (left, right) when the stencil straddles a kink. The verdict is `check`'s for the
    /// same estimate (``Verdict/judge``, ``Verdict/judgeStraddle``); a point whose analytic
    /// value or estimate is not finite gets none here (`check` calls it inconclusive, or a
    /// mismatch when only the analytic value is not finite).
    @inlinable
    public mutating func record(
        point: Int, analytic: Double, estimate: Double, errorEstimate: Double,
        tolerance: Tolerance, worstCount: Int, kink: (left: Double, right: Double)? = nil
    ) {
        guard analytic.isFinite && estimate.isFinite else {
            nonFinite += 1
            insertWorst(PointError(point: point, analytic: analytic, estimate: estimate, errorEstimate: errorEstimate,
                                   verdict: PointError.nonFiniteVerdict), limit: worstCount)
            return
        }
        let verdict: Verdict
        if let kink {
            verdict = Verdict.judgeStraddle(analytic: analytic, left: kink.left, right: kink.right,
                                            errorEstimate: errorEstimate, tolerance: tolerance)
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
        let maximum = maxRelativeError?.value ?? -.infinity
        if worstCount > 0 {
            guard worst.count >= worstCount, let e = worst.leastBad else { return -.infinity }
            // A list full of non-finite points admits no finite point, but a finite
            // point can still raise the maximum relative error.
            return e.isFinite ? e.relativeError : maximum
        }
        return maximum
    }

    @inlinable
    public mutating func insertWorst(_ e: PointError, limit: Int) {
        worst.insert(e, limit: limit)
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
