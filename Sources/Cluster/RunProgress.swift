import GradientSweep
import Foundation
import Reporting

/// Which shards of a run directory have a valid part file, and what remains
/// to be submitted.
public struct RunProgress: Sendable, Equatable {
    /// Shards (1-based) whose part file holds this sweep's summary of that shard.
    public var done: [Int]
    /// Shards without a usable part file.
    public var missing: [Int]
    /// Part files that exist but cannot be read (e.g. cut short by a full disk); counted as missing.
    public var unreadable: [String]
    /// True when `RUN_DIR/summary.json` exists.
    public var merged: Bool

    public init(done: [Int], missing: [Int], unreadable: [String] = [], merged: Bool) {
        self.done = done
        self.missing = missing
        self.unreadable = unreadable
        self.merged = merged
    }

    /// Reads every part file of `layout` for the sweep `record` describes.
    ///
    /// - Throws: `InputError` for a part file of another sweep or another shard
    ///   (it would otherwise be merged or overwritten silently).
    public static func scan(_ layout: RunLayout, record: RunRecord) throws(InputError) -> RunProgress {
        var progress = RunProgress(done: [], missing: [], merged: FileManager.default.fileExists(atPath: layout.summary))
        // One directory listing, not a stat per shard: 4,000,000 shards took 60 s of stat calls.
        let present = Set(((try? FileManager.default.contentsOfDirectory(atPath: layout.partsDirectory)) ?? []).compactMap(shardNumber))
        for k in 1...record.shards {
            guard present.contains(k) else {
                progress.missing.append(k)
                continue
            }
            let path = layout.part(k)
            guard let report = try? SweepReport.read(path: path) else {
                progress.unreadable.append(path)
                progress.missing.append(k)
                continue
            }
            guard let shard = report.summary.shard, shard.index == k, shard.count == record.shards,
                  SweepFingerprint.of(configuration: report.summary.configuration, shardCount: shard.count,
                                      blockPoints: shard.blockPoints) == record.fingerprint else {
                throw InputError("\(path) is not shard \(k)/\(record.shards) of the sweep in \(layout.directory): remove it, or use another --dir")
            }
            progress.done.append(k)
        }
        return progress
    }

    /// K for a file named `part-K.json`, as ``RunLayout/part(_:)`` names it.
    static func shardNumber(_ name: String) -> Int? {
        guard name.hasPrefix("part-"), name.hasSuffix(".json") else { return nil }
        return Int(name.dropFirst("part-".count).dropLast(".json".count))
    }

    /// What to submit: the shards for the job array (empty: no array) and whether a merge job is needed.
    public var plan: (array: [Int], merge: Bool) {
        if missing.isEmpty { return ([], !merged) }
        return (missing, true)
    }
}
