import Foundation
import Testing
import NetworkModel
@testable import AnalyticGradients

/// Property tests: closed form = reverse mode = forward mode to 1e-13 relative
/// over random points, saturated sigmoids and negative values included.
@Suite(.tags(.slow), .skippedWhenQuick)
struct AgreementTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/networks")

    static func load(_ name: String) throws -> Network {
        try NetworkParser.load(path: fixtures.appendingPathComponent(name).path)
    }

    /// Random variable values: inputs and weights in [-3.5, 3.5] (|x w1| up to 12.25,
    /// where the hidden sigmoid saturates to 1 - 5e-6; negatives included), labels in {0, 1}.
    static func randomPoints(_ network: Network, count: Int, seed: UInt64) -> [[Double]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            network.variables.map { name in
                network.role(of: name) == .label ? Double(rng.next() & 1) : Double.random(in: -3.5...3.5, using: &rng)
            }
        }
    }

    static func relativeError(_ a: Double, _ b: Double) -> Double {
        let scale = max(abs(a), abs(b))
        return scale == 0 ? 0 : abs(a - b) / scale
    }

    @Test(arguments: ["q2.net", "q2-cross-entropy.net", "q2-tanh.net", "q2-relu.net", "q2-three-weights.net"])
    func closedFormReverseAndForwardAgree(file: String) throws {
        let network = try Self.load(file)
        let closed = try #require(ClosedForm.matching(network), "no closed form matches \(file)")
        var worst = 0.0
        var compared = 0
        for point in Self.randomPoints(network, count: 4000, seed: 42) {
            let values = network.forward(point)
            guard Self.withinClosedFormDomain(network, values) else { continue }
            compared += 1
            let c = closed.gradient(for: network, at: values)
            let r = ReverseMode.gradient(of: network, at: point)
            let f = ForwardMode.gradient(of: network, at: point)
            for i in c.indices where c[i].isFinite {
                // Below 1e-300 the gradients are denormal-ish noise; compare absolutely there.
                if max(abs(c[i]), abs(r[i])) < 1e-290 { continue }
                worst = max(worst, Self.relativeError(c[i], r[i]), Self.relativeError(c[i], f[i]))
            }
        }
        #expect(compared >= 1000, "too few points in the closed form's domain: \(compared)")
        #expect(worst <= 1e-13, "closed form vs reverse/forward: worst relative error \(worst)")
    }

    /// The exam's closed forms multiply factors `a(1 - a)` (sigmoid) and
    /// `1 - a^2` (tanh) that cancel as the unit saturates. Evaluated in
    /// `Float80` they stay within 1e-13 of the truth while every sigmoid's
    /// argument is within ±12 (a ≥ 1 - 6e-6: saturated) and every tanh's
    /// within ±6; beyond that their error grows as `2^-64 e^|z|`, and the
    /// comparison would measure the formula's conditioning, not its correctness.
    /// Likewise the loss's own `a_out - y` cancels in every `Double` method
    /// (relative error eps/|a_out - y|) when the output saturates toward its
    /// label, so points with |a_out - y| < 0.01 are left out.
    static func withinClosedFormDomain(_ network: Network, _ values: [Double]) -> Bool {
        let lossNode = network.nodes.first { $0.name == network.loss }!
        if let label = network.label, let y = network.slot(of: label) {
            for name in lossNode.expression.names where name != label {
                if abs(values[network.slot(of: name)!] - values[y]) < 0.01 { return false }
            }
        }
        return values.withUnsafeBufferPointer { buffer in
            network.nodes.allSatisfy { node in
                guard case .call(let f, let argument) = node.compiled else { return true }
                let z: Double = argument.evaluate(buffer)
                switch f {
                case .sigmoid: return abs(z) <= 12
                case .tanh: return abs(z) <= 6
                default: return true
                }
            }
        }
    }

    @Test func nodeToNodeDerivativesFollowTheHoldRule() throws {
        let network = try Self.load("q2.net")
        let values = network.forward([1.5, 1, 0.3, -0.7])
        func slot(_ n: String) -> Int { network.slot(of: n)! }
        let a1 = values[slot("a1")], a2 = values[slot("a2")], w2 = values[slot("w2")]
        for mode in [ForwardMode.derivative, ReverseMode.derivative] {
            #expect(mode(slot("z2"), slot("a1"), network, values) == w2)
            #expect(abs(mode(slot("a2"), slot("a1"), network, values) - a2 * (1 - a2) * w2) < 1e-16)
            #expect(mode(slot("z1"), slot("a1"), network, values) == 0)
            #expect(mode(slot("z2"), slot("w2"), network, values) == a1)
            #expect(abs(mode(slot("a2"), slot("w2"), network, values) - a2 * (1 - a2) * a1) < 1e-16)
            #expect(mode(slot("a1"), slot("a1"), network, values) == 1)
        }
    }
}

/// A small, fast, seedable generator so property tests are reproducible.
