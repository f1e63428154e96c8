@testable import GradientSweep
import FiniteDifferences
import NetworkModel
import Testing

/// The compiled program (``ProgramEvaluator``) gives the broadcast evaluator's
/// summary bit for bit: counts, extremes, histograms and every point's
/// analytic value, estimate, error estimate and verdict (the worst list is
/// as long as the grid), on every bundled network and on networks written
/// for this test (every elementary function, powers, divisions, kinks, two
/// inputs, a loss that is not the last node), for central, five-point,
/// forward, backward and Richardson differences, claims, heatmaps and point lists; and the same for any block
/// size and thread count.
@Suite("ProgramEvaluator")
struct ProgramEvaluatorTests {
    static let written = [
        """
        input x u
        label y
        param a b c
        h = softplus(x * a + u) + abs(u - b) ^ 3
        g = tanh(h / (1 + c^2)) + sqrt(exp(-h) + 1) * relu(x - c)
        p = sigmoid(g * b)
        loss L = -(y * log(p) + (1 - y) * log(1 - p)) + 0.01 * (a^2 + b^2)
        extra = L * 2
        """,
        """
        input x
        label y
        param w k
        z = x * w
        e = exp(z / 4)
        loss L = (abs(z) + e ^ k - y) ^ 2 / 2
        """,
        // Analytic in every parameter (complex step applies): every complex operation.
        """
        input x u
        label y
        param a b
        h = softplus(x * a + u) + (u - b) ^ 3
        g = tanh(h / (1 + b^2)) + sqrt(exp(-h) + 1) * log(2 + x^2)
        p = sigmoid(g * b) ^ (1 + a^2 / 8)
        loss L = -(y * log(p) + (1 - y) * log(1 - p)) + 0.01 * (a^2 + 1 / (1 + b^2))
        """,
    ]

    static func network(_ i: Int) throws -> Network { try NetworkParser.parse(written[i], file: "written-\(i).net") }

    /// A random grid with 1-5 values per variable, some large (saturation, non-finite losses) and 0 on the first input (kinks).
    static func randomGrid(_ network: Network, seed: UInt64) throws -> SweepDomain {
        var g = SplitMix(state: seed)
        let axes = network.variables.map { name -> (name: String, values: [Double]) in
            let count = Int.random(in: 1...5, using: &g)
            let scale = [1.0, 5, 40][Int.random(in: 0...2, using: &g)]
            var values = (0..<count).map { _ in name == network.label ? Double(Int.random(in: 0...1, using: &g)) : Double.random(in: -scale...scale, using: &g) }
            if name == network.inputs.first, count > 1 { values[0] = 0 }
            return (name, values)
        }
        return try SweepDomain.grid(for: network, axes: axes)
    }

    static func run(_ network: Network, _ domain: SweepDomain, _ settings: SweepSettings, _ evaluator: SweepSettings.EvaluatorChoice) -> SweepSummary {
        var s = settings
        s.worst = domain.pointCount!
        s.evaluator = evaluator
        return SweepRunner.run(network: network, domain: domain, settings: s)
    }

    /// The first point whose record differs, for a readable failure.
    static func firstDifference(_ a: SweepSummary, _ b: SweepSummary) -> String {
        for (p, q) in zip(a.parameters, b.parameters) {
            let x = p.worst.sorted { $0.point < $1.point }, y = q.worst.sorted { $0.point < $1.point }
            for (e, f) in zip(x, y) where e != f {
                return "\(p.parameter) point \(e.point): \(e.analytic) \(e.estimate) \(e.errorEstimate) \(e.verdict) vs \(f.point): \(f.analytic) \(f.estimate) \(f.errorEstimate) \(f.verdict)"
            }
            if p != q { return "\(p.parameter): counts \([p.agree, p.inconclusive, p.mismatch, p.notDifferentiable, p.nonFinite]) vs \([q.agree, q.inconclusive, q.mismatch, q.notDifferentiable, q.nonFinite])" }
        }
        return "none"
    }

