import GradientSweep
import Foundation

/// How a submitted run ended, decided from Slurm's job states and the run
/// directory's files (which say more than exit codes: `sbatch --wait` exits 0
/// even when the dependent merge job was cancelled).
public enum RunWatch {
    public enum Status: Sendable, Equatable {
        /// The merge job is pending or running.
        case active
        /// `summary.json` was written.
        case merged
        /// The merge job ended (or can never start) without writing `summary.json`.
        case failed
    }

    /// - Parameters:
    ///   - mergeJob: the merge job's id.
    ///   - states: `squeue --states=all` for the run's jobs; a job Slurm has forgotten is absent.
    ///   - merged: whether `summary.json` exists.
    public static func status(mergeJob: String, states: [JobState], merged: Bool) -> Status {
        if let m = states.first(where: { $0.id == mergeJob }), m.isActive, !m.isStuck { return .active }
        return merged ? .merged : .failed
    }

    /// What went wrong, for people: the merge job's state, each missing shard
    /// with the last lines of its log, and how to resubmit them.
    ///
    /// - Parameter logTail: the last lines of a file, `nil` when it cannot be read.
    public static func failureReport(layout: RunLayout, progress: RunProgress, mergeJob: String, states: [JobState],
                                     logTail: (String) -> String?) -> String {
        var out = "gradcheck submit: the sweep in \(layout.directory) FAILED: "
        if let m = states.first(where: { $0.id == mergeJob }) {
            out += "merge job \(mergeJob) \(m.state)\(m.reason.isEmpty || m.reason == "None" ? "" : " (\(m.reason))")"
        } else {
            out += "merge job \(mergeJob) ended"
        }
        out += " and \(layout.summary) was not written\n"
        if progress.missing.isEmpty {
            out += "every shard's part is there; the merge failed: see \(layout.mergeLog)\n"
            if let tail = logTail(layout.mergeLog), !tail.isEmpty { out += indent(tail) }
        } else {
            out += "no part from shard\(progress.missing.count > 1 ? "s" : "") \(ArrayIndexList.format(progress.missing)) of \(progress.done.count + progress.missing.count):\n"
            for k in progress.missing {
                let task = states.first { $0.id.hasSuffix("_\(k)") }
                out += "  shard \(k)\(task.map { " (task \($0.id) \($0.state))" } ?? ""): \(layout.log(k))\n"
                if let tail = logTail(layout.log(k)), !tail.isEmpty { out += indent(tail, by: "    ") }
            }
            out += "fix the cause and run the same gradcheck submit command again: it submits only the missing shards\n"
        }
        return out
    }

    /// The last `lines` lines of the file at `path`, `nil` when it cannot be read.
    public static func tail(_ path: String, lines: Int = 3) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let all = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        return all.suffix(lines).joined(separator: "\n")
    }

    static func indent(_ text: String, by prefix: String = "  ") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }.joined(separator: "\n") + "\n"
    }
}

extension RunWatch {
    /// How a wait ended.
    public enum Outcome: Sendable {
        /// `summary.json` was written: the merged report.
        case merged(SweepReport)
        /// The merge job ended or can never start: ``failureReport(layout:progress:mergeJob:states:logTail:)``.
        case failed(String)
        /// The merge job was still pending or running at the deadline.
        case timedOut
    }

    /// Polls `squeue` every `interval` seconds until `submission`'s merge job
    /// has ended or `timeout` seconds have passed, then reads the run directory.
    /// A merge job stuck on a dependency that can never be satisfied is
    /// cancelled. `squeue` may fail for up to 30 polls in a row (a restarting
    /// controller) before the wait gives up with its error.
    public static func wait(for submission: RunRecord.Submission, in layout: RunLayout, record: RunRecord,
                            client: SlurmClient, timeout: Double, interval: Double = 1) throws -> Outcome {
        let deadline = Date().addingTimeInterval(timeout)
        var failures = 0
        while true {
            let states: [JobState]
            do {
                states = try client.states(of: submission.jobs)
                failures = 0
            } catch {
                failures += 1
                guard failures < 30 else { throw error }
                Thread.sleep(forTimeInterval: interval)
                continue
            }
            switch status(mergeJob: submission.mergeJob, states: states, merged: FileManager.default.fileExists(atPath: layout.summary)) {
            case .active:
                guard Date() < deadline else { return .timedOut }
                Thread.sleep(forTimeInterval: interval)
            case .merged:
                return .merged(try SweepReport.read(path: layout.summary))
            case .failed:
                if states.first(where: { $0.id == submission.mergeJob })?.isStuck == true { client.cancel(submission.mergeJob) }
                let progress = try RunProgress.scan(layout, record: record)
                return .failed(failureReport(layout: layout, progress: progress, mergeJob: submission.mergeJob, states: states) { tail($0) })
            }
        }
    }
}
