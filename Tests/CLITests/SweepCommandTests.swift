import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `gradcheck sweep` and `gradcheck merge`, run as a user would.
@Suite("gradcheck sweep")
struct SweepCommandTests {
    static let grid = ["--x", "-4:4:9", "--w1", "-4:4:8", "--w2", "-4:4:7", "--y", "0,1"]

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a grid sweep prints its summary and exits 0")
    func summary() throws {
        let r = try GradcheckRunner.run(["sweep"] + Self.grid)
        #expect(r.status == 0)
        #expect(r.stdout.contains("1,008 points"))
        #expect(r.stdout.contains("w1: ok") && r.stdout.contains("w2: ok"))
        #expect(r.stdout.contains("relative error histogram"))
        #expect(r.stderr.isEmpty)  // no progress bar when stderr is not a terminal
    }

    @Test("a wrong claim fails (exit 1) and is reported as mismatches")
    func wrongClaim() throws {
        let r = try GradcheckRunner.run(["sweep", "--claim", "w2=(a2 - y)*a2*(1+a2)*a1"] + Self.grid)
        #expect(r.status == 1)
        #expect(r.stdout.contains("w2:") && r.stdout.contains("FAILING"))
        #expect(r.stdout.contains("w1: ok"))
    }

    @Test("bad input: one clear message on stderr, exit 2", arguments: [
        (["--x", "4:-4:0"], "count"), (["--x", "a:b:c"], "not a number"), (["--x", "0x10"], "not a decimal number"), (["--q", "1"], "unknown variable 'q'"),
        (["--claim", "w1=(a2 - y"], "--claim:1:"), (["--claim", "w1=a3*x"], "undefined name 'a3'"),
        (["--out", "/nonexistent/dir/x.json"], "cannot write"), (["--method", "sideways"], "unknown method"),
        // A negative number is the option's value, not an unknown option ("Missing value for '--block-points'").
        (["--block-points", "-5"], "error: --block-points must be at least 1"),
        // It overflowed in the exam kernel: a stack trace and status 132.
        (["--block-points", "9223372036854775807"], "error: --block-points must be at most 1048576, not 9223372036854775807"),
    ])
    func badInput(extra: [String], message: String) throws {
        var args = ["sweep", "--x", "1", "--w1", "1", "--w2", "1", "--y", "0"]
        args += extra
        let r = try GradcheckRunner.run(args)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test("a missing axis and a grid over 10^12 points are refused")
    func sizeAndMissing() throws {
        let missing = try GradcheckRunner.run(["sweep", "--x", "1", "--w1", "1", "--w2", "1"])
        #expect(missing.status == 2 && missing.stderr.contains("no axis for 'y'"))
        let huge = try GradcheckRunner.run(["sweep", "--x", "0:1:100000", "--w1", "0:1:100000", "--w2", "0:1:1000", "--y", "0,1"])
        #expect(huge.status == 2 && huge.stderr.contains("--force"))
    }

    @Test("sweep --shard K/N and merge give the unsharded summary exactly")
    func shardsMerge() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole.json").path
        #expect(try GradcheckRunner.run(["sweep", "--out", whole, "--block-points", "50"] + Self.grid).status == 0)
        var parts: [String] = []
        for k in 1...4 {
            let part = dir.appendingPathComponent("part\(k).json").path
            #expect(try GradcheckRunner.run(["sweep", "--shard", "\(k)/4", "--out", part, "--block-points", "50"] + Self.grid).status == 0)
            parts.append(part)
        }
        let merged = dir.appendingPathComponent("merged.json").path
        #expect(try GradcheckRunner.run(["merge", "--out", merged] + parts.reversed()).status == 0)
        func summary(_ path: String) throws -> String {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            return String(decoding: try JSONSerialization.data(withJSONObject: object["summary"]!, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try summary(merged) == summary(whole))
        let incomplete = try GradcheckRunner.run(["merge"] + parts.dropLast())
        #expect(incomplete.status == 2 && incomplete.stderr.contains("missing shard 4/4"))
    }

    @Test("--heatmap writes a valid SVG with axes and a colour bar")
    func heatmap() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("map.svg").path
        let r = try GradcheckRunner.run(["sweep", "--heatmap", svg] + Self.grid)
        #expect(r.status == 0)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg") || text.hasPrefix("<?xml"))
        #expect(text.contains("log10 relative error"))
        #expect(try XMLWellFormedness.check(text))
        #expect(text.components(separatedBy: "<rect").count > 9 * 8)
    }

    @Test("--points reads a CSV of points; --format csv prints rows")
    func pointList() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("p.csv").path
        try "w1,w2,x,y\n1,2,0.5,0\n-3,1,4,1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let r = try GradcheckRunner.run(["sweep", "--points", csv, "--format", "csv", "--worst", "10"])
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count == 1 + 4)
        try "x,y,w1\n1,0,1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let bad = try GradcheckRunner.run(["sweep", "--points", csv])
        #expect(bad.status == 2 && bad.stderr.contains("no column for 'w2'"))
    }
}

/// Parses with Foundation's XMLParser (FoundationXML on Linux): true when the text is well-formed XML.
enum XMLWellFormedness {
    static func check(_ text: String) throws -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }
}