    /// `s` with every NaN error estimate as the one quiet NaN: where a loss is not finite the
    /// broadcast evaluator's NaN can carry either sign (it depends on the block's other points:
    /// a slot whose adjoint is 0 in the whole block adds no term), the compiled program's cannot.
    static func canonical(_ s: SweepSummary) -> [ParameterSummary] {
        s.parameters.map { p in
            var p = p
            p.worst = WorstList(p.worst.map { e in
                var e = e
                if e.errorEstimate.isNaN { e.errorEstimate = .nan }
                return e
            })
            return p
        }
    }

    static func networks() throws -> [Network] { try Fixtures.names.map(Fixtures.network) + [network(0), network(1), network(2)] }

    /// Whether complex step can differentiate `network`'s loss in every parameter (no relu/abs on the way).
    static func analytic(_ network: Network) -> Bool { network.parameters.allSatisfy { ComplexStep.refusal(for: $0, in: network) == nil } }

    /// Forward, backward and Richardson replay the compiled losses to the pointwise estimator
    /// (Richardson on fewer grids: the broadcast reference evaluates it point by point).
    @Test("equal to the broadcast evaluator bit for bit",
          arguments: [FiniteDifferenceMethod.central, .fivePoint, .forward, .backward, .richardson, .complexStep])
    func equalsBroadcast(method: FiniteDifferenceMethod) throws {
        for network in try Self.networks() where method != .complexStep || Self.analytic(network) {
            for seed in UInt64(1)...(method == .richardson || method == .complexStep ? 4 : 8) {
                let domain = try Self.randomGrid(network, seed: seed)
                var settings = SweepSettings()
                settings.method = method
                let compiled = Self.run(network, domain, settings, .compiled)
                let broadcast = Self.run(network, domain, settings, .broadcast)
                #expect(SweepRunner.evaluatorName(network: network, domain: domain, settings: { var s = settings; s.evaluator = .compiled; return s }()) == "compiled")
                #expect(Self.canonical(compiled) == Self.canonical(broadcast), "\(network.file) seed \(seed) \(method.name): \(Self.firstDifference(compiled, broadcast))")
                #expect(compiled.parameters.allSatisfy { $0.points == domain.pointCount! })
            }
        }
    }

    @Test("the same summary for any block size and thread count", arguments: [FiniteDifferenceMethod.central, .forward, .richardson])
    func blocksAndThreads(method: FiniteDifferenceMethod) throws {
        for network in try Self.networks() {
            let domain = try Self.randomGrid(network, seed: 99)
            var settings = SweepSettings()
            settings.method = method
            let reference = Self.run(network, domain, settings, .compiled)
            for (points, threads) in [(1, 1), (7, 2), (13, 3), (1 << 15, 2)] {
                settings.blockPoints = points
                settings.threads = threads
                #expect(Self.run(network, domain, settings, .compiled) == reference, "\(network.file) \(points) \(threads)")
            }
        }
    }

    @Test("claims (also ones that use the loss) and heatmaps as the broadcast evaluator",
          arguments: [FiniteDifferenceMethod.central, .backward, .richardson])
    func claimsAndHeatmaps(method: FiniteDifferenceMethod) throws {
        let network = try Fixtures.network("q2-tanh")
        let domain = try Self.randomGrid(network, seed: 5)
        var settings = SweepSettings()
        settings.method = method
        settings.claims = [try GradientClaim.parse("w1=(a2 - y)*(1 - a2^2)*w2*(1 - a1^2)*x*(1 + Loss/1000)", network: network)]
        settings.heatmap = (0, 3)
        let compiled = Self.run(network, domain, settings, .compiled)
        let broadcast = Self.run(network, domain, settings, .broadcast)
        #expect(compiled.parameters == broadcast.parameters)
        #expect(compiled.heatmap == broadcast.heatmap)
        #expect(compiled.heatmap != nil)
    }

    @Test("point lists as the broadcast evaluator", arguments: [FiniteDifferenceMethod.central, .forward, .richardson])
    func pointList(method: FiniteDifferenceMethod) throws {
        let network = try Self.network(0)
        var g = SplitMix(state: 3)
        let rows = (0..<37).map { _ in network.variables.map { $0 == network.label ? 1.0 : Double.random(in: -6...6, using: &g) } }
        let domain = try SweepDomain.points(for: network, rows: rows)
        var settings = SweepSettings()
        settings.method = method
        let compiled = Self.run(network, domain, settings, .compiled)
        #expect(compiled.parameters == Self.run(network, domain, settings, .broadcast).parameters)
        #expect(compiled.parameters[0].points == 37)
    }

