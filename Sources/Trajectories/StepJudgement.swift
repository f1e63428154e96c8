/// The geometry of one drawn step p_k → p_{k+1}, measured against the
/// gradient at its start point p_k, and what is wrong with it.
///
/// Gradient ascent moves p_k ← p_k + α_k ∇f(p_k) with α_k > 0 (descent: −∇f),
/// so a feasible step leaves p_k exactly along ±∇f(p_k): perpendicular to the
/// contour line through p_k, on the climbing side. Only the direction at the
/// start point matters; where the step lands (even past the top, lower than
/// where it started) is not constrained, which is how a large learning rate
/// overshoots and zigzags.
public struct StepJudgement: Sendable, Codable {
    /// 1-based step number: step k goes from point k to point k + 1.
    public var index: Int
    public var from: Vector2
    public var to: Vector2
    /// f at `from` and at `to`.
    public var valueBefore: Double
    public var valueAfter: Double
    /// ∇f at `from`.
    public var gradient: Vector2
    /// ∇f at `to`, where the next iteration would start.
    public var gradientAfter: Vector2
    /// |p_{k+1} − p_k|.
    public var length: Double
    /// Degrees, in [0, 180], between the step and the algorithm's direction
    /// (∇f for ascent, −∇f for descent); `nil` when the step starts at a stationary point.
    public var angle: Double?
    /// Degrees, in [0, 90], between the step and the line of ∇f, either way:
    /// `min(angle, 180 − angle)`. 0 means perpendicular to the contour line.
    public var contourDeviation: Double?
    /// The learning rate this step implies, α = |step| / |∇f|; `nil` at a stationary point.
    public var learningRate: Double?
    /// What is wrong with this step, in ``StepIssue/Kind`` order; empty if nothing.
    public var issues: [StepIssue.Kind]

    /// Whether the step leaves along the algorithm's direction (within tolerance).
    public var followsGradient: Bool { !issues.contains(.wrongWay) && !issues.contains(.notPerpendicular) && !issues.contains(.stationaryStart) }

    /// Measures the step from `from` to `to` on `function`.
    ///
    /// - Parameters:
    ///   - angleTolerance: degrees, in (0, 45).
    ///   - stationaryThreshold: a gradient no longer than this counts as zero.
    public init(
        index: Int, from: Vector2, to: Vector2, function: ScalarField, mode: TrajectoryProblem.Mode,
        angleTolerance: Double, stationaryThreshold: Double
    ) {
        self.index = index
        self.from = from
        self.to = to
        let (value, gradient) = function.valueAndGradient(at: from)
        valueBefore = value
        (valueAfter, gradientAfter) = function.valueAndGradient(at: to)
        self.gradient = gradient
        let step = to - from
        length = step.length
        issues = []
        guard gradient.length > stationaryThreshold, let theta = step.angle(to: mode.sign * gradient) else {
            angle = nil
            contourDeviation = nil
            learningRate = nil
            issues = [.stationaryStart]
            return
        }
        angle = theta
        let deviation = Swift.min(theta, 180 - theta)
        contourDeviation = deviation
        learningRate = length / gradient.length
        if theta > 90 + angleTolerance { issues.append(.wrongWay) }
        if deviation > angleTolerance { issues.append(.notPerpendicular) }
    }

    /// Whether f moved the wrong way over the whole step (fell in ascent).
    public func valueMovedWrongWay(_ mode: TrajectoryProblem.Mode) -> Bool {
        mode == .ascent ? valueAfter < valueBefore : valueAfter > valueBefore
    }
}
