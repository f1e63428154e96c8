@testable import GradientSweep
import Foundation
import Reporting
import Testing

/// `merge` on damaged parts: every part is checked against its own
/// configuration, so an edited part is refused (exit 2) or merges into a
/// summary that is itself consistent. Never a crash, a wrapped count, or an
/// allocation by a claimed size.
@Suite("SweepMerge on damaged parts")
struct SweepPartFuzzTests {
    typealias Part = (path: String, summary: SweepSummary)

    /// Four shards of x 10, w1 10, w2 10, y 2 (2,000 points), worst 5, with a heatmap, as JSON objects.
    nonisolated(unsafe) static let parts: [[String: Any]] = {
        let network = try! Fixtures.network("q2")
        let domain = try! SweepDomain.grid(for: network, axes: [
            ("x", SweepAxis.linspace(-4, 4, 10)), ("y", [0, 1]), ("w1", .linspace(-4, 4, 10)), ("w2", .linspace(-4, 4, 10)),
        ])
        return (0..<4).map { k in
            var s = SweepSettings()
            s.threads = 1
            s.blockPoints = 64
            s.shard = (k, 4)
            s.heatmap = (0, 2)
            let summary = SweepRunner.run(network: network, domain: domain, settings: s)
            let json = SweepReport(summary: summary, timing: nil).json()
            return try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        }
    }()

    static func decode(_ objects: [[String: Any]]) throws(InputError) -> [Part] {
        try objects.enumerated().map { i, o throws(InputError) in
            let data = try! JSONSerialization.data(withJSONObject: o)
            return ("p\(i + 1).json", try SweepReport.decode(data, path: "p\(i + 1).json").summary)
        }
    }

    static func merge(_ objects: [[String: Any]], allowPartial: Bool = false) -> Result<SweepSummary, InputError> {
        do throws(InputError) {
            return .success(try SweepMerge.merge(decode(objects), allowPartial: allowPartial))
        } catch {
            return .failure(error)
        }
    }

    /// Sets `value` at `path` (keys and array indices) in a JSON object tree.
    static func set(_ root: Any, _ path: ArraySlice<Any>, _ value: Any?) -> Any? {
        guard let key = path.first else { return value }
        if var d = root as? [String: Any], let k = key as? String {
            d[k] = set(d[k] as Any, path.dropFirst(), value)
            return d
        }
        if var a = root as? [Any], let i = key as? Int, a.indices.contains(i) {
            if path.count == 1, value == nil { a.remove(at: i) } else { a[i] = set(a[i], path.dropFirst(), value)! }
            return a
        }
        return root
    }

    static func edited(_ k: Int, _ path: [Any], _ value: Any?) -> [[String: Any]] {
        var parts = Self.parts
        parts[k] = set(parts[k], ArraySlice(path), value) as! [String: Any]
        return parts
    }

    static func refusal(_ objects: [[String: Any]], allowPartial: Bool = false) -> String? {
        if case .failure(let e) = merge(objects, allowPartial: allowPartial) { return e.message }
        return nil
    }

    @Test("the undamaged parts merge into a consistent summary of 2,000 points")
    func undamaged() throws {
        let merged = try Self.merge(Self.parts).get()
        #expect(merged.points == 2000 && merged.pointsEvaluated == 2000)
        #expect(merged.parameters.allSatisfy { $0.points == 2000 })
        var whole = merged
        whole.shard = .init(index: 1, count: 1, blockPoints: 64)
        try whole.validate(name: "merged")
    }

    /// The edits of the adversarial review, each refused with what is wrong.
    @Test("each damaged part the review made is refused, naming the part", arguments: [
        ("summary.parameters.0.histogram.counts", "[1]", "p2.json: w1's histogram has 1 bins, not 19"),
        ("summary.parameters.1", "delete", "p2.json: its parameters are w1, the network's are w1, w2"),
        ("summary.shard.count", "4611686018427387904", "p2.json: shard count 4611686018427387904 is not between 1 and 2000"),
        ("summary.shard.count", "100000000", "p2.json: shard count 100000000 is not between 1 and 2000"),
        ("summary.parameters.0.agree", "4611686018427387904", "p2.json: w1's counts add up to 4611686018427387"),
        ("summary.parameters.0.mismatch", "-7", "p2.json: w1.mismatch is -7"),
        ("summary.parameters.0.mismatch", "123456", "p2.json: w1's counts add up to"),
        ("summary.pointsEvaluated", "3000", "p2.json: it says 3000 points were evaluated of 2000"),
        ("summary.configuration.axes.0.count", "1099511627776", "p2.json: it says 2000 points, but its axes make"),
        ("summary.heatmap.cells", "[0.5]", "p2.json: its heatmap's shape does not match axes x,w1"),
    ])
    func reviewEdits(path: String, value: String, message: String) {
        let keys: [Any] = path.split(separator: ".").map { Int($0).map { $0 as Any } ?? String($0) }
        let json: Any? = value == "delete" ? nil : try! JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        var objects = Self.edited(1, keys, json)
        // The review removed the fingerprint too, so that only the contents can tell.
        objects[1] = Self.set(objects[1], ["summary", "shard", "fingerprint"], nil) as! [String: Any]
        let refusal = Self.refusal(objects)
        #expect(refusal?.hasPrefix(message) == true, "\(refusal ?? "merged")")
    }

