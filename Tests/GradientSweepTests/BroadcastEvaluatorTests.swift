import AnalyticGradients
@testable import GradientSweep
import FiniteDifferences
import Foundation
import NetworkModel
import Testing

/// Broadcast evaluation equals per-point evaluation: for every bundled
/// network, on random small grids, each point's analytic gradient equals
/// ReverseMode's and its central difference equals the one computed from
/// `Network.lossValue` at that point, bit for bit.
@Suite("BroadcastEvaluator")
struct BroadcastEvaluatorTests {
    /// Every point's result, read back through a worst list as long as the grid.
    static func allPoints(_ network: Network, _ domain: SweepDomain, _ settings: SweepSettings) -> [[PointError]] {
        var s = settings
        s.worst = domain.pointCount!
        s.evaluator = .broadcast
        let summary = SweepRunner.run(network: network, domain: domain, settings: s)
        return summary.parameters.map { $0.worst.sorted { $0.point < $1.point } }
    }

    static func randomGrid(_ network: Network, seed: UInt64) throws -> SweepDomain {
        var g = SplitMix(state: seed)
        let axes = network.variables.map { name -> (name: String, values: [Double]) in
            let count = Int.random(in: 1...4, using: &g)
            let range: ClosedRange<Double> = name == network.label ? 0...1 : -5...5
            var values = (0..<count).map { _ in Double.random(in: range, using: &g) }
            if name == network.inputs.first, count > 1 { values[0] = 0 }  // a kink for relu
            return (name, values)
        }
        return try SweepDomain.grid(for: network, axes: axes)
    }

    @Test("broadcast central differences equal per-point evaluation", arguments: Fixtures.names)
    func centralEqualsPerPoint(name: String) throws {
        let network = try Fixtures.network(name)
        for seed in UInt64(1)...6 {
            let domain = try Self.randomGrid(network, seed: seed)
            var settings = SweepSettings()
            settings.blockPoints = 7  // several blocks, ragged
            let results = Self.allPoints(network, domain, settings)
            for (pi, parameter) in network.parameters.enumerated() {
                let slot = network.slot(of: parameter)!
                #expect(results[pi].count == domain.pointCount)
                for e in results[pi] {
                    let point = domain.variableValues(at: e.point)
                    let gradient = ReverseMode.gradient(of: network, at: point)[pi]
                    #expect(e.analytic == gradient, "\(name) \(parameter) at \(point)")
                    let w = point[slot]
                    let h = StepSize.step(for: .central, at: w)
                    var plus = point, minus = point
                    plus[slot] = w + h
                    minus[slot] = w - h
                    let fd = (network.lossValue(plus) - network.lossValue(minus)) / ((w + h) - (w - h))
                    #expect(e.estimate == fd, "\(name) \(parameter) at \(point)")
                }
            }
        }
    }

    @Test("five-point estimates agree with the FiniteDifferences module to its error estimate", arguments: ["q2", "q2-tanh"])
    func fivePoint(name: String) throws {
        let network = try Fixtures.network(name)
        let domain = try Self.randomGrid(network, seed: 42)
        var settings = SweepSettings()
        settings.method = .fivePoint
        let results = Self.allPoints(network, domain, settings)
        for (pi, parameter) in network.parameters.enumerated() {
            for e in results[pi] {
                let point = domain.variableValues(at: e.point)
                let f = LossFunction(network, variable: parameter, at: point)!
                let reference = FiniteDifference.estimate(.fivePoint, of: { f($0) }, at: f.x)
                #expect(abs(e.estimate - reference.value) <= 10 * (reference.errorEstimate + e.errorEstimate) + 1e-14)
            }
        }
    }

    @Test("a claim is evaluated at each point as the formula says")
    func claim() throws {
        let network = try Fixtures.network("q2")
        let claim = try GradientClaim.parse("w2=(a2 - y)*a2*(1+a2)*a1", network: network)
        let domain = try Self.randomGrid(network, seed: 9)
        var settings = SweepSettings()
        settings.claims = [claim]
        let results = Self.allPoints(network, domain, settings)
        for e in results[1] {
            let values = network.forward(domain.variableValues(at: e.point))
            let expected = values.withUnsafeBufferPointer { claim.compiled.evaluate($0) }
            #expect(e.analytic == expected)
        }
    }
}
