import Foundation
import Testing

/// `gradcheck trajectory`: exit statuses, messages and output files.
@Suite("gradcheck trajectory")
struct TrajectoryCommandTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("fixtures/trajectories/\(name)").path
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String = "paths.txt") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trajectory-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the exam's paths: exit 0, the six verdicts, and a plot")
    func examPaths() throws {
        let plot = FileManager.default.temporaryDirectory.appendingPathComponent("exam-\(UUID()).svg").path
        defer { try? FileManager.default.removeItem(atPath: plot) }
        let result = try GradcheckRunner.run(["trajectory", Self.fixture("exam-paths.txt"), "--plot", plot])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        for line in ["path A: feasible", "path B: feasible", "path C: infeasible (downhill)",
                     "path D: infeasible (not-perpendicular)", "path E: infeasible (downhill)",
                     "path F: infeasible (downhill, not-perpendicular)"] {
            #expect(result.stdout.contains(line + "\n"))
        }
        #expect(result.stdout.hasSuffix("6 paths judged: 2 feasible, 4 infeasible; all 6 expect lines agree\n"))
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(!svg.lowercased().contains("nan"))
    }

    @Test("descent and saddle fixtures agree with their expect lines", arguments: ["descent.txt", "saddle.txt"])
    func otherFixtures(name: String) throws {
        let result = try GradcheckRunner.run(["trajectory", Self.fixture(name)])
        #expect(result.status == 0)
        #expect(result.stdout.contains("all 4 expect lines agree"))
    }

    @Test("--format json is one JSON object")
    func json() throws {
        let result = try GradcheckRunner.run(["trajectory", Self.fixture("exam-paths.txt"), "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["paths"] as? [Any])?.count == 6)
        #expect(object["mode"] as? String == "ascent")
    }

    @Test("an expect line that disagrees: exit 1, the line's location on stdout")
    func mismatch() throws {
        let file = try Self.temporaryFile("function x\npath P: (0, 0) (-1, 0)\nexpect P feasible\n")
        let result = try GradcheckRunner.run(["trajectory", file])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(file):3:8: error: path P: expected feasible, judged infeasible (downhill)\n"))
    }

    @Test("bad input: exit 2 and one line naming the place", arguments: [
        ("function x\npath P: (0, 0)\n", "2:6: error: path P has only 1 point: a trajectory needs at least two"),
        ("function x\npath P: (0, 0) (0, 0)\n",
         "2:16: error: path P repeats the point (0, 0) (points 1 and 2): a step of length zero has no direction"),
        ("function log(x)\npath P: (1, 0) (-1, 0)\n", "2:16: error: f is not finite at (-1, 0) (point 2 of path P): f = NaN"),
        ("function x +\npath P: (0, 0) (1, 0)\n", "1:13: error: expected an operand, found end of line"),
        ("function x * t\npath P: (0, 0) (1, 0)\n", "1:14: error: unknown name 't' in the function: it may use only x and y"),
        ("function x\nlearning-rate 2\n", "2:1: error: unknown statement 'learning-rate'"),
    ])
    func badInput(text: String, message: String) throws {
        let file = try Self.temporaryFile(text)
        let result = try GradcheckRunner.run(["trajectory", file])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("\(file):\(message)"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("a missing file or an unwritable plot: exit 2, nothing written")
    func unusable() throws {
        let missing = try GradcheckRunner.run(["trajectory", "/nonexistent/paths.txt"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: trajectory file not found: /nonexistent/paths.txt\n")
        let plot = try GradcheckRunner.run(["trajectory", Self.fixture("saddle.txt"), "--plot", "/nonexistent/x.svg"])
        #expect(plot.status == 2)
        #expect(plot.stdout.isEmpty)
        #expect(plot.stderr == "error: cannot write /nonexistent/x.svg: No such file or directory\n")
    }
}
