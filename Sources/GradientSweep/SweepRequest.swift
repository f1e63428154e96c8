import GradientCheck

/// A sweep as a user asks for it, in plain values: the network, the method and
/// claims by their text, tolerances, limits, axes as written, output files.
///
/// ``resolve(network:environment:)`` applies every rule a sweep request obeys (see
/// `SweepRequest+Resolve.swift`) and returns the network, the domain and the
/// settings that ``SweepRunner`` runs. `gradcheck sweep` fills one in from its
/// options, `gradcheck submit` from the options it passes to every task, and a
/// program or a test may build one directly:
///
/// ```swift
/// var request = SweepRequest(network: .file("fixtures/networks/q2.net"))
/// request.axes = [.init(name: "x", values: "-4:4:9"), .init(name: "y", values: "0,1"),
///                 .init(name: "w1", values: "-4:4:8"), .init(name: "w2", values: "0.5")]
/// request.method = "five-point"
/// let (network, domain, settings) = try request.resolve()
/// ```
///
/// Messages name the `gradcheck sweep` option a value came from (`--worst must be at least 0`).
public struct SweepRequest: Sendable, Equatable {
    /// Where the network comes from.
    public enum NetworkSource: Sendable, Equatable {
        /// A network file, read when the request is resolved.
        case file(String)
        /// Network text, called `name` in messages (e.g. `<built-in q2.net>`).
        case text(String, name: String)
    }

    /// One grid axis: a variable's name and its values as written
    /// (`-4:4:400`, `0,1` or `0.5`; see ``AxisSpecification``).
    public struct Axis: Sendable, Equatable {
        public var name: String
        public var values: String

        public init(name: String, values: String) {
            self.name = name
            self.values = values
        }
    }

    /// The output formats a sweep prints (`--format`).
    public enum Format: String, Sendable, CaseIterable {
        case text, json, csv
    }

    public var network: NetworkSource
    /// A ``FiniteDifferenceMethod`` name: central, five-point, richardson, complex-step, forward, backward.
    public var method = "central"
    /// `PARAM=EXPR` formulas checked instead of the network's gradient (``GradientClaim``), at most one per parameter.
    public var claims: [String] = []
    /// The tolerance model's absolute and relative tolerances and its widening (finite, non-negative).
    public var atol = Tolerance.default.atol
    public var rtol = Tolerance.default.rtol
    public var widening = Tolerance.default.widening
    /// Worker threads, at least 1 (capped at ``SweepSettings/maximumThreads``); `nil`: one per processor.
    public var threads: Int?
    /// A ``Format`` name.
    public var format = Format.text.rawValue
    /// Worst points reported per parameter, at least 0 (capped at the number of points); `nil`:
    /// ``defaultWorst``, or every point for CSV of a grid of at most ``csvEveryPointLimit`` points.
    public var worst: Int?
    /// The SVG heatmap's path, if one is wanted; the sweep must be a grid.
    public var heatmap: String?
    /// The heatmap's two variables as `a,b`; `nil`: the first two non-label axes with several values.
    public var heatmapAxes: String?
    /// `K/N`, `auto` or `auto/N` (``ShardSpecification``); `nil`: the whole sweep.
    public var shard: String?
    /// One axis per variable of the network, for a grid; empty with ``points``.
    public var axes: [Axis] = []
    /// A CSV file of points (``PointListReader``) instead of a grid.
    public var points: String?
    /// The JSON summary's path, if one is wanted.
    public var output: String?
    /// Runs a grid of more than ``SweepDomain/pointLimitWithoutForce`` points.
    public var force = false
    /// The most points in one block, 1 to ``SweepSettings/maximumBlockPoints``; results do not depend on it.
    public var blockPoints = 1 << 15
    /// A ``SweepSettings/EvaluatorChoice`` name.
    public var evaluator = SweepSettings.EvaluatorChoice.automatic.rawValue

    /// Worst points per parameter when ``worst`` is `nil`.
    public static let defaultWorst = 5
    /// The largest grid whose CSV lists every point when ``worst`` is `nil`.
    public static let csvEveryPointLimit = 100_000

    public init(network: NetworkSource) {
        self.network = network
    }
}