    @Test("partial: true does not skip the checks, and 100,000 worst points are refused when --worst is 5")
    func partialAndWorst() throws {
        var objects = Self.edited(1, ["summary", "partial"], true)
        objects[1] = Self.set(objects[1], ["summary", "parameters", 0, "mismatch"], 123_456) as! [String: Any]
        #expect(Self.refusal(objects)?.hasPrefix("p2.json: w1's counts add up to") == true)
        let worst = ((Self.parts[1]["summary"] as! [String: Any])["parameters"] as! [[String: Any]])[0]["worst"] as! [Any]
        let long = (0..<100_000).map { i in
            var e = worst[0] as! [String: Any]
            e["point"] = i % 2000
            return e as Any
        }
        let refusal = Self.refusal(Self.edited(1, ["summary", "parameters", 0, "worst"], long))
        #expect(refusal?.hasPrefix("p2.json: w1's worst list has 100000 points, more than --worst 5") == true, "\(refusal ?? "merged")")
    }

    @Test("counts near 2^63 are refused instead of wrapping to a negative total")
    func wrappingCounts() throws {
        var parts = try Self.decode(Self.parts)
        let original = parts[1]
        parts[1].summary.parameters[0].agree = Int.max - 3
        parts[1].summary.parameters[0].inconclusive = 10
        parts[1].summary.shard!.fingerprint = nil
        #expect(Self.message(parts) == "p2.json: w1's counts add up to more than can be counted; the file was edited or damaged")
        parts[1] = original
        parts[1].summary.parameters[0].histogram.counts[3] = Int.max
        parts[1].summary.parameters[0].histogram.counts[4] = 10
        #expect(Self.message(parts).hasPrefix("p2.json: w1's histogram counts add up to more than can be counted"))
    }

    static func message(_ parts: [Part]) -> String {
        do throws(InputError) {
            _ = try SweepMerge.merge(parts)
            return "(merged)"
        } catch {
            return error.message
        }
    }

    /// Seeded random edits: numbers replaced by extremes, fields and array
    /// elements removed or duplicated. Every result is a refusal or a summary
    /// that passes the same checks as a part (its counts add up, within its points).
    nonisolated(unsafe) static let decoded = try! decode(parts)

    @Test("3,000 random edits: each refused or merged into a consistent summary, never a crash")
    func fuzz() {
        var rng = SplitMix(state: 12)
        var refused = 0, merged = 0
        for _ in 0..<3_000 {
            var objects = Self.parts
            let k = Int.random(in: 0..<4, using: &rng)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                objects[k] = Self.mutate(objects[k], &rng) as? [String: Any] ?? [:]
            }
            if Bool.random(using: &rng) {
                objects[k] = Self.set(objects[k], ["summary", "shard", "fingerprint"], nil) as! [String: Any]
            }
            let result: Result<SweepSummary, InputError>
            do throws(InputError) {
                var parts = Self.decoded
                let data = try! JSONSerialization.data(withJSONObject: objects[k])
                parts[k] = ("p\(k + 1).json", try SweepReport.decode(data, path: "p\(k + 1).json").summary)
                result = .success(try SweepMerge.merge(parts, allowPartial: Bool.random(using: &rng)))
            } catch {
                result = .failure(error)
            }
            switch result {
            case .failure(let e):
                #expect(!e.message.isEmpty && !e.message.contains("\n"))
                refused += 1
            case .success(var s):
                s.missingShards = nil
                s.shard = .init(index: 1, count: 1, blockPoints: 64)
                #expect(throws: Never.self) { try s.validate(name: "merged") }
                merged += 1
            }
        }
        #expect(refused > 1500 && merged > 0, "refused \(refused), merged \(merged)")
    }

    nonisolated(unsafe) static let extremes: [Any] = [0, -1, -7, 1, 2, 3, 5, 19, 1999, 2000, 2001, 1 << 31, 1 << 62, Int.max, Int.min, 0.5, -0.0, 1e308, "nan", "inf", "x", [Any](), NSNull()]

    /// One random edit somewhere in `value`'s tree.
    static func mutate(_ value: Any, _ rng: inout SplitMix) -> Any {
        switch value {
        case let d as [String: Any] where !d.isEmpty:
            let keys = d.keys.sorted()
            let key = keys[Int.random(in: 0..<keys.count, using: &rng)]
            var copy = d
            if Int.random(in: 0..<12, using: &rng) == 0 { copy[key] = nil } else { copy[key] = mutate(d[key]!, &rng) }
            return copy
        case let a as [Any] where !a.isEmpty:
            var copy = a
            let i = Int.random(in: 0..<a.count, using: &rng)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: copy.remove(at: i)
            case 1: copy.append(a[i])
            default: copy[i] = mutate(a[i], &rng)
            }
            return copy
        default:
            return extremes[Int.random(in: 0..<extremes.count, using: &rng)]
        }
    }
}
