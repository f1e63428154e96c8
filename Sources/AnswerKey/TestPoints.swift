import AnalyticGradients
import NetworkModel

/// The random points at which every equation of a key is evaluated, the way
/// formula-checking systems compare expressions: two sides are equal if they
/// agree at every point.
///
/// Domain (the whole of it, so sign errors and terms right only for positive
/// inputs show up): inputs and parameters uniform in [-3, 3]; the label
/// alternates 0, 1; free variables uniform in [-3, 3], except step sizes
/// (`\alpha`, `\eta`, `\lambda`, …) uniform in (0, 1]. Node values come from a
/// forward pass. The generator is seeded, so findings are reproducible.
public struct TestPoints: Sendable {
    /// Points per equation. 32 random points leave a wrong formula no room:
    /// agreeing by chance at all of them would need an identity on the sample.
    public static let defaultCount = 32
    public static let defaultSeed: UInt64 = 0x6772_6164_6368_6b21  // "gradchk!"

    public let count: Int
    /// Fewer points than asked for were found that satisfy the constraints.
    public let isShort: Bool
    /// Slot values at each point.
    public let values: [[Double]]
    /// Free-variable values at each point, by name key.
    public let free: [[String: Double]]
    /// `tangents[v][k]`: every slot as a dual number carrying d(slot)/d(slot v) at point k.
    public let tangents: [[[Dual]]]

    public init(network: Network, freeNames: [String], count: Int = TestPoints.defaultCount,
                seed: UInt64 = TestPoints.defaultSeed) {
        self.init(network: network, freeNames: freeNames, count: count, seed: seed, constraints: PointConstraints())
    }

    /// Points that satisfy `constraints`: given values set, node equalities solved for, other
    /// conditions kept by rejection (see ``PointConstraints``). Fewer than `count` points (maybe
    /// none) when the conditions are hard to satisfy; ``isShort`` says so.
    init(network: Network, freeNames: [String], count: Int, seed: UInt64, constraints: PointConstraints) {
        var generator = SplitMix64(seed: seed)
        let labelIndex = network.label.flatMap { network.slot(of: $0) }
        var values: [[Double]] = []
        var free: [[String: Double]] = []
        let attempts = constraints.isEmpty ? count : count * PointConstraints.attemptsPerPoint
        var attempt = 0
        while values.count < count && attempt < attempts {
            let k = attempt
            attempt += 1
            var variables = [Double](repeating: 0, count: network.variableCount)
            for i in variables.indices {
                variables[i] = i == labelIndex ? Double(k % 2) : generator.uniform(-3, 3)
            }
            var f: [String: Double] = [:]
            for name in freeNames.sorted() {
                let base = name.prefix { $0.isLetter }
                f[name] = KeySymbols.stepSizeNames.contains(String(base))
                    ? 1 - generator.uniform(0, 1)  // (0, 1]
                    : generator.uniform(-3, 3)
            }
            if constraints.isEmpty {
                values.append(network.forward(variables))
                free.append(f)
                continue
            }
            guard let point = constraints.apply(to: variables, free: f, in: network) else { continue }
            values.append(point.slots)
            free.append(point.free)
        }
        self.count = values.count
        self.isShort = values.count < count
        self.values = values
        self.free = free
        self.tangents = (0..<network.slotCount).map { v in
            values.map { ForwardMode.tangents(withRespectTo: v, in: network, at: $0) }
        }
    }

    /// d(slot u)/d(slot v) at every point, with the rule "perturb v, recompute what depends on it, hold the rest".
    public func derivative(of u: Int, withRespectTo v: Int) -> [Double] {
        tangents[v].map { $0[u].derivative }
    }
}

/// Sebastiano Vigna's SplitMix64: small, fast and good enough for test points.
