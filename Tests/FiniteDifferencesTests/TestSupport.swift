import Foundation
import NetworkModel

/// The bundled network files.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/networks")

    static let smooth = ["q2.net", "q2-cross-entropy.net", "q2-tanh.net", "q2-three-weights.net"]
    static let all = smooth + ["q2-relu.net"]

    static func load(_ name: String) throws -> Network {
        try NetworkParser.load(path: directory.appendingPathComponent(name).path)
    }

    /// Random variable values: inputs and weights in [-8, 8] (|x w1| up to 64,
    /// deep in saturation), labels in {0, 1}.
    static func randomPoints(_ network: Network, count: Int, seed: UInt64, range: ClosedRange<Double> = -8...8) -> [[Double]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            network.variables.map { name in
                network.role(of: name) == .label ? Double(rng.next() & 1) : Double.random(in: range, using: &rng)
            }
        }
    }
}

func relativeError(_ a: Double, _ b: Double) -> Double {
    let scale = max(abs(a), abs(b))
    return scale == 0 ? 0 : abs(a - b) / scale
}

/// A small, fast, seedable generator so property tests are reproducible.
