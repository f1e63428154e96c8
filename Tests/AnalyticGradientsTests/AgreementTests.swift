import Foundation
import Testing
import NetworkModel
@testable import AnalyticGradients

/// Property tests: closed form = reverse mode = forward mode to 1e-13 relative
/// over random points, saturated sigmoids and negative values included.
struct AgreementTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/networks")

    static func load(_ name: String) throws -> Network {
        try NetworkParser.load(path: fixtures.appendingPathComponent(name).path)
    }

    /// Random variable values: inputs and weights in [-8, 8] (|x w1| up to 64,
    /// deep in saturation), labels in {0, 1}.
    static func randomPoints(_ network: Network, count: Int, seed: UInt64) -> [[Double]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            network.variables.map { name in
                network.role(of: name) == .label ? Double(rng.next() & 1) : Double.random(in: -8...8, using: &rng)
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
        for point in Self.randomPoints(network, count: 2000, seed: 42) {
            let values = network.forward(point)
            let c = closed.gradient(for: network, at: values)
            let r = ReverseMode.gradient(of: network, at: point)
            let f = ForwardMode.gradient(of: network, at: point)
            for i in c.indices where c[i].isFinite {
                // Below 1e-300 the gradients are denormal-ish noise; compare absolutely there.
                if max(abs(c[i]), abs(r[i])) < 1e-290 { continue }
                worst = max(worst, Self.relativeError(c[i], r[i]), Self.relativeError(c[i], f[i]))
            }
        }
        #expect(worst <= 1e-13, "closed form vs reverse/forward: worst relative error \(worst)")
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
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
