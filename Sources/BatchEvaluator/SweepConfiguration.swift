import FiniteDifferences
import GradientCheck
import NetworkModel

/// What a sweep computes: recorded in every summary, so that `merge` can
/// refuse to combine parts of different sweeps.
public struct SweepConfiguration: Sendable, Equatable, Codable {
    /// The network file, as given.
    public var network: String
    /// The network's definitions in canonical form (one `name = expression` per
    /// node), so that two files with the same definitions are the same network.
    public var networkDefinition: String
    public var domainKind: SweepDomain.Kind
    /// Per variable: name, number of values, first and last value.
    public var axes: [AxisSummary]
    /// FNV-1a hash of every variable value's bit pattern, in hexadecimal.
    public var valuesDigest: String
    public var method: FiniteDifferenceMethod
    public var tolerance: Tolerance
    /// `parameter = formula` for each `--claim`; empty when the network's own gradient is checked.
    public var claims: [String]
    /// How many worst points are kept per parameter.
    public var worst: Int
    /// The heatmap's two variables, when one is requested.
    public var heatmapAxes: [String]?

    public struct AxisSummary: Sendable, Equatable, Codable {
        public var name: String
        public var count: Int
        public var first: Double
        public var last: Double
    }

    public init(network: Network, domain: SweepDomain, method: FiniteDifferenceMethod, tolerance: Tolerance,
                claims: [String], worst: Int, heatmapAxes: [String]?) {
        self.network = network.file
        var lines = ["input " + network.inputs.joined(separator: " ")]
        if let label = network.label { lines.append("label " + label) }
        lines.append("param " + network.parameters.joined(separator: " "))
        lines += network.nodes.map { "\($0.name) = \($0.expression)" }
        lines.append("loss " + network.loss)
        networkDefinition = lines.joined(separator: "\n")
        domainKind = domain.kind
        axes = domain.variables.indices.map { v in
            let values = domain.variableValues[v]
            return AxisSummary(name: domain.variables[v], count: values.count, first: values.first ?? 0, last: values.last ?? 0)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for column in domain.variableValues {
            for value in column {
                var bits = value.bitPattern
                for _ in 0..<8 {
                    hash = (hash ^ (bits & 0xff)) &* 0x0100_0000_01b3
                    bits >>= 8
                }
            }
        }
        valuesDigest = String(hash, radix: 16)
        self.method = method
        self.tolerance = tolerance
        self.claims = claims
        self.worst = worst
        self.heatmapAxes = heatmapAxes
    }
}
