import NetworkModel
import Reporting

/// The points a sweep visits: a Cartesian product of *dimensions*, each
/// variable of the network taking its values along one dimension.
///
/// - A grid (`--x -4:4:400 …`) has one dimension per variable, in the
///   network's variable order (inputs, label, parameters).
/// - A point list (`--points FILE.csv`) has a single dimension, the row
///   number, along which every variable takes its column's values.
///
/// Points are numbered row-major over the dimensions, the last fastest; this
/// *linear index* names a point in summaries and breaks every tie
/// (the lowest index wins), whatever order the evaluator visits points in.
public struct SweepDomain: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case grid, points }

    public var kind: Kind
    /// The network's variables, in ``Network/variables`` order.
    public var variables: [String]
    /// The length of each dimension.
    public var dimensionSizes: [Int]
    /// For each variable, the dimension it varies along.
    public var variableDimension: [Int]
    /// For each variable, its values along its dimension (computed when read, see ``SweepAxis``).
    public var variableValues: [SweepAxis]

    /// The largest number of points a sweep runs without `--force`.
    public static let pointLimitWithoutForce = 1_000_000_000_000

    /// A grid over `axes` (values per variable name) for `network`.
    ///
    /// Every variable needs an axis; an axis naming something that is not a
    /// variable (or a node) is an error, as is a grid of more than
    /// ``pointLimitWithoutForce`` points unless `force`.
    public static func grid(
        for network: Network, axes: [(name: String, values: [Double])], force: Bool = false
    ) throws(InputError) -> SweepDomain {
        try grid(for: network, axes: axes.map { ($0.name, SweepAxis($0.values)) }, force: force)
    }

    /// A grid over `axes` (an axis per variable name) for `network`; the size
    /// is checked before any value is computed.
    public static func grid(
        for network: Network, axes: [(name: String, values: SweepAxis)], force: Bool = false
    ) throws(InputError) -> SweepDomain {
        try checkNames(axes.map(\.name), network: network)
        var values: [SweepAxis] = []
        for variable in network.variables {
            guard let axis = axes.first(where: { $0.name == variable }) else {
                throw InputError("no axis for '\(variable)', which \(network.file) needs: add --\(variable) VALUES (start:stop:count, a,b,c or a value)")
            }
            values.append(axis.values)
        }
        let domain = SweepDomain(kind: .grid, variables: network.variables, dimensionSizes: values.map(\.count),
                                 variableDimension: Array(values.indices), variableValues: values)
        try domain.checkSize(force: force)
        return domain
    }

    /// An explicit list of points: `rows[i][v]` is variable `v`'s value at point `i`.
    public static func points(for network: Network, rows: [[Double]]) throws(InputError) -> SweepDomain {
        guard !rows.isEmpty else { throw InputError("the point list has no points") }
        let columns = network.variables.indices.map { v in SweepAxis(rows.map { $0[v] }) }
        return SweepDomain(kind: .points, variables: network.variables, dimensionSizes: [rows.count],
                           variableDimension: Array(repeating: 0, count: network.variableCount),
                           variableValues: columns)
    }

    static func checkNames(_ names: [String], network: Network) throws(InputError) {
        var seen = Set<String>()
        for name in names {
            guard seen.insert(name).inserted else { throw InputError("axis '\(name)' is given twice") }
            switch network.role(of: name) {
            case .input?, .label?, .parameter?: continue
            case .node?:
                throw InputError("'\(name)' is a computed node of \(network.file), not a variable; axes can only be given for: \(network.variables.joined(separator: ", "))")
            case nil:
                throw InputError("unknown variable '\(name)': \(network.file) has \(network.variables.joined(separator: ", "))")
            }
        }
    }

    /// The number of points, or `nil` if it overflows `Int`.
    public var pointCount: Int? {
        var n = 1
        for s in dimensionSizes {
            let (p, overflow) = n.multipliedReportingOverflow(by: s)
            if overflow { return nil }
            n = p
        }
        return n
    }

    func checkSize(force: Bool) throws(InputError) {
        guard let n = pointCount else { throw InputError("the grid has more points than can be counted (\(dimensionSizes.map(String.init).joined(separator: " x ")))") }
        if n > Self.pointLimitWithoutForce && !force {
            throw InputError("the grid has \(n) points (\(dimensionSizes.map(String.init).joined(separator: " x "))), more than 10^12: pass --force to run it anyway")
        }
    }

    /// The index of each dimension at the point with linear index `index`.
    public func coordinates(of index: Int) -> [Int] {
        var rest = index
        var result = [Int](repeating: 0, count: dimensionSizes.count)
        for d in dimensionSizes.indices.reversed() {
            result[d] = rest % dimensionSizes[d]
            rest /= dimensionSizes[d]
        }
        return result
    }

    /// Every variable's value at the point with linear index `index`.
    public func variableValues(at index: Int) -> [Double] {
        let c = coordinates(of: index)
        return variables.indices.map { variableValues[$0][c[variableDimension[$0]]] }
    }
}
