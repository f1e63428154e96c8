import GradientSweep
import Cluster
import Foundation
import Reporting
import Testing

/// Submitting and waiting against stand-in `sbatch` and `squeue` scripts on
/// `PATH`: `sbatch` logs its arguments and prints job ids 41, 42, …;
/// `squeue` prints the file `states` (lines `ID|STATE|REASON`).
@Suite("RunDirectory")
struct RunDirectoryTests {
    struct FakeSlurm {
        let bin: URL
        var client: SlurmClient { SlurmClient(environment: ["PATH": bin.path + ":/usr/bin:/bin"]) }
        var calls: [String] { ((try? String(contentsOf: bin.appendingPathComponent("calls"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }

        init(in dir: URL) throws {
            bin = dir.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            let scripts = [
                "sbatch": """
                    #!/bin/sh
                    echo "sbatch $*" >> "$(dirname "$0")/calls"
                    case "$*" in *merge.sbatch) if [ -e "$(dirname "$0")/refuse-merge" ]; then echo "sbatch: error: Invalid account" >&2; exit 1; fi ;; esac
                    n=$(cat "$(dirname "$0")/next" 2>/dev/null || echo 41)
                    echo $((n + 1)) > "$(dirname "$0")/next"
                    echo "$n;cluster"
                    """,
                "squeue": """
                    #!/bin/sh
                    echo "squeue $*" >> "$(dirname "$0")/calls"
                    cat "$(dirname "$0")/states" 2>/dev/null
                    """,
                "scancel": "#!/bin/sh\necho \"scancel $*\" >> \"$(dirname \"$0\")/calls\"\n",
            ]
            for (name, text) in scripts {
                let path = bin.appendingPathComponent(name).path
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            }
        }

        func states(_ text: String) throws {
            try text.write(to: bin.appendingPathComponent("states"), atomically: true, encoding: .utf8)
        }
    }

    /// A run directory under `dir` for a sweep in `shards` shards, opened with `slurm`'s client, its scripts written.
    static func written(shards: Int, in dir: URL, _ slurm: FakeSlurm) throws -> (RunLayout, RunRecord, RunDirectory) {
        let layout = try RunLayout(directory: dir.appendingPathComponent("run").path, workingDirectory: "/")
        let record = try Fixtures.record(shards: shards)
        let run = try RunDirectory(layout: layout, record: record, client: slurm.client)
        try run.write(Self.scripts(layout, record))
        return (layout, record, run)
    }

    static func scripts(_ layout: RunLayout, _ record: RunRecord) -> SbatchScripts {
        SbatchScripts(layout: layout, binary: record.binary, workingDirectory: "/", arguments: record.arguments, shards: record.shards)
    }

    @Test("a first submission: the whole array, the merge after it, both recorded in run.json")
    func submit() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let slurm = try FakeSlurm(in: dir)
        let (layout, record, opened) = try Self.written(shards: 4, in: dir, slurm)
        var run = opened
        let submission = try run.submit(Self.scripts(layout, record), with: slurm.client)
        #expect(submission == .init(arrayJob: "41", shards: [1, 2, 3, 4], mergeJob: "42"))
        #expect(slurm.calls == [
            "sbatch --parsable \(layout.sweepScript)",
            "sbatch --parsable --dependency=afterok:41 --kill-on-invalid-dep=yes \(layout.mergeScript)",
        ])
        #expect(try RunRecord.read(path: layout.record)?.submissions == [submission])
    }

    @Test("reopened while its jobs are queued or running: refused; once they ended: only the missing shards")
    func rerun() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let slurm = try FakeSlurm(in: dir)
        let (layout, record, opened) = try Self.written(shards: 4, in: dir, slurm)
        var run = opened
        _ = try run.submit(Self.scripts(layout, record), with: slurm.client)

        try slurm.states("41_1|COMPLETED|None\n41_2|RUNNING|None\n42|PENDING|Dependency\n")
        let busy = try RunDirectory(layout: layout, record: record, client: slurm.client)
        #expect(busy.activeSubmission == .init(arrayJob: "41", shards: [1, 2, 3, 4], mergeJob: "42"))
        #expect {
            try busy.requireIdle()
        } throws: { error in
            (error as? InputError)?.message == "jobs 41, 42 of \(layout.directory) are still queued or running (squeue -j 41,42): wait for them (add --wait) or scancel them first"
        }

