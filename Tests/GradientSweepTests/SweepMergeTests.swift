@testable import GradientSweep
import FiniteDifferences
import Foundation
import Reporting
import Testing

/// `SweepMerge`: each kind of inconsistent input is refused with a message
/// naming the file(s) and what differs; `allowPartial` marks the result.
@Suite("SweepMerge")
struct SweepMergeTests {
    typealias Part = (path: String, summary: SweepSummary)

    /// Shards of the grid x 5, y 2, w1 6, w2 7 (420 points), block size 50.
    static func parts(count: Int = 3, block: Int = 50) throws -> [Part] {
        let (network, domain) = try SweepRunnerTests.grid(5)
        return (0..<count).map { k in
            var s = SweepSettings()
            s.threads = 1
            s.blockPoints = block
            s.shard = (k, count)
            return (path: "p\(k + 1).json", summary: SweepRunner.run(network: network, domain: domain, settings: s))
        }
    }

    static func message(_ parts: [Part], allowPartial: Bool = false) -> String {
        do {
            _ = try SweepMerge.merge(parts, allowPartial: allowPartial)
            return "(merged)"
        } catch {
            return error.message
        }
    }

    @Test("every part records the same fingerprint, which SweepFingerprint recomputes from the part")
    func fingerprints() throws {
        let parts = try Self.parts()
        let recorded = parts.map { $0.summary.shard!.fingerprint! }
        #expect(Set(recorded).count == 1)
        #expect(recorded[0] == SweepFingerprint.of(configuration: parts[0].summary.configuration, shardCount: 3, blockPoints: 50))
        #expect(recorded[0].count == 16)
    }

    @Test("a missing shard is named by number; --allow-partial merges the rest and lists it")
    func missing() throws {
        let parts = try Self.parts(count: 4)
        let some = [parts[0], parts[3]]
        #expect(Self.message(some) == "missing shards 2/4, 3/4 (merge --allow-partial merges the others and marks the result partial)")
        let merged = try SweepMerge.merge(some, allowPartial: true)
        #expect(merged.partial)
        #expect(merged.missingShards == .init(count: 4, shards: [2, 3]))
        #expect(merged.pointsEvaluated == parts[0].summary.pointsEvaluated + parts[3].summary.pointsEvaluated)
        #expect(merged.shard == nil)
        let text = SummaryText.render(SweepReport(summary: merged, timing: nil))
        #expect(text.contains("PARTIAL: shards 2, 3 of 4 missing; the figures below cover \(merged.pointsEvaluated) of the 420 points"))
        #expect(SweepReport(summary: merged, timing: nil).json().contains("\"missingShards\""))
        let whole = try SweepMerge.merge(parts)
        #expect(!whole.partial && whole.missingShards == nil)
        #expect(!SweepReport(summary: whole, timing: nil).json().contains("missingShards"))
    }

    @Test("a shard given twice is refused")
    func duplicate() throws {
        let parts = try Self.parts()
        var copy = parts[1]
        copy.path = "copy.json"
        #expect(Self.message(parts + [copy]) == "shard 2/3 is given twice: p2.json and copy.json")
    }

    @Test("shards of another split of the same sweep overlap and are refused")
    func overlap() throws {
        var other = try Self.parts(count: 4)[1]
        other.path = "q2.json"
        #expect(Self.message(try Self.parts() + [other])
            == "q2.json is shard 2/4 and p1.json is shard 1/3 of the same sweep: the two splits overlap; merge the parts of one split")
    }

    @Test("shards run with another block size are refused")
    func blockSize() throws {
        var other = try Self.parts(block: 40)[2]
        other.path = "b3.json"
        let parts = try Self.parts()
        #expect(Self.message([parts[0], parts[1], other])
            == "b3.json splits the sweep into blocks of 40 points, p1.json into blocks of 50: shards of different --block-points cannot be merged")
    }

    @Test("a part of another sweep is refused, naming what differs", arguments: ["grid", "network", "method", "tolerance", "claims"])
    func foreign(property: String) throws {
        let parts = try Self.parts()
        var foreign = parts[2]
        foreign.path = "foreign.json"
        var c = foreign.summary.configuration
        let expected: String
        switch property {
        case "grid":
            c.axes[0].count = 7
            expected = "grid: x has 7 values from -4.0 to 4.0 in foreign.json, 5 values from -4.0 to 4.0 in p1.json"
        case "network":
            c.network = "other.net"
            c.networkDefinition += "\nextra = x"
            expected = "network: other.net in foreign.json, \(parts[0].summary.configuration.network) in p1.json (different definitions)"
        case "method":
            c.method = .richardson
            expected = "method: richardson in foreign.json, central in p1.json"
        case "tolerance":
            c.tolerance.rtol = 1e-3
            expected = "tolerance: atol 1e-07, rtol 0.001, widening 1.0 in foreign.json, atol 1e-07, rtol 1e-05, widening 1.0 in p1.json"
        default:
            c.claims = ["w1=x"]
            expected = "claims: w1=x in foreign.json, none in p1.json"
        }
        foreign.summary.configuration = c
        // A self-consistent part of the other sweep (x 7 makes 588 points).
        if property == "grid" { foreign.summary.points = 588 }
        foreign.summary.shard!.fingerprint = SweepFingerprint.of(configuration: c, shardCount: 3, blockPoints: 50)
        // The foreign part comes first: the majority still decides which sweep is being merged.
        #expect(Self.message([foreign, parts[0], parts[1]]) == "foreign.json is from a different sweep than p1.json: \(expected)")
    }

    @Test("a part whose recorded fingerprint does not match its contents is refused")
    func tampered() throws {
        var parts = try Self.parts()
        parts[1].summary.configuration.worst = 9
        #expect(Self.message(parts).hasPrefix("p2.json: its recorded fingerprint"))
    }

    @Test("complete parts that do not add up to the sweep's points are refused")
    func pointCount() throws {
        var parts = try Self.parts()
        parts[1].summary.pointsEvaluated += 1
        // Each part's counts are checked against its own points first …
        #expect(Self.message(parts) == "p2.json: w1's counts add up to 126 points, but 127 were evaluated; the file was edited or damaged")
        // … and a self-consistent part that claims another part's points is caught by the total.
        parts[1].summary.pointsEvaluated -= 1
        parts[1].summary.pointsEvaluated -= 1
        for i in parts[1].summary.parameters.indices {
            parts[1].summary.parameters[i].agree -= 1
            let bin = parts[1].summary.parameters[i].histogram.counts.firstIndex { $0 > 0 }!
            parts[1].summary.parameters[i].histogram.counts[bin] -= 1
        }
        #expect(Self.message(parts) == "the 3 parts evaluated 419 points, but the sweep has 420: they do not split it into disjoint shards (written by different gradcheck builds?)")
    }

    @Test("the summary of a whole sweep is not a part")
    func wholeSweep() throws {
        var parts = try Self.parts()
        parts[0].summary.shard = nil
        #expect(Self.message(parts) == "p1.json is the summary of a whole sweep, not of a shard (run sweeps with --shard K/N or --shard auto)")
    }
}
