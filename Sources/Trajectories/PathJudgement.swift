import Reporting

/// The verdict on one drawn path: could gradient ascent (or descent) have
/// produced it, and if not, why, in words and numbers.
public struct PathJudgement: Sendable {
    public var name: String
    /// Where the path's name was written.
    public var location: SourceLocation
    public var steps: [StepJudgement]
    /// Whether every step leaves along the algorithm's direction (within the
    /// angle tolerance) and, in fixed-step mode, the step sizes fit one α.
    public var feasible: Bool
    /// One sentence: for an infeasible path, everything wrong with its first
    /// offending step (or the step sizes); for a feasible one, how well it fits.
    public var explanation: String
    /// Each kind of offence found, in ``StepIssue/Kind`` order, with the steps
    /// that commit it. Empty when the path is feasible.
    public var reasons: [Reason]
    /// Observations that do not make the path infeasible: overshoots, zigzags,
    /// stopping while steps are still large.
    public var notes: [String]
    /// The learning rates the steps imply (fixed-step modes only).
    public var learningRateFit: LearningRateFit?

    /// One kind of offence and where it happens.
    public struct Reason: Sendable, Equatable {
        public var kind: StepIssue.Kind
        /// The code as written in files: "downhill", "not-perpendicular", …
        public var code: String
        /// 1-based step numbers.
        public var steps: [Int]
        /// The sentence for the first of those steps (or for the path's step sizes).
        public var message: String
    }

    /// The kinds of offence found.
    public var reasonKinds: Set<StepIssue.Kind> { Set(reasons.map(\.kind)) }
}
