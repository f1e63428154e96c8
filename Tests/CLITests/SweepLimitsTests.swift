import Foundation
import Testing

/// `gradcheck sweep` on the inputs an adversarial review tried: non-finite
/// points, extreme axes, huge grids, huge `--worst`, absurd `--threads`.
@Suite("gradcheck sweep limits")
struct SweepLimitsTests {
    static let crossEntropy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/networks/q2-cross-entropy.net").path

    static func json(_ stdout: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as! [String: Any]
    }

    static func parameters(_ report: [String: Any]) -> [[String: Any]] {
        (report["summary"] as! [String: Any])["parameters"] as! [[String: Any]]
    }

    @Test("non-finite points are counted once: the counts add up to the points, in text and JSON")
    func nonFiniteCountedOnce() throws {
        let grid = ["--network", Self.crossEntropy, "--x", "-40:40:5", "--w1", "-40:40:5", "--w2", "-40:40:5", "--y", "0,1"]
        let text = try GradcheckRunner.run(["sweep"] + grid)
        // Today: "250 points: 232 agree, 18 inconclusive, 0 mismatch, 16 non-finite" (266).
        #expect(text.stdout.contains("w1: 16 NON-FINITE, 250 points: 232 agree, 2 inconclusive, 0 mismatch, 16 non-finite"), "\(text.stdout)")
        #expect(text.status == 1)
        #expect(!text.stdout.contains("no failures"))
        let json = try GradcheckRunner.run(["sweep", "--format", "json"] + grid)
        for p in Self.parameters(try Self.json(json.stdout)) {
            let counts = ["agree", "inconclusive", "mismatch", "notDifferentiable", "nonFinite"].map { p[$0] as! Int }
            #expect(counts.reduce(0, +) == 250, "\(p["parameter"]!): \(counts)")
        }
        #expect(json.status == 1)
    }

    @Test("a point with an infinite loss is not 'ok … no failures': exit 1, listed, and a CSV row with nan/inf")
    func infiniteLoss() throws {
        let point = ["--network", Self.crossEntropy, "--x", "40", "--w1", "40", "--w2", "40", "--y", "0"]
        let text = try GradcheckRunner.run(["sweep"] + point)
        #expect(text.status == 1)
        #expect(text.stdout.contains("w1: 1 NON-FINITE, 1 point: 0 agree, 0 inconclusive, 0 mismatch, 1 non-finite"), "\(text.stdout)")
        #expect(text.stdout.contains("not verified"))
        #expect(!text.stdout.contains("no failures") && !text.stdout.contains(": ok"))
        let csv = try GradcheckRunner.run(["sweep", "--format", "csv"] + point)
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.count == 3, "\(csv.stdout)")
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix(",nan,nan,nan,non-finite") && !$0.contains("-nan") }, "\(csv.stdout)")
        #expect(rows.contains { $0.hasPrefix("w2,0,40.0,0.0,40.0,40.0,inf,nan,") }, "\(csv.stdout)")
    }

    @Test("an axis whose span overflows a double is refused before anything runs", arguments: [
        "-1e308:1e308:5", "1.7e308:-1.7e308:3",
    ])
    func overflowingAxis(x: String) throws {
        let r = try GradcheckRunner.run(["sweep", "--x", x, "--w1", "1", "--w2", "1", "--y", "1"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("axis 'x'") && r.stderr.contains("overflows"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stdout.isEmpty)
    }

    @Test("grids too large to count or to run are refused at once, before any axis is built", arguments: [
        (["--x", "0:1:4000000000", "--w1", "0:1:4000000000", "--w2", "0", "--y", "0"], "more points than can be counted"),
        (["--x", "0:1:100000000", "--w1", "0:1:100000000", "--w2", "0:1:100000000", "--y", "0"], "more points than can be counted"),
        (["--x", "0:1:10000000", "--w1", "0:1:10000000", "--w2", "0:1:100", "--y", "0"], "--force"),
    ])
    func hugeGrids(axes: [String], message: String) throws {
        let start = Date()
        let r = try GradcheckRunner.run(["sweep"] + axes, timeout: 20)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        // Building the 10^8-value axes first took 11 s and 2.4 GB; lazy axes cost nothing.
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test("--threads beyond 4 per processor is capped (100000 threads took 3.1 GB)")
    func threadsCapped() throws {
        let r = try GradcheckRunner.run(["sweep", "--x", "-4:4:10", "--w1", "-4:4:10", "--w2", "1", "--y", "1",
                                         "--threads", "100000", "--format", "json"])
        #expect(r.status == 0)
        let timing = try Self.json(r.stdout)["timing"] as! [String: Any]
        #expect(timing["threads"] as! Int == 4 * ProcessInfo.processInfo.activeProcessorCount)
    }

    @Test("--worst as large as the grid, and --format csv on 50x50x20x2, run in about a plain sweep's time")
    func worstIsNotQuadratic() throws {
        // 100,000 points: keeping every one in the worst list was quadratic (31 s for CSV).
        let grid = ["--x", "-4:4:50", "--w1", "-4:4:50", "--w2", "-4:4:20", "--y", "0,1"]
        let start = Date()
        // (A debug binary on a loaded machine: the bound only separates O(n log K) from O(n K).)
        let csv = try GradcheckRunner.run(["sweep", "--format", "csv"] + grid, timeout: 150)
        let worst = try GradcheckRunner.run(["sweep", "--worst", "1000000", "--format", "json"] + grid, timeout: 150)
        #expect(Date().timeIntervalSince(start) < 150)
        #expect(csv.status == 0 && worst.status == 0)
        #expect(csv.stdout.split(separator: "\n").count == 1 + 2 * 100_000)
        let lists = Self.parameters(try Self.json(worst.stdout)).map { $0["worst"] as! [[String: Any]] }
        #expect(lists.map(\.count) == [100_000, 100_000])
        let errors = lists[0].map { ($0["relativeError"] as? Double) ?? ($0["relativeError"] as? String == "inf" ? .infinity : .nan) }
        #expect(zip(errors, errors.dropFirst()).allSatisfy { $0 >= $1 })
    }
}
