import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 12, items 17–20: CRLF point lists, negative option values, signals, --version.
@Suite("gradcheck input details")
struct InputDetailsCommandTests {
    @Test("a CRLF point list reads as its LF twin (item 17)")
    func crlfPointList() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lf = dir.appendingPathComponent("lf.csv").path, crlf = dir.appendingPathComponent("crlf.csv").path
        let rows = ["x,y,w1,w2", "1,0,0.5,0.5", "-2,1,0.25,-1"]
        try (rows.joined(separator: "\n") + "\n").write(toFile: lf, atomically: true, encoding: .utf8)
        try (rows.joined(separator: "\r\n") + "\r\n").write(toFile: crlf, atomically: true, encoding: .utf8)
        let a = try GradcheckRunner.run(["sweep", "--points", lf]), b = try GradcheckRunner.run(["sweep", "--points", crlf])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(b.stdout.replacingOccurrences(of: crlf, with: lf).split(separator: "\n").filter { !$0.contains("points/s") }
            == a.stdout.split(separator: "\n").filter { !$0.contains("points/s") })
        // An error in a CRLF file is one line.
        try "x,y,w1,w2\r\n1,0,zz,0.5\r\n".write(toFile: crlf, atomically: true, encoding: .utf8)
        let bad = try GradcheckRunner.run(["sweep", "--points", crlf])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("\(crlf):2:5: ") && bad.stderr.filter { $0 == "\n" }.count == 1, "\(bad.stderr)")
    }

    @Test("a negative value reaches the option's own check (item 18)", arguments: [
        (["check", "--x", "1", "--w1", "1", "--w2", "1", "--y", "1", "--atol", "-1"], "--atol must be a finite number >= 0, not -1.0"),
        (["check", "--x", "1", "--w1", "1", "--w2", "1", "--y", "1", "--step", "-1e-3"], "--step must be a finite number > 0, not -0.001"),
        (["sweep", "--x", "0", "--w1", "0", "--w2", "0", "--y", "0", "--rtol", "-1"], "--atol, --rtol and --widening must be finite and non-negative"),
        (["sweep", "--x", "0", "--w1", "0", "--w2", "0", "--y", "0", "--threads", "-2"], "--threads must be at least 1"),
        (["sweep", "--bogus"], "unknown option '--bogus' (axes: --x, --y, --w1, --w2; see --help)"),
    ])
    func negativeValues(arguments: [String], message: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = try GradcheckRunner.run(arguments, currentDirectory: root)
        #expect(result.status == 2)
        #expect(result.stderr == "error: \(message)\n")
    }

    @Test("SIGQUIT, SIGTERM and SIGINT stop a sweep alike: partial summary, no output file, exit 128+N (item 19)",
          .tags(.slow), .skippedWhenQuick, arguments: [SIGQUIT, SIGTERM, SIGINT])
    func signals(number: Int32) throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("s.json").path
        // 54 million points on one thread: minutes of work, stopped after 1.5 s.
        let result = try GradcheckRunner.run(["sweep", "--x", "-4:4:300", "--w1", "-4:4:300", "--w2", "-4:4:300", "--y", "0,1",
                                              "--threads", "1", "--output", out], timeout: 120, signal: (number, 1.5))
        #expect(result.status == 128 + number, "\(result.stderr)")
        #expect(result.stdout.contains("PARTIAL: interrupted"))
        #expect(!result.stderr.contains("crashed"))
        #expect(result.stderr.hasSuffix("no output file was written\n"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("--version prints the version JSON and SARIF reports carry (item 20)")
    func version() throws {
        let result = try GradcheckRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "0.1.0\n")
        let key = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/keys/exam-q2-corrected.md").path
        #expect(try GradcheckRunner.run(["key", key, "--format", "json"]).stdout.contains("\"toolVersion\" : \"0.1.0\""))
    }
}
