import Foundation
import Testing

/// `gradcheck merge` refusals and `--allow-partial`, and `sweep --shard auto`
/// in the environment of a Slurm array task.
@Suite("gradcheck merge", .tags(.slow), .skippedWhenQuick)
struct MergeCommandTests {
    /// Blocks of 50 points, so that each of 4 shards holds some of the 1,008 points.
    static let grid = SweepCommandTests.grid + ["--block-points", "50"]

    /// `gradcheck sweep --shard SPEC` with `environment` added, writing `out`.
    /// Shards `shards` of `count`, each written by `sweep --shard K/N --out dir/pK.json`; their paths.
    static func parts(_ shards: [Int], of count: Int, in dir: URL) throws -> [String] {
        try shards.map { k throws -> String in
            let p = dir.appendingPathComponent("p\(k).json").path
            #expect(try Self.sweep("\(k)/\(count)", out: p).status == 0)
            return p
        }
    }

    static func sweep(_ spec: String, out: String, environment: [String: String] = [:], extra: [String] = []) throws -> GradcheckRunner.Output {
        try GradcheckRunner.run(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments:
            environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + [try GradcheckRunner.locateExecutable().path, "sweep", "--shard", spec, "--out", out] + extra + grid)
    }

    static func array(_ id: Int, min: Int, count: Int) -> [String: String] {
        ["SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "\(min)", "SLURM_ARRAY_TASK_MAX": "\(min + count - 1)", "SLURM_ARRAY_TASK_COUNT": "\(count)"]
    }

    @Test("--shard auto in array tasks 0-3 gives the parts --shard K/4 gives, byte for byte (timings aside)")
    func auto() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for k in 1...4 {
            let a = dir.appendingPathComponent("auto\(k).json").path, b = dir.appendingPathComponent("k\(k).json").path
            #expect(try Self.sweep("auto", out: a, environment: Self.array(k - 1, min: 0, count: 4)).status == 0)
            #expect(try Self.sweep("\(k)/4", out: b).status == 0)
            #expect(try Self.summary(a) == Self.summary(b))
        }
        let missing = try Self.sweep("auto", out: dir.appendingPathComponent("x.json").path)
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: --shard auto needs SLURM_ARRAY_TASK_ID (set by Slurm in each task of a job array: run it with sbatch --array, or give --shard K/N)\n")
    }

