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
    /// FNV-1a hash of the grid's values, in hexadecimal: per axis, an evenly spaced axis's
    /// start, stop and count (after a tag), or a list's values; equal grids digest alike.
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
        // FNV-1a over each axis: an evenly spaced axis by its start, stop and count (its values follow
        // from them: a 10^11-value axis is digested at once, not value by value), a list by its values.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            var bits = word
            for _ in 0..<8 {
                hash = (hash ^ (bits & 0xff)) &* 0x0100_0000_01b3
                bits >>= 8
            }
        }
        for column in domain.variableValues {
            switch column.storage {
            case .linspace(let start, let stop, let count):
                mix(0x6c69_6e73_7061_6365)  // a tag ("linspace")
                [start.bitPattern, stop.bitPattern, UInt64(count)].forEach(mix)
            case .list(let values):
                values.forEach { mix($0.bitPattern) }
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

extension SweepConfiguration {
    /// What makes `other` a different sweep, one phrase per property, e.g.
    /// `grid: x has 9 values from -4.0 to 4.0 in a.json, 17 values from -4.0 to 4.0 in b.json`
    /// with `names` ("a.json", "b.json") for this configuration and `other`.
    /// Empty when both check the same points in the same way. The network
    /// file's path is not compared, only its definitions.
    public func differences(from other: SweepConfiguration, names: (String, String)) -> [String] {
        let here = "in " + names.0, there = "in " + names.1
        var out: [String] = []
        if networkDefinition != other.networkDefinition {
            out.append("network: \(network) \(here), \(other.network) \(there) (different definitions)")
        }
        if domainKind != other.domainKind {
            out.append("domain: a \(domainKind.rawValue) \(here), a \(other.domainKind.rawValue) \(there)")
        } else if axes != other.axes {
            let variables = axes.map(\.name), otherVariables = other.axes.map(\.name)
            if variables != otherVariables {
                out.append("grid: variables \(variables.joined(separator: ",")) \(here), \(otherVariables.joined(separator: ",")) \(there)")
            } else {
                for (a, b) in zip(axes, other.axes) where a != b {
                    out.append("grid: \(a.name) has \(Self.describe(a)) \(here), \(Self.describe(b)) \(there)")
                }
            }
        } else if valuesDigest != other.valuesDigest {
            out.append("grid: same axis sizes and ends but different values (digest \(valuesDigest) \(here), \(other.valuesDigest) \(there))")
        }
        if method != other.method { out.append("method: \(method.name) \(here), \(other.method.name) \(there)") }
        if tolerance != other.tolerance {
            func t(_ x: Tolerance) -> String { "atol \(x.atol), rtol \(x.rtol), widening \(x.widening)" }
            out.append("tolerance: \(t(tolerance)) \(here), \(t(other.tolerance)) \(there)")
        }
        if claims != other.claims {
            func c(_ x: [String]) -> String { x.isEmpty ? "none" : x.joined(separator: "; ") }
            out.append("claims: \(c(claims)) \(here), \(c(other.claims)) \(there)")
        }
        if worst != other.worst { out.append("--worst: \(worst) \(here), \(other.worst) \(there)") }
        if heatmapAxes != other.heatmapAxes {
            func h(_ x: [String]?) -> String { x?.joined(separator: ",") ?? "none" }
            out.append("heatmap axes: \(h(heatmapAxes)) \(here), \(h(other.heatmapAxes)) \(there)")
        }
        return out
    }

    static func describe(_ a: AxisSummary) -> String {
        a.count == 1 ? "the value \(a.first)" : "\(a.count) values from \(a.first) to \(a.last)"
    }
}

extension SweepConfiguration {
    /// The configuration ``SweepRunner/run(network:domain:settings:cancellation:progress:)``
    /// records for these settings.
    public init(network: Network, domain: SweepDomain, settings: SweepSettings) {
        self.init(network: network, domain: domain, method: settings.method, tolerance: settings.tolerance,
                  claims: settings.claims.map(\.text), worst: settings.worst,
                  heatmapAxes: settings.heatmap.map { [domain.variables[$0.0], domain.variables[$0.1]] })
    }
}
