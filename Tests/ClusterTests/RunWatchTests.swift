import Cluster
import Testing

/// How a submitted run ended, from job states and files.
@Suite("RunWatch")
struct RunWatchTests {
    @Test("active while the merge job is pending or running; stuck or ended: merged if summary.json exists, else failed")
    func status() {
        func s(_ state: String, _ reason: String = "None", merged: Bool = false) -> RunWatch.Status {
            RunWatch.status(mergeJob: "7", states: [JobState(id: "6_1", state: "RUNNING", reason: "None"), JobState(id: "7", state: state, reason: reason)], merged: merged)
        }
        #expect(s("PENDING", "Dependency") == .active)
        #expect(s("RUNNING") == .active)
        #expect(s("PENDING", "DependencyNeverSatisfied") == .failed)
        #expect(s("CANCELLED", "DependencyNeverSatisfied") == .failed)
        #expect(s("COMPLETED", merged: true) == .merged)
        #expect(s("FAILED", merged: true) == .merged)  // merge exits 1 when the sweep found failures
        #expect(RunWatch.status(mergeJob: "7", states: [], merged: false) == .failed)  // forgotten by Slurm
    }

    @Test("the failure report names the merge job's state, each missing shard with its task and log's last lines")
    func report() throws {
        let layout = try RunLayout(directory: "/r", workingDirectory: "/")
        let progress = RunProgress(done: [1, 2, 4], missing: [3], merged: false)
        let states = [JobState(id: "6_3", state: "FAILED", reason: "NonZeroExitCode"), JobState(id: "7", state: "CANCELLED", reason: "DependencyNeverSatisfied")]
        let text = RunWatch.failureReport(layout: layout, progress: progress, mergeJob: "7", states: states) { path in
            path == "/r/logs/shard-3.out" ? "error: cannot write /r/parts/part-3.json: Is a directory" : nil
        }
        #expect(text == """
            gradcheck submit: the sweep in /r FAILED: merge job 7 CANCELLED (DependencyNeverSatisfied) and /r/summary.json was not written
            no part from shard 3 of 4:
              shard 3 (task 6_3 FAILED): /r/logs/shard-3.out
                error: cannot write /r/parts/part-3.json: Is a directory
            fix the cause and run the same gradcheck submit command again: it submits only the missing shards

            """)
        let mergeFailed = RunWatch.failureReport(layout: layout, progress: RunProgress(done: [1, 2, 3, 4], missing: [], merged: false),
                                                 mergeJob: "7", states: []) { _ in "error: cannot write /r/summary.json: No space left on device" }
        #expect(mergeFailed.contains("merge job 7 ended and /r/summary.json was not written"))
        #expect(mergeFailed.contains("the merge failed: see /r/logs/merge.out\n  error: cannot write /r/summary.json: No space left on device"))
    }
}
