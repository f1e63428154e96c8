import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `gradcheck submit` on a real one-node Slurm cluster (Debian's Slurm 22.05),
/// started and stopped by `.ci/slurm-cluster-test`: the merged summary of a
/// 4-shard job array equals the single-process sweep bit for bit, a failing
/// shard ends in a clear failure with the merge job cancelled, a rerun
/// submits only the failed shard, and `--shard auto` in a hand-written array
/// `0-3` gives the same summary.
///
/// Runs only when asked, with `GRADCHECK_SLURM_TEST=1` (CI's `.ci/run` asks;
/// `make test-slurm` too), and then only as root on Debian with apt-get (it
/// installs Slurm and munge when missing): a developer's `make test` does not
/// install packages or start daemons. Otherwise it is skipped with the reason.
@Suite("Slurm cluster")
struct SlurmClusterTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = root.appendingPathComponent(".ci/slurm-cluster-test").path
    /// The whole run (install, start, three submissions, stop) took about 12 s here.
    static let deadline: Double = 600

    /// Why the test cannot run here, or `nil` when it can.
    static let skipReason: String? = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["GRADCHECK_SLURM_TEST"] == "1" else {
            return "it installs Slurm and starts its daemons; run it with GRADCHECK_SLURM_TEST=1 (make test-slurm; CI's .ci/run does)"
        }
        if environment["GRADCHECK_SKIP_SLURM"] != nil { return "GRADCHECK_SKIP_SLURM is set" }
        if geteuid() != 0 { return "not running as root (the test installs and starts Slurm's daemons)" }
        if !FileManager.default.fileExists(atPath: "/etc/debian_version") { return "not Debian (the test installs Debian's slurmctld, slurmd, slurm-client and munge)" }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") { return "apt-get not found" }
        return nil
    }()

    static var enabled: Bool {
        if let reason = skipReason { print("Slurm cluster test skipped: \(reason)") }
        return skipReason == nil
    }

    static var skipComment: Comment { Comment(rawValue: skipReason ?? "") }

    @Test("a 4-shard job array with a merge job equals one process; a failing shard fails clearly; a rerun runs only it",
          .enabled(if: enabled, skipComment),
          .timeLimit(.minutes(15)))
    func jobArray() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("gradcheck-slurm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let (status, output) = try Self.runScript([Self.gradcheck(), work.path])
        print(output)
        try #require(status == 0, "\(Self.script) exited \(status)")

        let single = try Self.summary(work.appendingPathComponent("single.json"))
        #expect(try Self.summary(work.appendingPathComponent("run-ok/summary.json")) == single)
        #expect(try Self.summary(work.appendingPathComponent("run-fail/summary.json")) == single)
        #expect(try Self.summary(work.appendingPathComponent("auto/summary.json")) == single)

        let failure = try String(contentsOf: work.appendingPathComponent("run-fail.err"), encoding: .utf8)
        #expect(failure.contains("FAILED: merge job"))
        #expect(failure.contains("CANCELLED"))
        #expect(failure.contains("no part from shard 3 of 4"))
        #expect(failure.contains("part-3.json: Is a directory"))
        let rerun = try String(contentsOf: work.appendingPathComponent("run-rerun.out"), encoding: .utf8)
        #expect(rerun.contains("submitted shards 3 of 4 as array job"))
        #expect(rerun.contains("no failures"))
        let parts = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("run-ok/parts").path)
        #expect(parts.sorted() == ["part-1.json", "part-2.json", "part-3.json", "part-4.json"])
    }

    /// The `summary` object of a sweep JSON file, keys sorted (timings left out).
    static func summary(_ url: URL) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return String(decoding: try JSONSerialization.data(withJSONObject: object["summary"]!, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The `gradcheck` binary `swift build` put beside this test bundle.
    static func gradcheck() throws -> String {
        let dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let path = dir.appendingPathComponent("gradcheck").path
        try #require(FileManager.default.isExecutableFile(atPath: path), "no gradcheck binary at \(path) (run swift build first)")
        return path
    }

    /// Runs the script with the deadline, output to a log file. On timeout it
    /// gets SIGTERM (its trap stops the daemons), then SIGKILL 3 minutes later.
    ///
    /// Spawned with posix_spawn so that the script starts with no signal
    /// blocked or ignored: Foundation's `Process` passes on the test thread's
    /// mask, which blocks SIGTERM, and the daemons would inherit it.
    static func runScript(_ arguments: [String]) throws -> (Int32, String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("gradcheck-slurm-\(UUID().uuidString).log").path
        defer { unlink(log) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&files, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&files, 1, 2)
        let argv = ([script] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, script, &files, &attributes, argv, environ)
        try #require(spawned == 0, "cannot start \(script): \(String(cString: strerror(spawned)))")

        func output() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        func waitExit(within seconds: Double) -> Int32? {
            let end = Date().addingTimeInterval(seconds)
            var status: Int32 = 0
            while Date() < end {
                if waitpid(pid, &status, WNOHANG) == pid {
                    // WIFEXITED / WEXITSTATUS, WTERMSIG as a shell reports it.
                    return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
            return nil
        }
        if let status = waitExit(within: deadline) { return (status, output()) }
        kill(pid, SIGTERM)
        if waitExit(within: 180) == nil {
            kill(pid, SIGKILL)
            _ = waitExit(within: 10)
        }
        Issue.record("\(script) did not finish within \(deadline) s\n\(output())")
        return (-1, output())
    }
}
