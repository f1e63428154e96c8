import Foundation
import Reporting

/// A run directory being submitted (or resubmitted) for one sweep: what is
/// already there, the scripts, and the submissions, recorded in `run.json`.
public struct RunDirectory: Sendable {
    public let layout: RunLayout
    /// The sweep, with every earlier submission.
    public private(set) var record: RunRecord
    /// Which shards have their part, when the directory was opened.
    public let progress: RunProgress

    /// The last submission, when some of its jobs are still queued or running
    /// (looked up only when a client was given).
    public let activeSubmission: RunRecord.Submission?

    /// Opens `layout` for the sweep `record` describes.
    ///
    /// - Parameter client: when given, the last submission's jobs are looked
    ///   up in `squeue` (``activeSubmission``).
    /// - Throws: `InputError` when the directory holds another sweep (naming
    ///   what differs) or a part of another sweep.
    public init(layout: RunLayout, record: RunRecord, client: SlurmClient?) throws(InputError) {
        self.layout = layout
        var record = record
        var active: RunRecord.Submission?
        if let existing = try RunRecord.read(path: layout.record) {
            if let why = existing.mismatch(record, directory: layout.directory) { throw InputError(why) }
            record.submissions = existing.submissions
            if let client, let last = existing.submissions.last,
               try client.states(of: last.jobs).contains(where: { $0.isActive && !$0.isStuck }) {
                active = last
            }
        }
        self.record = record
        activeSubmission = active
        progress = try RunProgress.scan(layout, record: record)
    }

    /// Refuses to submit while ``activeSubmission`` runs: its shards would run twice.
    public func requireIdle() throws(InputError) {
        if let active = activeSubmission {
            let jobs = active.jobs
            throw InputError("jobs \(jobs.joined(separator: ", ")) of \(layout.directory) are still queued or running (squeue -j \(jobs.joined(separator: ","))): wait for them (add --wait) or scancel them first")
        }
    }

    /// Creates the directory, `parts/` and `logs/`, and writes both scripts and `run.json`.
    public func write(_ scripts: SbatchScripts) throws {
        for d in [layout.directory, layout.partsDirectory, layout.logsDirectory] {
            do { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) } catch {
                throw InputError("cannot create \(d): \(error.localizedDescription)")
            }
        }
        try AtomicFile.write(scripts.sweep, to: layout.sweepScript)
        try AtomicFile.write(scripts.merge, to: layout.mergeScript)
        try AtomicFile.write(record.json(), to: layout.record)
    }

    /// Submits ``RunProgress/plan``: the array of missing shards (if any), then
    /// the merge after it, and records the submission in `run.json`.
    ///
    /// A `summary.json` from an earlier merge is removed when shards are rerun:
    /// it is stale, and a watcher must not mistake it for this merge's result.
    /// If the merge cannot be submitted, the array job is cancelled again.
    public mutating func submit(_ scripts: SbatchScripts, with client: SlurmClient) throws -> RunRecord.Submission {
        let plan = progress.plan
        if progress.merged && !plan.array.isEmpty { try? FileManager.default.removeItem(atPath: layout.summary) }
        let arrayJob = plan.array.isEmpty ? nil : try client.submit(scripts.sweepSubmission(shards: plan.array))
        let mergeJob: String
        do {
            mergeJob = try client.submit(scripts.mergeSubmission(after: arrayJob))
        } catch {
            // An array without its merge would run unrecorded: take it back.
            if let arrayJob { client.cancel(arrayJob) }
            throw InputError(error.message + (arrayJob.map { "; array job \($0) was cancelled" } ?? ""))
        }
        let submission = RunRecord.Submission(arrayJob: arrayJob, shards: plan.array, mergeJob: mergeJob)
        record.submissions.append(submission)
        try AtomicFile.write(record.json(), to: layout.record)
        return submission
    }
}

extension RunRecord.Submission {
    /// The array job (if any) and the merge job.
    public var jobs: [String] { [arrayJob, mergeJob].compactMap { $0 } }
}
