import Foundation

/// The learning rates a path's steps imply, α_k = |p_{k+1} − p_k| / |∇f(p_k)|,
/// and whether one fixed α explains them all.
///
/// Hand-drawn lengths carry relative errors, so the comparison is made on
/// ratios: one α explains the steps when every α_k lies in
/// [α / (1 + t), α (1 + t)] for the step tolerance t. Such an α exists exactly
/// when `largest / smallest ≤ (1 + t)²`, and the best one is then the
/// geometric midpoint `√(smallest · largest)`.
public struct LearningRateFit: Sendable, Codable, Equatable {
    /// The fitted α: the geometric midpoint of the smallest and largest α_k.
    public var fitted: Double
    public var smallest: Double
    /// 1-based step number of the smallest α_k.
    public var smallestStep: Int
    public var largest: Double
    public var largestStep: Int
    /// `largest / smallest`, at least 1.
    public var spread: Double
    /// `(1 + t)²`: the largest spread one fixed α explains.
    public var allowedSpread: Double

    /// Whether one fixed α explains every step.
    public var isConsistent: Bool { spread <= allowedSpread * (1 + 1e-12) }

    /// Fits the learning rates of `steps` (those with one), or `nil` if none has one.
    public init?(_ steps: [StepJudgement], tolerance: Double) {
        let rated = steps.compactMap { step in step.learningRate.map { (step.index, $0) } }
        guard let low = rated.min(by: { $0.1 < $1.1 }), let high = rated.max(by: { $0.1 < $1.1 }) else { return nil }
        smallest = low.1
        smallestStep = low.0
        largest = high.1
        largestStep = high.0
        fitted = (low.1 * high.1).squareRoot()
        spread = low.1 > 0 ? high.1 / low.1 : .infinity
        allowedSpread = (1 + tolerance) * (1 + tolerance)
    }

    /// Whether `rate` is within the step tolerance `t` of the fixed `alpha`.
    public static func fits(_ rate: Double, alpha: Double, tolerance t: Double) -> Bool {
        let ratio = rate / alpha
        return ratio <= (1 + t) * (1 + 1e-12) && ratio >= 1 / (1 + t) * (1 - 1e-12)
    }
}
