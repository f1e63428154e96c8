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
/// In full mode each component `∂f/∂p_i` at each point is estimated by
/// `method` (with its error estimate) and judged with `tolerance`; the result
/// lists every component that disagrees, by how much, at which point. Above
/// ``CheckMode/fastModeDimension`` parameters the default mode is fast mode
/// (random directions, see ``CheckMode/fast(directions:seed:)``).
///
/// The check fails, rather than passes, when there is nothing to check (no
/// points), when `f` or the point is not finite, or when `f` is not finite
/// within the finite-difference step of a component (nothing can be
/// checked there: choose points inside the function's domain).
///
/// - Parameters:
///   - method: any method that needs only real evaluations (not
///     `.complexStep`). Richardson, the default, is good to ~1e-12 relative
///     on well-scaled functions and costs about 30–60 evaluations of `f` per
///     component; `.central` costs 9.
///   - step: overrides the derived step (Richardson: the initial step).
///   - fileID, filePath, line, column: the caller's position, printed first
///     in the result's description (leave them to their defaults).
/// - Precondition: `method != .complexStep`.
public func checkGradient(
    of f: ([Double]) -> Double, gradient: ([Double]) -> [Double], at points: [[Double]],
    mode: CheckMode = .automatic, method: FiniteDifferenceMethod = .richardson, tolerance: Tolerance = .default,
    step: Double? = nil,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> GradientCheckResult {
    checkGradient(of: f, gradient: gradient, at: points, mode: mode, method: method, tolerance: Optional(tolerance),
                  step: step, fileID: fileID, filePath: filePath, line: line, column: column)
}

/// ``checkGradient(of:gradient:at:mode:method:tolerance:step:fileID:filePath:line:column:)``
/// for a function computed in any floating-point type (`Float`, `Float16`,
/// `Float80`). Steps and the default tolerance come from `T`'s epsilon (see
/// ``Tolerance/default(for:)``); `f` is evaluated in `T`, and its values are
/// differenced in `Double`.
public func checkGradient<T: BinaryFloatingPoint>(
    of f: ([T]) -> T, gradient: ([T]) -> [T], at points: [[T]],
    mode: CheckMode = .automatic, method: FiniteDifferenceMethod = .richardson, tolerance: Tolerance? = nil,
    step: Double? = nil,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> GradientCheckResult {
    withoutActuallyEscaping(f) { f in
        withoutActuallyEscaping(gradient) { gradient in
            var claim = JacobianClaim<T>.jacobian { [gradient($0)] }
            claim.names.jacobian = "gradient"
            return JacobianChecker(function: EvaluatedFunction { [f($0)] }, claim: claim, subject: .gradient, method: method,
                                   tolerance: tolerance ?? .default(for: T.self), step: step)
                .check(at: points, mode: mode,
                       caller: CallerLocation(fileID: fileID, filePath: filePath, line: line, column: column))
        }
    }
}

/// ``checkGradient(of:gradient:at:mode:method:tolerance:step:fileID:filePath:line:column:)``
/// at `count` random points of dimension `dimension` (see ``randomPoints(_:dimension:in:seed:)``).
public func checkGradient(
    of f: ([Double]) -> Double, gradient: ([Double]) -> [Double], randomPoints count: Int, dimension: Int,
    in range: ClosedRange<Double> = -2...2, seed: UInt64 = 0,
    mode: CheckMode = .automatic, method: FiniteDifferenceMethod = .richardson, tolerance: Tolerance = .default,
    step: Double? = nil,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> GradientCheckResult {
    checkGradient(of: f, gradient: gradient, at: randomPoints(count, dimension: dimension, in: range, seed: seed),
                  mode: mode, method: method, tolerance: tolerance, step: step,
                  fileID: fileID, filePath: filePath, line: line, column: column)
}

/// `count` points of dimension `dimension` with coordinates uniform in
/// `range`, from a generator seeded with `seed` (same seed, same points).
public func randomPoints(_ count: Int, dimension: Int, in range: ClosedRange<Double> = -2...2, seed: UInt64 = 0) -> [[Double]] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in (0..<dimension).map { _ in Double.random(in: range, using: &generator) } }
}
