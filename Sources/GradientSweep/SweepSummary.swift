import GradientCheck

/// The result of a sweep (or of one shard of it): what `--format json`
/// prints and what `gradcheck merge` combines.
///
/// It holds results only, no timings, so that the merge of a sweep's shards
/// equals the unsharded sweep's summary exactly.
public struct SweepSummary: Sendable, Equatable, Codable {
    public var configuration: SweepConfiguration
    /// Points in the whole domain.
    public var points: Int
    /// Points evaluated (fewer than `points` for a shard or an interrupted sweep).
    public var pointsEvaluated: Int
    /// True when the sweep was interrupted before all its points were evaluated,
    /// or when it was merged with `--allow-partial` from fewer than all its shards.
    public var partial: Bool
    /// Set for the summary of one shard (`--shard K/N`); `nil` for a whole sweep.
    ///
    /// Setting it records the shard's ``Shard/fingerprint``, computed from the
    /// configuration, the shard count and the block size (set the configuration first).
    public var shard: Shard? {
        didSet {
            if let s = shard, s.fingerprint == nil {
                shard?.fingerprint = SweepFingerprint.of(configuration: configuration, shardCount: s.count, blockPoints: s.blockPoints)
            }
        }
    }
    /// Set when `gradcheck merge --allow-partial` combined fewer than all the shards:
    /// which are missing. `nil` otherwise (and absent from JSON).
    public var missingShards: MissingShards?
    public var parameters: [ParameterSummary]
    public var heatmap: ErrorHeatmap?

    /// A shard: `index` (1-based) of `count`, and the block decomposition its slice refers to.
    public struct Shard: Sendable, Equatable, Codable {
        public var index: Int
        public var count: Int
        public var blockPoints: Int
        /// ``SweepFingerprint`` of the sweep this shard belongs to: equal for
        /// every part of one sweep, different for parts of another sweep or split.
        public var fingerprint: String?

        public init(index: Int, count: Int, blockPoints: Int, fingerprint: String? = nil) {
            self.index = index
            self.count = count
            self.blockPoints = blockPoints
            self.fingerprint = fingerprint
        }
    }

    /// The shards missing from a partial merge: their numbers (1-based) out of `count`.
    public struct MissingShards: Sendable, Equatable, Codable {
        public var count: Int
        public var shards: [Int]

        public init(count: Int, shards: [Int]) {
            self.count = count
            self.shards = shards
        }
    }

    public init(configuration: SweepConfiguration, points: Int, parameters: [String], heatmap: ErrorHeatmap?) {
        self.configuration = configuration
        self.points = points
        pointsEvaluated = 0
        partial = false
        shard = nil
        missingShards = nil
        self.parameters = parameters.map { ParameterSummary(parameter: $0) }
        self.heatmap = heatmap
    }

    /// The total number of failing points over all parameters.
    public var failures: Int { parameters.reduce(0) { $0 + $1.failures } }
    /// The total number of non-finite points over all parameters (see ``ParameterSummary``).
    public var nonFinite: Int { parameters.reduce(0) { $0 + $1.nonFinite } }
    /// True when every point of every parameter was verified: no failure and no non-finite point.
    /// `gradcheck sweep` exits 0 exactly when this holds (and the sweep was not interrupted).
    public var passed: Bool { failures == 0 && nonFinite == 0 }

    /// Fills in the variables' values at every point the summary names.
    public mutating func locate(in domain: SweepDomain) {
        for i in parameters.indices {
            var p = parameters[i]
            if let m = p.maxAbsoluteError { p.maxAbsoluteError!.at = domain.variableValues(at: m.point) }
            if let m = p.maxRelativeError { p.maxRelativeError!.at = domain.variableValues(at: m.point) }
            p.worst.updateEach { $0.at = domain.variableValues(at: $0.point) }
            parameters[i] = p
        }
    }

    /// Adds the results of a disjoint set of points.
    public mutating func merge(_ other: SweepSummary) {
        pointsEvaluated += other.pointsEvaluated
        partial = partial || other.partial
        for i in parameters.indices { parameters[i].merge(other.parameters[i], worstCount: configuration.worst) }
        if var h = heatmap, let o = other.heatmap {
            h.merge(o)
            heatmap = h
        }
    }
}
