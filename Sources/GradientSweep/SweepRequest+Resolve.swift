import FiniteDifferences
import Foundation
import GradientCheck
import NetworkModel
import Reporting

extension SweepRequest {
    /// The network ``network`` names.
    public func loadNetwork() throws(InputError) -> Network {
        switch network {
        case .file(let path): return try NetworkParser.load(path: path)
        case .text(let source, let name): return try NetworkParser.parse(source, file: name)
        }
    }

    /// The network, domain and settings this request describes, every rule checked
    /// (and output files checked writable) before anything runs.
    ///
    /// The rules, each an ``InputError`` with one message:
    /// - the method is known, and complex step applies to every parameter (``ComplexStep/refusal(for:in:)``);
    /// - tolerances are finite and non-negative; claims parse, at most one per parameter;
    /// - the format is known; `worst` ≥ 0, `threads` ≥ 1, `blockPoints` in 1...``SweepSettings/maximumBlockPoints``;
    ///   the evaluator is known;
    /// - the shard is `K/N`, `auto` or `auto/N` (read from `environment`);
    /// - axes (a grid, at most ``SweepDomain/pointLimitWithoutForce`` points unless ``force``)
    ///   or ``points``, not both;
    /// - a heatmap needs a grid and two axes (``heatmapDimensions(network:domain:)``), and heatmap axes a heatmap;
    /// - output files are writable, distinct, and none of the inputs.
    ///
    /// Threads are capped at ``SweepSettings/maximumThreads`` and the worst list at the
    /// number of points, silently: neither changes a result.
    ///
    /// - Parameters:
    ///   - network: ``loadNetwork()``'s result, when the caller read it already; `nil` reads it.
    ///   - environment: the process environment, for `--shard auto` and `auto/N`.
    public func resolve(
        network loaded: Network? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(InputError) -> (network: Network, domain: SweepDomain, settings: SweepSettings) {
        let network: Network
        if let loaded { network = loaded } else { network = try loadNetwork() }
        var settings = SweepSettings()
        settings.method = try resolvedMethod(network: network)
        guard atol >= 0, rtol >= 0, widening >= 0, atol.isFinite, rtol.isFinite, widening.isFinite else {
            throw InputError("--atol, --rtol and --widening must be finite and non-negative")
        }
        settings.tolerance = Tolerance(atol: atol, rtol: rtol, widening: widening)
        settings.claims = try resolvedClaims(network: network)
        guard let format = Format(rawValue: format) else { throw InputError("unknown format '\(self.format)' (text, json or csv)") }
        if let worst { guard worst >= 0 else { throw InputError("--worst must be at least 0") } }
        if let threads { guard threads >= 1 else { throw InputError("--threads must be at least 1") } }
        settings.threads = Swift.min(threads ?? ProcessInfo.processInfo.activeProcessorCount, SweepSettings.maximumThreads)
        guard blockPoints >= 1 else { throw InputError("--block-points must be at least 1") }
        guard blockPoints <= SweepSettings.maximumBlockPoints else {
            throw InputError("--block-points must be at most \(SweepSettings.maximumBlockPoints), not \(blockPoints)")
        }
        settings.blockPoints = blockPoints
        guard let evaluator = SweepSettings.EvaluatorChoice(rawValue: evaluator) else {
            let known = SweepSettings.EvaluatorChoice.allCases.map(\.rawValue).joined(separator: ", ")
            throw InputError("unknown evaluator '\(self.evaluator)' (\(known))")
        }
        settings.evaluator = evaluator
        if let shard { settings.shard = try ShardSpecification.parse(shard, environment: environment) }

        let domain = try resolvedDomain(network: network)
        settings.worst = resolvedWorst(format: format, domain: domain)
        if heatmapAxes != nil && heatmap == nil { throw InputError("--heatmap-axes chooses the heatmap's axes, but no --heatmap is given") }
        if let heatmap {
            settings.heatmap = try heatmapDimensions(network: network, domain: domain)
            try AtomicFile.checkWritable(heatmap)
        }
        if let output { try AtomicFile.checkWritable(output) }
        var outputs: [OutputFile] = []
        for case let (path?, option) in [(output, "--output"), (heatmap, "--heatmap")] { outputs.append(try OutputFile(path, option: option)) }
        try OutputFile.requireDistinct(outputs, inputs: inputs)
        return (network, domain, settings)
    }

    /// The files the sweep reads, which no output may overwrite.
    public var inputs: [(what: String, path: String)] {
        var files: [(what: String, path: String)] = []
        if case .file(let path) = network { files.append(("network file", path)) }
        if let points { files.append(("point list", points)) }
        return files
    }

    func resolvedMethod(network: Network) throws(InputError) -> FiniteDifferenceMethod {
        guard let m = FiniteDifferenceMethod(name: method) else {
            throw InputError("unknown method '\(method)' (known: \(FiniteDifferenceMethod.allCases.map(\.name).joined(separator: ", ")))")
        }
        if m == .complexStep, let why = network.parameters.lazy.compactMap({ ComplexStep.refusal(for: $0, in: network) }).first {
            throw InputError(why)
        }
        return m
    }

    func resolvedClaims(network: Network) throws(InputError) -> [GradientClaim] {
        let parsed = try claims.map { c throws(InputError) in try GradientClaim.parse(c, network: network) }
        var seen = Set<String>()
        for claim in parsed where !seen.insert(claim.parameter).inserted {
            throw InputError("two claims for '\(claim.parameter)'")
        }
        return parsed
    }

    func resolvedDomain(network: Network) throws(InputError) -> SweepDomain {
        if let points {
            guard axes.isEmpty else { throw InputError("give either --points or axes, not both") }
            return try SweepDomain.points(for: network, rows: PointListReader.read(path: points, network: network))
        }
        return try SweepDomain.grid(for: network, axes: axes.map { a throws(InputError) in
            (a.name, try AxisSpecification.values(a.values, axis: a.name))
        }, force: force)
    }

    /// `worst`, or its default, never more than the points (a larger list would only reserve memory).
    func resolvedWorst(format: Format, domain: SweepDomain) -> Int {
        let points = domain.pointCount ?? .max
        guard let worst else {
            return format == .csv && domain.kind == .grid && points <= Self.csvEveryPointLimit
                ? points : Swift.min(Self.defaultWorst, points)
        }
        return Swift.min(worst, points)
    }

    /// The heatmap's (horizontal, vertical) dimensions: ``heatmapAxes``, or the first two
    /// dimensions that are not the label and have several values.
    public func heatmapDimensions(network: Network, domain: SweepDomain) throws(InputError) -> (Int, Int) {
        guard domain.kind == .grid else { throw InputError("--heatmap needs a grid, not a point list") }
        if let heatmapAxes {
            let names = heatmapAxes.split(separator: ",").map { String($0).trimmingWhitespace }
            guard names.count == 2, names[0] != names[1] else { throw InputError("--heatmap-axes needs two different variables, e.g. x,w1") }
            let dims = try names.map { n throws(InputError) -> Int in
                guard let i = domain.variables.firstIndex(of: n) else {
                    throw InputError("--heatmap-axes: unknown variable '\(n)' (\(domain.variables.joined(separator: ", ")))")
                }
                return i
            }
            return (dims[0], dims[1])
        }
        let candidates = domain.variables.indices.filter { domain.variables[$0] != network.label && domain.dimensionSizes[$0] > 1 }
        guard candidates.count >= 2 else { throw InputError("--heatmap needs two axes with several values each (or give --heatmap-axes)") }
        return (candidates[0], candidates[1])
    }
}