    /// The quadratic loss's `0.5 · (a - y)²` of every perturbed stencil point and the rounding
    /// bound's sum are fused (``SweepProgram/fuse(keeping:)``): on q2, eight losses of the stencil
    /// (a2 at w1 ± h, ± 2h and w2 ± h, ± 2h; the unperturbed one's `a2 - y` is also read by the
    /// reverse sweep, so it stays apart) and one step of the sum per slot with an adjoint,
    /// three fewer passes per fused loss and one per step. The summaries above show it changes no bit.
    @Test("fusion: q2's perturbed quadratic losses and the rounding bound's sum run as single instructions")
    func fusion() throws {
        let network = try Fixtures.network("q2")
        let domain = try SweepDomain.grid(for: network, axes: [("x", [0.5, 1]), ("w1", [0.5]), ("w2", [-1, 2]), ("y", [0, 1])])
        let setup = try #require(ProgramEvaluator.Setup(network: network, domain: domain, settings: SweepSettings()))
        let run = setup.order.map { setup.program.instructions[$0].operation }
        #expect(run.filter { $0 == .scaledSquaredDifference }.count == 8)
        #expect(run.filter { $0 == .addMagnitudeProduct }.count == network.slotCount)
        #expect(!run.contains(.magnitudeProduct))
        #expect(run.filter { $0 == .integerPower(2) }.count == 1)
        #expect(setup.order.count == setup.program.instructions.count - 16 - network.slotCount)
    }

    /// How many loss evaluations a replayed sweep makes off the compiled plan (``ProgramEvaluator/fallbacks``).
    static func fallbacks(_ network: Network, _ domain: SweepDomain, _ method: FiniteDifferenceMethod) -> Int {
        var settings = SweepSettings()
        settings.method = method
        let evaluator = ProgramEvaluator(ProgramEvaluator.Setup(network: network, domain: domain, settings: settings)!)
        let configuration = SweepConfiguration(network: network, domain: domain, method: method, tolerance: settings.tolerance,
                                               claims: [], worst: settings.worst, heatmapAxes: nil)
        var summary = SweepSummary(configuration: configuration, points: domain.pointCount!, parameters: network.parameters, heatmap: nil)
        for k in 0..<evaluator.blockCount { evaluator.evaluate(block: k, into: &summary) }
        return evaluator.fallbacks
    }

    /// The plan is what the estimator asks for: on the smooth networks no loss is evaluated point
    /// by point (bit equality with the broadcast evaluator holds either way, by construction);
    /// at relu's kink (x = 1.5, w1 = 0) the one-sided steps are.
    @Test("replayed methods evaluate nothing off the plan where the loss is smooth",
          arguments: [FiniteDifferenceMethod.forward, .backward, .richardson, .complexStep])
    func noFallbackWhereSmooth(method: FiniteDifferenceMethod) throws {
        for network in try Fixtures.names.filter({ $0 != "q2-relu" }).map(Fixtures.network) + [Self.network(2)] {
            for seed in UInt64(1)...3 {
                #expect(Self.fallbacks(network, try Self.randomGrid(network, seed: seed), method) == 0, "\(network.file) seed \(seed)")
            }
        }
        // Complex step is refused through relu (the broadcast evaluator answers: every point unavailable).
        guard method != .complexStep else {
            #expect(ProgramEvaluator.Setup(network: try Fixtures.network("q2-relu"), domain: try Self.randomGrid(try Fixtures.network("q2-relu"), seed: 1),
                                           settings: { var s = SweepSettings(); s.method = .complexStep; return s }()) == nil)
            return
        }
        let relu = try Fixtures.network("q2-relu")
        let kink = try SweepDomain.grid(for: relu, axes: [("x", [1.5]), ("y", [1]), ("w1", [0, 0.5]), ("w2", [-0.7])])
        #expect(Self.fallbacks(relu, kink, method) > 0)
    }
}
