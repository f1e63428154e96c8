import NetworkModel
import FiniteDifferences

/// Checks a claimed gradient of your own function against finite
/// differences, in the spirit of `torch.autograd.gradcheck`.
///
/// ```swift
/// let result = checkGradient(
///     of: { p in p[0] * p[0] * p[1] + sin(p[1]) },
///     gradient: { p in [2 * p[0] * p[1], p[0] * p[0] + cos(p[1])] },
///     at: [[1.5, -0.3], [0.2, 2]])
/// #expect(result.passed, "\(result)")   // or XCTAssert(result.passed, "\(result)")
/// ```
/// Each component `∂f/∂p_i` at each point is estimated by `method` (with
/// its error estimate) and judged with `tolerance`; the result lists every
/// component that disagrees, by how much, at which point.
///
/// - Parameters:
///   - method: any method that needs only real evaluations (not
///     `.complexStep`). Richardson, the default, is good to ~1e-12 relative
///     on well-scaled functions and costs about 30–60 evaluations of `f` per
///     component; `.central` costs 9.
///   - step: overrides the derived step (Richardson: the initial step).
/// - Precondition: `method != .complexStep`.
public func checkGradient(
    of f: ([Double]) -> Double, gradient: ([Double]) -> [Double], at points: [[Double]],
    method: FiniteDifferenceMethod = .richardson, tolerance: Tolerance = .default, step: Double? = nil
) -> GradientCheckResult {
    precondition(method != .complexStep, "complex step needs the function on complex numbers; use another method")
    var components: [GradientCheckResult.Component] = []
    var problems: [String] = []
    for (pointIndex, point) in points.enumerated() {
        let claimed = gradient(point)
        guard claimed.count == point.count else {
            problems.append("at point \(pointIndex + 1) \(point): the gradient has \(claimed.count) components, the point \(point.count)")
            continue
        }
        for i in point.indices {
            let slice: (Double) -> Double = { t in
                var p = point
                p[i] = t
                return f(p)
            }
            let e = FiniteDifference.estimate(method, of: slice, at: point[i], step: step)
            let verdict = Verdict.judge(analytic: claimed[i], estimate: e.value, errorEstimate: e.errorEstimate,
                                        tolerance: tolerance, decidingMethod: method == .richardson ? "none (try a smaller step)" : "richardson")
            components.append(.init(pointIndex: pointIndex, point: point, index: i, claimed: claimed[i], estimate: e,
                                    verdict: verdict, allowance: tolerance.allowance(reference: e.value, errorEstimate: e.errorEstimate)))
        }
    }
    return GradientCheckResult(components: components, problems: problems, tolerance: tolerance)
}

/// ``checkGradient(of:gradient:at:method:tolerance:step:)`` at `count`
/// random points of dimension `dimension` with coordinates uniform in
/// `range`, drawn from a generator seeded with `seed` (same seed, same points).
public func checkGradient(
    of f: ([Double]) -> Double, gradient: ([Double]) -> [Double], randomPoints count: Int, dimension: Int,
    in range: ClosedRange<Double> = -2...2, seed: UInt64 = 0,
    method: FiniteDifferenceMethod = .richardson, tolerance: Tolerance = .default, step: Double? = nil
) -> GradientCheckResult {
    var generator = SplitMix64(seed: seed)
    let points = (0..<count).map { _ in (0..<dimension).map { _ in Double.random(in: range, using: &generator) } }
    return checkGradient(of: f, gradient: gradient, at: points, method: method, tolerance: tolerance, step: step)
}

/// What ``checkGradient(of:gradient:at:method:tolerance:step:)`` found.
///
/// `description` lists the failing components (all of them) and a summary,
/// so `#expect(result.passed, "\(result)")` explains a failure in full.
public struct GradientCheckResult: Sendable, CustomStringConvertible {
    /// One gradient component at one point.
    public struct Component: Sendable {
        /// 0-based index of the point in the list checked.
        public var pointIndex: Int
        public var point: [Double]
        /// Which component: `∂f/∂p[index]`.
        public var index: Int
        /// The value the gradient function returned.
        public var claimed: Double
        /// The finite-difference estimate with its error estimate.
        public var estimate: DerivativeEstimate
        public var verdict: Verdict
        /// The largest `|claimed - estimate|` accepted.
        public var allowance: Double
        public var difference: Double { Swift.abs(claimed - estimate.value) }
    }

    public var components: [Component]
    /// Problems that prevented checking (a gradient of the wrong length).
    public var problems: [String]
    public var tolerance: Tolerance

    /// The components that disagree (mismatch verdicts).
    public var failures: [Component] { components.filter { $0.verdict.isFailure } }
    /// The components finite differences could not decide.
    public var inconclusive: [Component] { components.filter { $0.verdict.name == "inconclusive" } }
    /// No mismatch and no problem.
    public var passed: Bool { failures.isEmpty && problems.isEmpty }

    public var description: String {
        var lines: [String] = []
        let points = Set(components.map(\.pointIndex)).count
        let summary = "\(components.count) gradient components at \(points) points, atol \(tolerance.atol), rtol \(tolerance.rtol)"
        lines.append(passed ? "gradient check passed: \(summary)" : "gradient check FAILED: \(summary)")
        lines += problems
        for c in failures {
            lines.append("  ∂f/∂p[\(c.index)] at point \(c.pointIndex + 1) \(c.point): claimed \(c.claimed), "
                + "\(c.estimate.method.name) estimate \(c.estimate.value) ± \(c.estimate.errorEstimate); "
                + "differ by \(c.difference) > allowed \(c.allowance)")
        }
        if !inconclusive.isEmpty {
            lines.append("  \(inconclusive.count) components inconclusive (finite-difference error estimate larger than the tolerance)")
        }
        return lines.joined(separator: "\n")
    }
}

/// A small, fast, seedable generator (SplitMix64), so random points are reproducible.
