import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 12, item 13: every command's output files follow one policy
/// (`OutputFile`): an input is never overwritten, two outputs never share a
/// file, devices are written in place, and a write error is one line, exit 2.
@Suite("gradcheck output files")
struct OutputFileCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func fixture(_ path: String) -> String { root.appendingPathComponent("fixtures/\(path)").path }
    static let grid = SweepCommandTests.grid

    /// A scratch copy of `fixture` in `dir`; its path.
    static func copy(_ fixture: String, to dir: URL, as name: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: Self.fixture(fixture), toPath: path)
        return path
    }

    static func expectRefused(_ result: GradcheckRunner.Output, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 2, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr == "error: \(message)\n", sourceLocation: sourceLocation)
    }

    @Test("key k.md --output k.md is refused before any work, and k.md is unchanged")
    func keyOntoItsInput() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try Self.copy("keys/exam-q2.md", to: dir, as: "k.md")
        let before = try Data(contentsOf: URL(fileURLWithPath: key))
        for option in ["--output", "--out"] {
            Self.expectRefused(try GradcheckRunner.run(["key", key, option, key]),
                               "--output \(key) is the answer key \(key): gradcheck does not overwrite its input; give another file")
        }
        // Through a symbolic link too: the link is followed.
        #expect(symlink(key, dir.appendingPathComponent("link.md").path) == 0)
        #expect(try GradcheckRunner.run(["key", key, "--output", dir.appendingPathComponent("link.md").path]).status == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: key)) == before)
    }

    @Test("sweep --output onto --points or --network, and --heatmap and --output on one file, are refused")
    func sweepOntoItsInputs() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let points = dir.appendingPathComponent("p.csv").path
        try "x,y,w1,w2\n1,0,0.5,0.5\n".write(toFile: points, atomically: true, encoding: .utf8)
        Self.expectRefused(try GradcheckRunner.run(["sweep", "--points", points, "--out", points]),
                           "--output \(points) is the point list \(points): gradcheck does not overwrite its input; give another file")
        #expect(try String(contentsOfFile: points, encoding: .utf8) == "x,y,w1,w2\n1,0,0.5,0.5\n")
        let network = try Self.copy("networks/q2.net", to: dir, as: "n.net")
        Self.expectRefused(try GradcheckRunner.run(["sweep", "--network", network, "--output", network] + Self.grid),
                           "--output \(network) is the network file \(network): gradcheck does not overwrite its input; give another file")
        let same = dir.appendingPathComponent("same.svg").path
        Self.expectRefused(try GradcheckRunner.run(["sweep", "--output", same, "--heatmap", same] + Self.grid),
                           "--output \(same) and --heatmap \(same) name the same file; give two different files")
        #expect(!FileManager.default.fileExists(atPath: same))
    }

    @Test("merge --output onto one of its parts is refused; --out stays an alias")
    func mergeOntoAPart() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = try MergeCommandTests.parts([1, 2], of: 2, in: dir)
        let before = try Data(contentsOf: URL(fileURLWithPath: parts[0]))
        Self.expectRefused(try GradcheckRunner.run(["merge", "--output", parts[0]] + parts),
                           "--output \(parts[0]) is the shard summary \(parts[0]): gradcheck does not overwrite its input; give another file")
        #expect(try Data(contentsOf: URL(fileURLWithPath: parts[0])) == before)
        let merged = dir.appendingPathComponent("m.json").path
        #expect(try GradcheckRunner.run(["merge", "--out", merged] + parts).status == 0)
        #expect(FileManager.default.fileExists(atPath: merged))
    }

    @Test("trajectory --plot onto the trajectory file is refused")
    func plotOntoItsInput() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.copy("trajectories/exam-paths.txt", to: dir, as: "t.txt")
        Self.expectRefused(try GradcheckRunner.run(["trajectory", file, "--plot", file]),
                           "--plot \(file) is the trajectory file \(file): gradcheck does not overwrite its input; give another file")
    }

    @Test("/dev/null is written in place and stays a device; /dev/full is refused before any work, exit 2")
    func devices() throws {
        let key = Self.fixture("keys/exam-q2-corrected.md")
        #expect(try GradcheckRunner.run(["key", key, "--output", "/dev/null"]).status == 0)
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let refusal = "cannot write /dev/full: it is a character device; gradcheck writes only regular files (and /dev/null), whole or not at all"
            Self.expectRefused(try GradcheckRunner.run(["key", key, "--output", "/dev/full"]), refusal)
            Self.expectRefused(try GradcheckRunner.run(["sweep", "--out", "/dev/full"] + Self.grid), refusal)
            #expect(stat("/dev/full", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
        }
    }

    /// `--output FIFO` with no reader used to hang forever in `open(2)`, deaf to
    /// SIGINT and SIGTERM. Every option that names an output file refuses it, exit 2.
    @Test("a FIFO as any command's output file is refused at once, exit 2")
    func fifoOutputs() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("f").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let refusal = "cannot write \(fifo): it is a FIFO (named pipe); gradcheck writes only regular files (and /dev/null), whole or not at all"
        let parts = try MergeCommandTests.parts([1, 2], of: 2, in: dir)
        let commands: [[String]] = [
            ["sweep", "--output", fifo] + Self.grid,
            ["sweep", "--heatmap", fifo] + Self.grid,
            ["merge", "--output", fifo] + parts,
            ["key", Self.fixture("keys/exam-q2-corrected.md"), "--output", fifo],
            ["trajectory", Self.fixture("trajectories/exam-paths.txt"), "--plot", fifo],
        ]
        for command in commands {
            Self.expectRefused(try GradcheckRunner.run(command, timeout: 20), refusal)
        }
    }

    @Test("--output /dev/stdout writes to standard output")
    func standardOutput() throws {
        let result = try GradcheckRunner.run(["key", Self.fixture("keys/exam-q2-corrected.md"), "--format", "json", "--output", "/dev/stdout"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"checked\""))
    }

    @Test("--output /proc/version names the real reason")
    func kernelFile() throws {
        try #require(FileManager.default.fileExists(atPath: "/proc/version"))
        Self.expectRefused(try GradcheckRunner.run(["key", Self.fixture("keys/exam-q2-corrected.md"), "--output", "/proc/version"]),
                           "cannot write /proc/version: /proc is in the kernel's proc file system, where no file can be created or replaced")
    }

    @Test("a new file's mode is 0666 less the umask (umask 027: 0640)")
    func umask() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("k.txt").path
        let result = try GradcheckRunner.run(executable: URL(fileURLWithPath: "/bin/sh"), arguments: [
            "-c", "umask 027 && exec \"$0\" key \"$1\" --output \"$2\"", try GradcheckRunner.locateExecutable().path,
            Self.fixture("keys/exam-q2-corrected.md"), out])
        #expect(result.status == 0, "\(result.stderr)")
        var status = stat()
        #expect(stat(out, &status) == 0 && status.st_mode & 0o7777 == 0o640)
    }

    @Test("a run that fails with exit 2 leaves no output file (item 14)")
    func failedRunWritesNothing() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.json").path
        try "{}".write(toFile: bad, atomically: true, encoding: .utf8)
        let merged = dir.appendingPathComponent("m.json").path
        #expect(try GradcheckRunner.run(["merge", "--output", merged, bad]).status == 2)
        let broken = dir.appendingPathComponent("t.txt").path
        try "f = x +\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let plot = dir.appendingPathComponent("t.svg").path
        #expect(try GradcheckRunner.run(["trajectory", broken, "--plot", plot]).status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["bad.json", "t.txt"])
    }
}
