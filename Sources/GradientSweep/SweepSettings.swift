import FiniteDifferences
import GradientCheck

/// How a sweep runs: everything besides the network and the domain.
public struct SweepSettings: Sendable {
    public var method: FiniteDifferenceMethod = .central
    public var tolerance: Tolerance = .default
    /// Formulas checked instead of the network's own gradient.
    public var claims: [GradientClaim] = []
    /// Worst points kept per parameter.
    public var worst: Int = 5
    /// The heatmap's two dimensions (horizontal, vertical), when wanted.
    public var heatmap: (Int, Int)?
    /// Worker threads; results do not depend on it. At most ``maximumThreads``.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    /// The most worker threads a sweep starts: 4 per processor. Each thread
    /// holds an evaluator and a summary of its own, so more threads cost memory
    /// (100,000 took 3.1 GB) without adding speed.
    public static var maximumThreads: Int { 4 * Swift.max(1, ProcessInfo.processInfo.activeProcessorCount) }
    /// The most points in one block; results do not depend on it.
    public var blockPoints: Int = 1 << 15
    /// The largest ``blockPoints`` accepted: 2^20, 32 times the default. A block's buffers grow
    /// with it (`--block-points 1073741824` on a 25-point grid took 24 GB, and 2^63 - 1 overflowed).
    public static let maximumBlockPoints = 1 << 20
    /// Shard `index` (0-based) of `count`, or `nil` for the whole sweep.
    public var shard: (index: Int, count: Int)?
    /// Which evaluator to use.
    public var evaluator: EvaluatorChoice = .automatic

    public enum EvaluatorChoice: String, Sendable, CaseIterable {
        /// The exam network's specialised evaluator when it applies, else the compiled program
        /// (every method; complex step where the network is analytic), else broadcasting.
        case automatic
        /// The compiled program (``ProgramEvaluator``) when the method is compiled, else broadcasting.
        case compiled
        /// Always the broadcasting evaluator (the reference the others are tested against).
        case broadcast
    }

    public init() {}
}

import Foundation
