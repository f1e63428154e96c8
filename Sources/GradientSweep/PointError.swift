/// One parameter's check at one point: what the worst-points list and the
/// extremes record.
///
/// Equality compares the numbers' bit patterns, so a non-finite point (NaN
/// analytic value or estimate) equals itself and summaries holding one compare equal.
public struct PointError: Sendable, Equatable, Codable {
    /// The point's linear index in the domain (see ``SweepDomain``).
    public var point: Int
    /// The analytic gradient component (or the claimed formula's value).
    public var analytic: Double
    /// The finite-difference estimate.
    public var estimate: Double
    /// The estimate's error bound (rounding, see ``RoundingErrorBound``).
    public var errorEstimate: Double
    /// `|analytic - estimate|`.
    public var absoluteError: Double
    /// `|analytic - estimate| / |estimate|`; `0/0` is 0 and `x/0` is infinity.
    public var relativeError: Double
    /// The verdict's stable name (`agree`, `inconclusive`, `mismatch`, `not-differentiable`),
    /// or `non-finite` where the analytic value or the estimate is NaN or infinite.
    public var verdict: String
    /// The variables' values at the point (filled in when the sweep ends).
    public var at: [Double]?

    public init(point: Int, analytic: Double, estimate: Double, errorEstimate: Double, verdict: String) {
        self.point = point
        self.analytic = analytic
        self.estimate = estimate
        self.errorEstimate = errorEstimate
        absoluteError = Swift.abs(analytic - estimate)
        relativeError = Self.relative(absoluteError, estimate)
        self.verdict = verdict
    }

    /// The verdict name of a point whose analytic value or estimate is not finite.
    public static let nonFiniteVerdict = "non-finite"

    /// `abs / |estimate|`, with `0/0 = 0` and `x/0 = infinity` (as the NumPy reference).
    @inlinable public static func relative(_ absolute: Double, _ estimate: Double) -> Double {
        absolute == 0 ? 0 : absolute / Swift.abs(estimate)
    }

    /// Whether both the analytic value and the estimate are finite numbers.
    @inlinable public var isFinite: Bool { analytic.isFinite && estimate.isFinite }

    /// The order of the worst list, a total order: non-finite points first (by
    /// point index), then the larger relative error, then the lower point index.
    @inlinable public static func worse(_ a: PointError, than b: PointError) -> Bool {
        let (fa, fb) = (a.isFinite, b.isFinite)
        if fa != fb { return fb }
        if fa, a.relativeError != b.relativeError { return a.relativeError > b.relativeError }
        return a.point < b.point
    }
}

/// The largest value of an error over the points, and the first point (lowest
/// linear index) where it occurs. Merging keeps the larger value, ties going
/// to the lower index, so the result does not depend on the order of merges.
public struct ErrorExtreme: Sendable, Equatable, Codable {
    public var value: Double
    public var point: Int
    /// The variables' values at the point (filled in when the sweep ends).
    public var at: [Double]?

    public init(value: Double, point: Int) {
        self.value = value
        self.point = point
    }

    @inlinable public static func larger(_ a: ErrorExtreme?, _ b: ErrorExtreme?) -> ErrorExtreme? {
        guard let a else { return b }
        guard let b else { return a }
        if a.value != b.value { return a.value > b.value ? a : b }
        return a.point <= b.point ? a : b
    }
}

extension PointError {
    public static func == (a: PointError, b: PointError) -> Bool {
        a.point == b.point && a.verdict == b.verdict
            && [a.analytic, a.estimate, a.errorEstimate, a.absoluteError, a.relativeError].map(\.bitPattern)
            == [b.analytic, b.estimate, b.errorEstimate, b.absoluteError, b.relativeError].map(\.bitPattern)
            && a.at?.map(\.bitPattern) == b.at?.map(\.bitPattern)
    }
}
