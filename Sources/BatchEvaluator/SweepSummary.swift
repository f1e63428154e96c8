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
    /// True when the sweep was interrupted before all its points were evaluated.
    public var partial: Bool
    /// Set for the summary of one shard (`--shard K/N`); `nil` for a whole sweep.
    public var shard: Shard?
    public var parameters: [ParameterSummary]
    public var heatmap: ErrorHeatmap?

    /// A shard: `index` (1-based) of `count`, and the block decomposition its slice refers to.
    public struct Shard: Sendable, Equatable, Codable {
        public var index: Int
        public var count: Int
        public var blockPoints: Int
    }

    public init(configuration: SweepConfiguration, points: Int, parameters: [String], heatmap: ErrorHeatmap?) {
        self.configuration = configuration
        self.points = points
        pointsEvaluated = 0
        partial = false
        shard = nil
        self.parameters = parameters.map { ParameterSummary(parameter: $0) }
        self.heatmap = heatmap
    }

    /// The total number of failing points over all parameters.
    public var failures: Int { parameters.reduce(0) { $0 + $1.failures } }

    /// Fills in the variables' values at every point the summary names.
    public mutating func locate(in domain: SweepDomain) {
        for i in parameters.indices {
            var p = parameters[i]
            if let m = p.maxAbsoluteError { p.maxAbsoluteError!.at = domain.variableValues(at: m.point) }
            if let m = p.maxRelativeError { p.maxRelativeError!.at = domain.variableValues(at: m.point) }
            for j in p.worst.indices { p.worst[j].at = domain.variableValues(at: p.worst[j].point) }
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
