import Foundation
import Testing
@testable import Trajectories

@Suite struct TrajectoryReportTests {
    @Test("text: a block per path, then the summary")
    func text() throws {
        let text = TrajectoryReport.text(try Fixtures.verdict("exam-paths.txt"))
        #expect(text.contains("path A: feasible\n"))
        #expect(text.contains("path F: infeasible (downhill, not-perpendicular)\n"))
        #expect(text.contains("  downhill: all 5 steps\n"))
        #expect(text.hasSuffix("6 paths judged: 2 feasible, 4 infeasible; all 6 expect lines agree\n"))
    }

    @Test("text: an expect line that disagrees is an error at its line")
    func mismatch() throws {
        let v = try Fixtures.judge("function x\npath P: (0, 0) (1, 0)\nexpect P infeasible\n")
        let text = TrajectoryReport.text(v)
        #expect(text.contains("test.txt:3:8: error: path P: expected infeasible, judged feasible\n"))
        #expect(text.hasSuffix("1 path judged: 1 feasible, 0 infeasible; 1 of 1 expect line disagrees\n"))
    }

    @Test("the step table flags offending steps with their codes")
    func steps() throws {
        let text = TrajectoryReport.text(try Fixtures.verdict("saddle.txt"), steps: true)
        #expect(text.contains("← stationary-start"))
        #expect(text.contains("← downhill"))
    }

    @Test("JSON parses, has every path, and uses null (never NaN) for a stationary step's angle")
    func json() throws {
        let text = TrajectoryReport.json(try Fixtures.verdict("saddle.txt"))
        #expect(!text.lowercased().contains("nan"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let paths = try #require(object["paths"] as? [[String: Any]])
        #expect(paths.map { $0["name"] as? String } == ["stuck", "escape", "through", "across"])
        let through = try #require(paths[2]["steps"] as? [[String: Any]])
        #expect(through[2]["angle"] is NSNull)
        #expect(through[2]["issues"] as? [String] == ["stationary-start"])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["paths": 4, "feasible": 2, "infeasible": 2, "expectations": 4, "mismatches": 0])
    }
}