        try slurm.states("41_2|FAILED|NonZeroExitCode\n42|CANCELLED|DependencyNeverSatisfied\n")
        for k in [1, 3, 4] { try AtomicFile.write(try Fixtures.partJSON(k, of: 4), to: layout.part(k)) }
        try AtomicFile.write("{}", to: layout.summary)  // from some earlier merge: stale
        var again = try RunDirectory(layout: layout, record: record, client: slurm.client)
        #expect(again.activeSubmission == nil)
        #expect(again.progress.missing == [2])
        let second = try again.submit(Self.scripts(layout, record), with: slurm.client)
        #expect(second == .init(arrayJob: "43", shards: [2], mergeJob: "44"))
        #expect(slurm.calls.suffix(2) == [
            "sbatch --parsable --array=2 \(layout.sweepScript)",
            "sbatch --parsable --dependency=afterok:43 --kill-on-invalid-dep=yes \(layout.mergeScript)",
        ])
        #expect(!FileManager.default.fileExists(atPath: layout.summary))
        #expect(try RunRecord.read(path: layout.record)?.submissions.count == 2)
    }

    @Test("when the merge cannot be submitted, the array job is cancelled and nothing is recorded")
    func mergeRefused() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let slurm = try FakeSlurm(in: dir)
        _ = FileManager.default.createFile(atPath: slurm.bin.appendingPathComponent("refuse-merge").path, contents: nil)
        let (layout, record, opened) = try Self.written(shards: 4, in: dir, slurm)
        var run = opened
        #expect {
            _ = try run.submit(Self.scripts(layout, record), with: slurm.client)
        } throws: { error in
            (error as? InputError)?.message
                == "sbatch --parsable --dependency=afterok:41 --kill-on-invalid-dep=yes \(layout.mergeScript) failed (status 1): sbatch: error: Invalid account; array job 41 was cancelled"
        }
        #expect(slurm.calls.last == "scancel 41")
        #expect(try RunRecord.read(path: layout.record)?.submissions == [])
    }

    @Test("wait: a failed task ends in the failure report; a stuck merge job is cancelled; a written summary is the result")
    func wait() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let slurm = try FakeSlurm(in: dir)
        let (layout, record, opened) = try Self.written(shards: 2, in: dir, slurm)
        var run = opened
        let submission = try run.submit(Self.scripts(layout, record), with: slurm.client)
        try AtomicFile.write(try Fixtures.partJSON(1, of: 2), to: layout.part(1))
        try AtomicFile.write("error: cannot write \(layout.part(2)): Disk quota exceeded\n", to: layout.log(2))

        try slurm.states("41_1|COMPLETED|None\n41_2|FAILED|NonZeroExitCode\n42|PENDING|DependencyNeverSatisfied\n")
        guard case .failed(let report) = try RunWatch.wait(for: submission, in: layout, record: run.record, client: slurm.client, timeout: 5, interval: 0.01) else {
            Issue.record("expected a failure")
            return
        }
        #expect(report.contains("merge job 42 PENDING (DependencyNeverSatisfied)"))
        #expect(report.contains("shard 2 (task 41_2 FAILED): \(layout.log(2))\n    error: cannot write \(layout.part(2)): Disk quota exceeded"))
        #expect(slurm.calls.last == "scancel 42")

        try slurm.states("42|PENDING|Dependency\n")
        guard case .timedOut = try RunWatch.wait(for: submission, in: layout, record: run.record, client: slurm.client, timeout: 0.05, interval: 0.01) else {
            Issue.record("expected a timeout")
            return
        }

        try AtomicFile.write(try Fixtures.partJSON(2, of: 2), to: layout.part(2))
        let merged = try SweepMerge.merge([1, 2].map { k in (layout.part(k), try SweepReport.read(path: layout.part(k)).summary) })
        try AtomicFile.write(SweepReport(summary: merged, timing: nil).json(), to: layout.summary)
        try slurm.states("42|COMPLETED|None\n")
        guard case .merged(let result) = try RunWatch.wait(for: submission, in: layout, record: run.record, client: slurm.client, timeout: 5, interval: 0.01) else {
            Issue.record("expected the merged summary")
            return
        }
        #expect(result.summary == merged)
    }
}
