import Foundation
import Testing

/// The command line at its most basic: help, and a usage error.
@Suite("gradcheck command line: smoke")
struct CLISmokeTests {
    @Test("--help exits 0 and says what the tool is for")
    func help() throws {
        let result = try GradcheckRunner.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.lowercased().contains("gradient"))
        #expect(result.stderr.isEmpty)
    }

    @Test("an unknown flag is a usage error, reported on stderr")
    func unknownFlag() throws {
        let result = try GradcheckRunner.run(["--bogus"])
        // Stock ArgumentParser exits 64 (EX_USAGE); the project's rule is 2,
        // mapped once in GradCheckCommand.
        #expect(result.status == 2)
        #expect(result.stderr.contains("--bogus"))
        #expect(result.stdout.isEmpty)
    }
}

/// The runner itself, on ordinary Unix tools, so that a failure here is not
/// mistaken for a failure of `gradcheck`.
@Suite("GradcheckRunner")
struct GradcheckRunnerTests {
    static let sh = URL(fileURLWithPath: "/bin/sh")

    @Test("finds a gradcheck executable")
    func locates() throws {
        let url = try GradcheckRunner.locateExecutable()
        #expect(url.lastPathComponent == "gradcheck")
    }

    @Test("passes standard input through")
    func standardInput() throws {
        let result = try GradcheckRunner.run(executable: Self.sh, arguments: ["-c", "cat"], stdin: "a\nb\n")
        #expect(result.status == 0)
        #expect(result.stdout == "a\nb\n")
    }

    @Test("large output on both pipes does not deadlock")
    func largeOutput() throws {
        // 1 MB to each pipe, far beyond a pipe's 64 KiB buffer, stderr first.
        let script = "head -c 1000000 /dev/zero | tr '\\0' e >&2; head -c 1000000 /dev/zero | tr '\\0' o"
        let result = try GradcheckRunner.run(executable: Self.sh, arguments: ["-c", script], timeout: 30)
        #expect(result.status == 0)
        #expect(result.stdout.utf8.count == 1_000_000)
        #expect(result.stderr.utf8.count == 1_000_000)
    }

    @Test("input the command never reads does not block or kill the runner")
    func unreadInput() throws {
        let big = String(repeating: "x", count: 1_000_000)
        let result = try GradcheckRunner.run(executable: Self.sh, arguments: ["-c", "exit 3"], stdin: big, timeout: 30)
        #expect(result.status == 3)
    }

    @Test("a command killed by a signal reports 128 + the signal")
    func signalStatus() throws {
        let result = try GradcheckRunner.run(executable: Self.sh, arguments: ["-c", "kill -9 $$"])
        #expect(result.status == 128 + 9)
    }

    @Test("a command that outlives the timeout is killed and reported")
    func timeout() throws {
        let start = Date()
        #expect(throws: GradcheckRunner.Failure.self) {
            try GradcheckRunner.run(executable: Self.sh, arguments: ["-c", "exec sleep 30"], timeout: 0.5)
        }
        #expect(Date().timeIntervalSince(start) < 10)
    }
}
