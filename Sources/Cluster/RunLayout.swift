import Foundation
import Reporting

/// Where `gradcheck submit` keeps a sweep's files in its run directory:
///
///     RUN_DIR/run.json             what was submitted (``RunRecord``)
///     RUN_DIR/sweep.sbatch         the job array, one task per shard
///     RUN_DIR/merge.sbatch         the merge job, after every shard succeeded
///     RUN_DIR/parts/part-K.json    shard K's summary (K = 1...N)
///     RUN_DIR/logs/shard-K.out     shard K's output and errors
///     RUN_DIR/logs/merge.out       the merge's output and errors
///     RUN_DIR/summary.json         the merged summary
public struct RunLayout: Sendable, Equatable {
    /// The run directory, absolute.
    public var directory: String

    /// `directory` made absolute against `workingDirectory` and normalised.
    ///
    /// - Throws: `InputError` for a path Slurm's `#SBATCH --output=` lines
    ///   cannot carry (white space, quotes, `%`, `\`, `$`, and `#`, which
    ///   ends an `#SBATCH` line: `runs/r#6` used to truncate every log path).
    public init(directory: String, workingDirectory: String) throws(InputError) {
        let absolute = directory.hasPrefix("/") ? directory : workingDirectory + "/" + directory
        let normalised = URL(fileURLWithPath: absolute).standardizedFileURL.path
        if let bad = normalised.first(where: { $0.isWhitespace || "'\"%\\$`#".contains($0) }) {
            throw InputError("--dir '\(directory)': the run directory's path must not contain '\(bad)' (it goes into #SBATCH lines)")
        }
        self.directory = normalised
    }

    public var record: String { directory + "/run.json" }
    public var sweepScript: String { directory + "/sweep.sbatch" }
    public var mergeScript: String { directory + "/merge.sbatch" }
    public var partsDirectory: String { directory + "/parts" }
    public var logsDirectory: String { directory + "/logs" }
    public var summary: String { directory + "/summary.json" }
    public var mergeLog: String { logsDirectory + "/merge.out" }

    public func part(_ shard: Int) -> String { "\(partsDirectory)/part-\(shard).json" }
    public func log(_ shard: Int) -> String { "\(logsDirectory)/shard-\(shard).out" }
}
