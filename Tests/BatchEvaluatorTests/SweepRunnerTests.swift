@testable import BatchEvaluator
import Foundation
import GradientCheck
import NetworkModel
import Reporting
import Testing

/// Determinism: the same summary for any thread count, block size,
/// evaluator and sharding, compared as values and as JSON bytes.
@Suite("SweepRunner")
struct SweepRunnerTests {
    static func grid(_ n: Int = 9) throws -> (Network, SweepDomain) {
        let network = try Fixtures.network("q2")
        let axes: [(name: String, values: [Double])] = [
            ("x", AxisSpecification.linspace(-4, 4, n)), ("y", [0, 1]),
            ("w1", AxisSpecification.linspace(-4, 4, n + 1)), ("w2", AxisSpecification.linspace(-4, 4, n + 2)),
        ]
        return (network, try SweepDomain.grid(for: network, axes: axes))
    }

    static func run(_ network: Network, _ domain: SweepDomain, threads: Int, block: Int,
                    evaluator: SweepSettings.EvaluatorChoice = .automatic, shard: (Int, Int)? = nil) -> SweepSummary {
        var s = SweepSettings()
        s.threads = threads
        s.blockPoints = block
        s.evaluator = evaluator
        s.worst = 7
        s.shard = shard
        return SweepRunner.run(network: network, domain: domain, settings: s)
    }

    static func json(_ s: SweepSummary) -> String { SweepReport(summary: s, timing: nil).json() }

    @Test("thread counts and block sizes give identical summaries, bit for bit")
    func threadsAndBlocks() throws {
        let (network, domain) = try Self.grid()
        let reference = Self.run(network, domain, threads: 1, block: 1 << 15)
        #expect(reference.pointsEvaluated == domain.pointCount)
        for (threads, block) in [(2, 1 << 15), (3, 50), (2, 7), (4, 1)] {
            let other = Self.run(network, domain, threads: threads, block: block)
            #expect(other == reference, "threads \(threads), block \(block)")
            #expect(Self.json(other) == Self.json(reference))
        }
    }

    /// The exam-network evaluator groups the analytic gradient's products per
    /// triple and multiplies the loss difference by `1/(2(w₊ - w₋))`, so its
    /// analytic values and estimates may differ from the broadcast evaluator's
    /// in the last bits (the losses are identical). A difference of a few ulps
    /// of the values compared moves an error `|a - fd|` by at most that much.
    @Test("the exam-network evaluator and the broadcast evaluator agree to a few ulps")
    func evaluatorsAgree() throws {
        let (network, domain) = try Self.grid(11)
        let fast = Self.run(network, domain, threads: 2, block: 300)
        let broadcast = Self.run(network, domain, threads: 2, block: 300, evaluator: .broadcast)
        #expect(SweepRunner.evaluatorName(network: network, domain: domain, settings: SweepSettings()) == "exam-network")
        #expect(fast.pointsEvaluated == broadcast.pointsEvaluated)
        for (f, b) in zip(fast.parameters, broadcast.parameters) {
            #expect(f.agree == b.agree && f.inconclusive == b.inconclusive && f.mismatch == b.mismatch)
            #expect(f.nonFinite == b.nonFinite && f.notDifferentiable == b.notDifferentiable)
            #expect(f.histogram.counts.reduce(0, +) == b.histogram.counts.reduce(0, +))
            // Bins may trade a point whose relative error lies within a few ulps of a decade edge.
            #expect(zip(f.histogram.counts, b.histogram.counts).map { Swift.abs($0 - $1) }.reduce(0, +) <= 4)
            #expect(f.worst.count == b.worst.count)
            for (x, y) in zip(f.worst, b.worst) {
                let scale = Swift.max(Swift.abs(y.analytic), Swift.abs(y.estimate))
                #expect(Swift.abs(x.analytic - y.analytic) <= 8 * scale.ulp)
                #expect(Swift.abs(x.estimate - y.estimate) <= 8 * scale.ulp)
                #expect(Swift.abs(x.absoluteError - y.absoluteError) <= 16 * scale.ulp)
            }
            let (fa, ba) = (try #require(f.maxAbsoluteError), try #require(b.maxAbsoluteError))
            #expect(Swift.abs(fa.value - ba.value) <= 1e-15)
            let (fr, br) = (try #require(f.maxRelativeError), try #require(b.maxRelativeError))
            #expect(fr.point == br.point)
            #expect(Swift.abs(fr.value - br.value) <= 1e-9 * br.value)
        }
    }

    @Test("the exam-network evaluator steps aside for non-finite values or |w2| near 512")
    func examNetworkScope() throws {
        let network = try Fixtures.network("q2")
        for w2 in [[1.0, 600], [1.0, .infinity]] {
            let axes: [(name: String, values: [Double])] = [("x", [1, 2]), ("y", [0, 1]), ("w1", [0.5]), ("w2", w2)]
            let domain = try SweepDomain.grid(for: network, axes: axes)
            #expect(SweepRunner.evaluatorName(network: network, domain: domain, settings: SweepSettings()) == "broadcast")
        }
    }

    @Test("the merge of 4 shards equals the unsharded sweep, bit for bit", arguments: [SweepSettings.EvaluatorChoice.automatic, .broadcast])
    func shards(evaluator: SweepSettings.EvaluatorChoice) throws {
        let (network, domain) = try Self.grid()
        let whole = Self.run(network, domain, threads: 2, block: 100, evaluator: evaluator)
        let parts = (0..<4).map { k in
            (path: "part\(k)", summary: Self.run(network, domain, threads: 1 + k % 2, block: 100, evaluator: evaluator, shard: (k, 4)))
        }
        #expect(parts.allSatisfy { $0.summary.pointsEvaluated < whole.pointsEvaluated })
        let merged = try SweepMerge.merge(parts.reversed())
        #expect(merged == whole)
        #expect(Self.json(merged) == Self.json(whole))
    }

    @Test("merge refuses a missing, repeated or foreign shard")
    func mergeRefusals() throws {
        let (network, domain) = try Self.grid(5)
        let parts = (0..<3).map { k in (path: "p\(k)", summary: Self.run(network, domain, threads: 1, block: 50, shard: (k, 3))) }
        #expect(throws: InputError.self) { try SweepMerge.merge(Array(parts.prefix(2))) }
        #expect(throws: InputError.self) { try SweepMerge.merge(parts + [parts[0]]) }
        var foreign = parts[2]
        foreign.summary.configuration.tolerance.rtol = 1e-3
        #expect(throws: InputError.self) { try SweepMerge.merge(Array(parts.prefix(2)) + [foreign]) }
    }

    @Test("a cancelled sweep stops and is marked partial")
    func cancellation() throws {
        let (network, domain) = try Self.grid()
        let flag = CancellationFlag()
        flag.cancel()
        var s = SweepSettings()
        s.blockPoints = 10
        let summary = SweepRunner.run(network: network, domain: domain, settings: s, cancellation: flag)
        #expect(summary.partial)
        #expect(summary.pointsEvaluated < domain.pointCount!)
    }
}