    @Test("a directory given as a part is named as one, pointing at --parts-dir, exit 2")
    func directoryAsAPart() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try GradcheckRunner.run(["merge", dir.path])
        #expect(result.status == 2)
        #expect(result.stderr == "error: cannot read \(dir.path): it is a directory; to merge every *.json file in it, give --parts-dir \(dir.path)\n")
        // Named in a --list too (it was "no such file or not readable").
        let list = dir.appendingPathComponent("parts.list")
        try (dir.path + "\n").write(to: list, atomically: true, encoding: .utf8)
        let listed = try GradcheckRunner.run(["merge", "--list", list.path])
        #expect(listed.status == 2)
        #expect(listed.stderr == result.stderr)
    }

    /// Issue 12, item 16: the merge job of 50,000 shards failed with "Argument list too long".
    @Test("--parts-dir and --list merge the same parts as the arguments; hidden and non-JSON files are skipped")
    func partsByDirectoryAndList() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = try Self.parts([1, 2, 3, 4], of: 4, in: dir)
        try "not a part".write(to: dir.appendingPathComponent(".p5.json.tmp-abc123"), atomically: true, encoding: .utf8)
        try "notes".write(to: dir.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        let list = dir.appendingPathComponent("parts.list")
        try (parts.reversed().joined(separator: "\r\n") + "\r\n").write(to: list, atomically: true, encoding: .utf8)
        let byArguments = try GradcheckRunner.run(["merge", "--format", "json"] + parts)
        let byDirectory = try GradcheckRunner.run(["merge", "--format", "json", "--parts-dir", dir.path])
        let byList = try GradcheckRunner.run(["merge", "--format", "json", "--list", list.path])
        #expect(byArguments.status == 0 && byDirectory.status == 0 && byList.status == 0, "\(byDirectory.stderr)\(byList.stderr)")
        #expect(try Self.summary(json: byDirectory.stdout) == Self.summary(json: byArguments.stdout))
        #expect(try Self.summary(json: byList.stdout) == Self.summary(json: byArguments.stdout))
        let empty = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        // The list is an input: --output onto it is refused (it was replaced by the summary).
        let before = try String(contentsOf: list, encoding: .utf8)
        let ontoList = try GradcheckRunner.run(["merge", "--list", list.path, "--output", list.path])
        #expect(ontoList.status == 2)
        #expect(ontoList.stderr == "error: --output \(list.path) is the part list \(list.path): gradcheck does not overwrite its input; give another file\n")
        #expect(try String(contentsOf: list, encoding: .utf8) == before)
        let none = try GradcheckRunner.run(["merge", "--parts-dir", empty.path])
        #expect(none.status == 2 && none.stderr == "error: --parts-dir \(empty.path) holds no *.json file\n")
    }

    @Test("--allow-partial merges what is there, says PARTIAL and lists the missing shards; exit 0 without failures")
    func allowPartial() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = try Self.parts([1, 2, 4], of: 4, in: dir)
        let refused = try GradcheckRunner.run(["merge"] + parts)
        #expect(refused.status == 2)
        #expect(refused.stderr == "error: missing shard 3/4 (merge --allow-partial merges the others and marks the result partial)\n")
        let text = try GradcheckRunner.run(["merge", "--allow-partial"] + parts)
        #expect(text.status == 0)
        #expect(text.stdout.contains("PARTIAL: shard 3 of 4 missing; the figures below cover 756 of the 1,008 points"))
        let out = dir.appendingPathComponent("merged.json").path
        let json = try GradcheckRunner.run(["merge", "--allow-partial", "--format", "json", "--out", out] + parts)
        #expect(json.status == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        let s = summary["summary"] as! [String: Any]
        #expect(s["partial"] as? Bool == true)
        #expect(s["pointsEvaluated"] as? Int == 756)
        let missing = s["missingShards"] as! [String: Any]
        #expect(missing["count"] as? Int == 4 && missing["shards"] as? [Int] == [3])
    }

    @Test("parts of another sweep or another split are refused with what differs", arguments: [
        (["--method", "five-point"], "3/4", "method: five-point in OTHER, central in P1"),
        (["--claim", "w1=x"], "3/4", "claims: w1 = x in OTHER, none in P1"),
        ([], "3/8", "OTHER is shard 3/8 and P1 is shard 1/4 of the same sweep: the two splits overlap"),
    ])
    func refusals(extra: [String], spec: String, message: String) throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = try Self.parts([1, 2, 4], of: 4, in: dir)
        let other = dir.appendingPathComponent("other.json").path
        _ = try Self.sweep(spec, out: other, extra: extra)
        let r = try GradcheckRunner.run(["merge"] + parts + [other])
        #expect(r.status == 2)
        let expected = message.replacingOccurrences(of: "OTHER", with: other).replacingOccurrences(of: "P1", with: parts[0])
        #expect(r.stderr.contains(expected), "\(r.stderr)")
    }

    @Test("a damaged part is refused with one line naming it, exit 2: no heap words, no crash", arguments: [
        ("histogram", "w1's histogram has 1 bins, not 19"), ("parameter", "its parameters are w1, the network's are w1, w2"),
        ("shards", "shard count 4611686018427387904 is not between 1 and 1008 (the points, at most 4000000)"), ("negative", "w1.mismatch is -7"),
    ])
    func damagedPart(edit: String, message: String) throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = try Self.parts([1, 2, 3, 4], of: 4, in: dir)
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: parts[1]))) as! [String: Any]
        var summary = object["summary"] as! [String: Any]
        var parameters = summary["parameters"] as! [[String: Any]]
        var shard = summary["shard"] as! [String: Any]
        shard["fingerprint"] = nil
        switch edit {
        case "histogram": parameters[0]["histogram"] = ["counts": [1]]
        case "parameter": parameters.removeLast()
        case "shards": shard["count"] = 1 << 62
        default: parameters[0]["mismatch"] = -7
        }
        summary["parameters"] = parameters
        summary["shard"] = shard
        object["summary"] = summary
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: parts[1]))
        let r = try GradcheckRunner.run(["merge"] + parts)
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(parts[1]): \(message); the file was edited or damaged"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stdout.isEmpty)
    }

    /// The `summary` object of a JSON report printed on standard output, keys sorted.
    static func summary(json: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        return String(decoding: try JSONSerialization.data(withJSONObject: object["summary"]!, options: [.sortedKeys]), as: UTF8.self)
    }

    static func summary(_ path: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        return String(decoding: try JSONSerialization.data(withJSONObject: object["summary"]!, options: [.sortedKeys]), as: UTF8.self)
    }
}
