import Reporting

/// Combines the summaries of a sweep's shards into the summary of the whole sweep.
public enum SweepMerge {
    /// The merged summary. Every part must come from the same sweep
    /// (same configuration, shard count and block size), each shard exactly once.
    /// A part that was interrupted makes the result partial.
    public static func merge(_ parts: [(path: String, summary: SweepSummary)]) throws(InputError) -> SweepSummary {
        guard let (firstPath, first) = parts.first else { throw InputError("merge needs at least one part") }
        guard let shard = first.shard else {
            throw InputError("\(firstPath) is the summary of a whole sweep, not of a shard (run sweeps with --shard K/N)")
        }
        var seen = [String?](repeating: nil, count: shard.count)
        for (path, part) in parts {
            guard let s = part.shard else {
                throw InputError("\(path) is the summary of a whole sweep, not of a shard")
            }
            guard part.configuration == first.configuration else {
                throw InputError("\(path) is from a different sweep than \(firstPath) (network, axes, method, tolerance, claims, --worst or heatmap differ)")
            }
            guard s.count == shard.count, s.blockPoints == shard.blockPoints, part.points == first.points else {
                throw InputError("\(path) is shard \(s.index)/\(s.count) but \(firstPath) is shard \(shard.index)/\(shard.count)")
            }
            if let other = seen[s.index - 1] {
                throw InputError("shard \(s.index)/\(s.count) is given twice: \(other) and \(path)")
            }
            seen[s.index - 1] = path
        }
        let missing = seen.indices.filter { seen[$0] == nil }.map { "\($0 + 1)/\(shard.count)" }
        guard missing.isEmpty else { throw InputError("missing shard\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", "))") }
        var result = first
        result.shard = nil
        for (_, part) in parts.dropFirst() { result.merge(part) }
        result.partial = parts.contains { $0.summary.partial }
        return result
    }
}
