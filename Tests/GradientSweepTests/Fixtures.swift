import Foundation
import NetworkModel

/// The bundled networks, read from `fixtures/networks/`.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String {
        root.appendingPathComponent("fixtures/networks/\(name).net").path
    }

    static func network(_ name: String) throws -> Network { try NetworkParser.load(path: path(name)) }

    static let names = ["q2", "q2-cross-entropy", "q2-tanh", "q2-relu", "q2-three-weights"]
}

/// A small deterministic generator (SplitMix64), so random grids are reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
