import Reporting

/// Combines the summaries of a sweep's shards into the summary of the whole sweep.
///
/// Every part must come from the same sweep and the same split: the same
/// ``SweepFingerprint`` (configuration, shard count and block size). The parts
/// that share the most common fingerprint are taken as the sweep; any other
/// part is refused with what makes it different (grid, network, method,
/// tolerance, claims…, or a different split, whose points would overlap).
public enum SweepMerge {
    /// The merged summary.
    ///
    /// - Parameter allowPartial: merge even when shards are missing; the result
    ///   is then marked ``SweepSummary/partial`` and lists them in
    ///   ``SweepSummary/missingShards``.
    /// - Throws: `InputError` naming the offending file(s) for a whole-sweep
    ///   summary given as a part, a part whose recorded fingerprint does not
    ///   match its contents, a part of another sweep or another split, a shard
    ///   given twice, (without `allowPartial`) missing shards by number, and
    ///   complete parts whose point counts do not add up to the sweep's.
    public static func merge(_ parts: [(path: String, summary: SweepSummary)], allowPartial: Bool = false) throws(InputError) -> SweepSummary {
        guard !parts.isEmpty else { throw InputError("merge needs at least one part") }
        var fingerprints: [String] = []
        for (path, part) in parts {
            guard let s = part.shard else {
                throw InputError("\(path) is the summary of a whole sweep, not of a shard (run sweeps with --shard K/N or --shard auto)")
            }
            try part.validate(name: path)
            let computed = SweepFingerprint.of(configuration: part.configuration, shardCount: s.count, blockPoints: s.blockPoints)
            if let recorded = s.fingerprint, recorded != computed {
                throw InputError("\(path): its recorded fingerprint \(recorded) does not match its contents (\(computed)); the file was edited or written by an incompatible gradcheck")
            }
            fingerprints.append(computed)
        }
        let reference = mostCommon(fingerprints)
        let (refPath, ref) = parts[reference]
        let shard = ref.shard!
        var seen: [Int: String] = [:]
        var evaluated = 0
        for (i, (path, part)) in parts.enumerated() {
            let s = part.shard!
            if fingerprints[i] != fingerprints[reference] {
                throw mismatch(path, part, refPath, ref)
            }
            if let other = seen[s.index] {
                throw InputError("shard \(s.index)/\(s.count) is given twice: \(other) and \(path)")
            }
            seen[s.index] = path
            // Each part's counts are within its points (validate); together they must be within the sweep's.
            let (sum, overflow) = evaluated.addingReportingOverflow(part.pointsEvaluated)
            guard !overflow, sum <= ref.points else {
                throw InputError("the parts evaluated more points than the sweep's \(ref.points) (at \(path)): they do not split it into disjoint shards")
            }
            evaluated = sum
        }
        // shard.count <= maximumShardCount (validate), so this list is bounded.
        let missing = (1...shard.count).filter { seen[$0] == nil }
        if !missing.isEmpty && !allowPartial {
            let list = missing.prefix(20).map { "\($0)/\(shard.count)" }.joined(separator: ", ")
                + (missing.count > 20 ? " and \(missing.count - 20) more" : "")
            throw InputError("missing shard\(missing.count > 1 ? "s" : "") \(list) (merge --allow-partial merges the others and marks the result partial)")
        }
        var result = ref
        result.shard = nil
        for (i, (_, part)) in parts.enumerated() where i != reference { result.merge(part) }
        let interrupted = parts.contains { $0.summary.partial }
        // Disjoint shards of one split cover the domain exactly once. Parts from gradcheck
        // builds that cut blocks differently would not: refuse them rather than count twice.
        if missing.isEmpty && !interrupted && result.pointsEvaluated != result.points {
            throw InputError("the \(parts.count) parts evaluated \(result.pointsEvaluated) points, but the sweep has \(result.points): they do not split it into disjoint shards (written by different gradcheck builds?)")
        }
        result.partial = interrupted || !missing.isEmpty
        result.missingShards = missing.isEmpty ? nil : .init(count: shard.count, shards: missing)
        return result
    }

    /// Why `part` (at `path`) is not a part of the sweep `ref` (at `refPath`) belongs to.
    static func mismatch(_ path: String, _ part: SweepSummary, _ refPath: String, _ ref: SweepSummary) -> InputError {
        let s = part.shard!, r = ref.shard!
        let differences = part.configuration.differences(from: ref.configuration, names: (path, refPath))
        if !differences.isEmpty {
            return InputError("\(path) is from a different sweep than \(refPath): \(differences.joined(separator: "; "))")
        }
        if s.blockPoints != r.blockPoints {
            return InputError("\(path) splits the sweep into blocks of \(s.blockPoints) points, \(refPath) into blocks of \(r.blockPoints): shards of different --block-points cannot be merged")
        }
        return InputError("\(path) is shard \(s.index)/\(s.count) and \(refPath) is shard \(r.index)/\(r.count) of the same sweep: the two splits overlap; merge the parts of one split")
    }

    /// The index of the first element of the most frequent value.
    static func mostCommon(_ values: [String]) -> Int {
        var counts: [String: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        var best = 0
        for (i, v) in values.enumerated() where counts[v]! > counts[values[best]]! { best = i }
        return best
    }
}
