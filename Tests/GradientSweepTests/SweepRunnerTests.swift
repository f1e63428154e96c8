@testable import GradientSweep
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
                    evaluator: SweepSettings.EvaluatorChoice = .automatic, shard: (Int, Int)? = nil,
                    heatmap: (Int, Int)? = nil, worst: Int = 7, claims: [GradientClaim] = []) -> SweepSummary {
        var s = SweepSettings()
        s.claims = claims
        s.threads = threads
        s.blockPoints = block
        s.evaluator = evaluator
        s.worst = worst
        s.shard = shard
        s.heatmap = heatmap
        return SweepRunner.run(network: network, domain: domain, settings: s)
    }

    static func json(_ s: SweepSummary) -> String { SweepReport(summary: s, timing: nil).json() }

    /// Without a heatmap, with one the exam-network evaluator makes (x, w1),
    /// and with one it leaves to the broadcast evaluator (y, w2).
    @Test("thread counts and block sizes give identical summaries, bit for bit",
          arguments: [nil, Heatmap(0, 2), Heatmap(3, 1)])
    func threadsAndBlocks(heatmap: Heatmap?) throws {
        let (network, domain) = try Self.grid()
        let reference = Self.run(network, domain, threads: 1, block: 1 << 15, heatmap: heatmap?.axes)
        #expect(reference.pointsEvaluated == domain.pointCount)
        #expect((reference.heatmap != nil) == (heatmap != nil))
        for (threads, block) in [(2, 1 << 15), (3, 50), (2, 7), (4, 1)] {
            let other = Self.run(network, domain, threads: threads, block: block, heatmap: heatmap?.axes)
            #expect(other == reference, "threads \(threads), block \(block)")
            #expect(Self.json(other) == Self.json(reference))
        }
    }

    /// The exam-network evaluator groups the analytic gradient's products per
    /// triple and multiplies the loss difference by `1/(2(w₊ - w₋))`, so its
    /// analytic values and estimates may differ from the broadcast evaluator's
    /// in the last bits (the losses are identical). A difference of a few ulps
    /// of the values compared moves an error `|a - fd|` by at most that much.
    ///
    /// With claims (`--claim`, ``ChunkClaim``) the same holds: each claim is
    /// evaluated with the network's operations on node values within an ulp
    /// of the broadcast evaluator's.
    @Test("the exam-network evaluator and the broadcast evaluator agree to a few ulps", arguments: [
        [], ["w1=(a2 - y)*a2*(1+a2)*w2*a1*(1-a1)*x"], ["w2=(a2-y)*exp(-z2)/(1+exp(-z2))^2*a1 + 0*z1"],
        ["w1=-(a2 - y)*a2*(1-a2)*w2*a1*(1-a1)*x", "w2=(a2-y)*a2*(1-a2)*a1"],
    ])
    func evaluatorsAgree(claims: [String]) throws {
        let (network, domain) = try Self.grid(11)
        let parsed = try claims.map { try GradientClaim.parse($0, network: network) }
        let fast = Self.run(network, domain, threads: 2, block: 300, claims: parsed)
        let broadcast = Self.run(network, domain, threads: 2, block: 300, evaluator: .broadcast, claims: parsed)
        var settings = SweepSettings()
        settings.claims = parsed
        // The exam kernel runs only on CPUs with AVX2 and FMA (VectorKernels); elsewhere both runs are broadcast.
        let expected = VectorKernels.current == .avx2FMA ? "exam-network" : "compiled"
        #expect(SweepRunner.evaluatorName(network: network, domain: domain, settings: settings) == expected)
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

    @Test("a claim in terms of the loss leaves the sweep to the compiled program")
    func lossClaim() throws {
        let (network, domain) = try Self.grid(5)
        var settings = SweepSettings()
        settings.claims = [try GradientClaim.parse("w2=Loss*a1", network: network)]
        #expect(SweepRunner.evaluatorName(network: network, domain: domain, settings: settings) == "compiled")
    }

    /// Heatmap axes as a test argument.
    struct Heatmap: Sendable, CustomTestStringConvertible {
        let axes: (Int, Int)
        init(_ a: Int, _ b: Int) { axes = (a, b) }
        var testDescription: String { "heatmap \(axes.0),\(axes.1)" }
    }

    /// A q2 grid with `nw2` values of w2 (padded by the kernel to a multiple
    /// of 4) and three labels.
    static func heatmapGrid(nw2: Int) throws -> (Network, SweepDomain) {
        let network = try Fixtures.network("q2")
        let axes: [(name: String, values: [Double])] = [
            ("x", AxisSpecification.linspace(-3, 5, 7)), ("y", [0, 0.25, 1]),
            ("w1", AxisSpecification.linspace(-4, 4, 6)), ("w2", AxisSpecification.linspace(-6, 2, nw2)),
        ]
        return (network, try SweepDomain.grid(for: network, axes: axes))
    }

    /// The kernel's row maxima against the conventions of ``ErrorHeatmap``, on
    /// the same values: with a worst list as long as the grid, every point goes
    /// back to Swift (the kernel's threshold stays -inf), with `worst` 1 nearly
    /// every point stays in the kernel. Same cells bit for bit.
    @Test("the exam-network heatmap: the kernel's row maxima equal ErrorHeatmap's records, bit for bit",
          arguments: [5, 6, 7, 8, 9])
    func examHeatmapKernel(nw2: Int) throws {
        let (network, domain) = try Self.heatmapGrid(nw2: nw2)
        let n = try #require(domain.pointCount)
        for axes in [(0, 2), (2, 0)] {
            var settings = SweepSettings()
            settings.heatmap = axes
            // The exam kernel runs only on CPUs with AVX2 and FMA (VectorKernels); elsewhere both runs are broadcast.
        let expected = VectorKernels.current == .avx2FMA ? "exam-network" : "compiled"
        #expect(SweepRunner.evaluatorName(network: network, domain: domain, settings: settings) == expected)
            let kernel = Self.run(network, domain, threads: 2, block: 40, heatmap: axes, worst: 1)
            let swift = Self.run(network, domain, threads: 2, block: 40, heatmap: axes, worst: n)
            let (hk, hs) = (try #require(kernel.heatmap), try #require(swift.heatmap))
            #expect(hk.sizes == [domain.dimensionSizes[axes.0], domain.dimensionSizes[axes.1]])
            #expect(hk.cells.map(\.bitPattern) == hs.cells.map(\.bitPattern))
            #expect(hk.cells.allSatisfy { $0 >= 0 })
            // The largest cell is the largest relative error of either parameter.
            let largest = kernel.parameters.compactMap { $0.maxRelativeError?.value }.max()
            #expect(hk.cells.max() == largest)
        }
    }

    /// Why the exam-network heatmap is not the broadcast evaluator's bit for
    /// bit: the analytic values and estimates differ in the last bits (see
    /// `evaluatorsAgree`), and the analytic value's factor `d = a2 - y`
    /// magnifies the ulp by which the two `a2` may differ by `A = |a2| / |a2 - y|`
    /// (a label near `a2`, here `y = 0.25`). So `r = |a - e| / |e|` and a cell's
    /// maximum of them may move by about `c ε A (1 + r)`, with `A` the largest
    /// over the cell's points (at least 1), computed here from `σ(σ(x w1) w2)`.
    /// Measured: `c` at most 1.0 on these grids (about a quarter of the cells
    /// equal bit for bit); the test allows 8. Empty cells are the same.
    @Test("the exam-network heatmap equals the broadcast evaluator's to a few ulps, times d's cancellation",
          arguments: [5, 6, 7, 8, 9])
    func examHeatmapAgainstBroadcast(nw2: Int) throws {
        let (network, domain) = try Self.heatmapGrid(nw2: nw2)
        let (xs, ys, w1s, w2s) = (domain.variableValues[0], domain.variableValues[1], domain.variableValues[2], domain.variableValues[3])
        func sigmoid(_ z: Double) -> Double { 1 / (1 + Foundation.exp(-z)) }
        func magnification(_ ix: Int, _ i1: Int) -> Double {
            let a1 = sigmoid(xs[ix] * w1s[i1])
            var m = 1.0
            for w2 in w2s {
                let a2 = sigmoid(a1 * w2)
                for y in ys where a2 != y { m = Swift.max(m, Swift.abs(a2) / Swift.abs(a2 - y)) }
            }
            return m
        }
        for axes in [(0, 2), (2, 0)] {
            let fast = try #require(Self.run(network, domain, threads: 2, block: 64, heatmap: axes).heatmap)
            let broadcast = try #require(Self.run(network, domain, threads: 2, block: 64, evaluator: .broadcast, heatmap: axes).heatmap)
            #expect(fast.dimensions == broadcast.dimensions && fast.sizes == broadcast.sizes)
            for i in 0..<fast.sizes[0] {
                for j in 0..<fast.sizes[1] {
                    let (f, b) = (fast.cells[i * fast.sizes[1] + j], broadcast.cells[i * fast.sizes[1] + j])
                    #expect((f == ErrorHeatmap.empty) == (b == ErrorHeatmap.empty))
                    let a = axes.0 == 0 ? magnification(i, j) : magnification(j, i)
                    let c = Swift.abs(f - b) / (Double.ulpOfOne * a * (1 + b))
                    #expect(c <= 8, "fast \(f), broadcast \(b), magnification \(a)")
                }
            }
        }
    }

    @Test("a heatmap over other axes than x and w1 leaves the sweep to the compiled program")
    func examHeatmapScope() throws {
        let (network, domain) = try Self.heatmapGrid(nw2: 5)
        for axes in [(0, 3), (3, 2), (1, 0)] {
            var settings = SweepSettings()
            settings.heatmap = axes
            #expect(SweepRunner.evaluatorName(network: network, domain: domain, settings: settings) == "compiled")
        }
    }

    @Test("the exam-network evaluator steps aside for non-finite values or |w2| near 512")
    func examNetworkScope() throws {
        let network = try Fixtures.network("q2")
        for w2 in [[1.0, 600], [1.0, .infinity]] {
            let axes: [(name: String, values: [Double])] = [("x", [1, 2]), ("y", [0, 1]), ("w1", [0.5]), ("w2", w2)]
            let domain = try SweepDomain.grid(for: network, axes: axes)
            #expect(SweepRunner.evaluatorName(network: network, domain: domain, settings: SweepSettings()) == "compiled")
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
