import ArgumentParser
import AnalyticGradients
import GradientSweep
import Dispatch
import Foundation
import GradientCheck
import NetworkModel
import Reporting

/// `gradcheck sweep`: every gradient check over a grid (or a list) of points.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Check gradients at every point of a grid: failures, worst points, error histogram, heatmap.",
        discussion: """
            Give one axis per variable of the network, by name: --x -4:4:400 (start:stop:count, inclusive), \
            --y 0,1 (a list) or --w2 0.5 (a value). Exit status: 0 every point verified, 1 failures or non-finite points, 2 bad input, \
            128 + the signal's number when interrupted by SIGINT (130), SIGQUIT (131) or SIGTERM (143): the partial summary is printed, no output file is written.
            """)

    @OptionGroup var networkOptions: NetworkOptions
    @Option(help: "Finite-difference method: central, five-point, richardson, complex-step, forward, backward.")
    var method: String = "central"
    @Option(name: .customLong("claim"), help: ArgumentHelp("Check PARAM=EXPR instead of the network's gradient for PARAM (repeatable).", valueName: "param=expr"))
    var claims: [String] = []
    @Option(parsing: .unconditional, help: "Absolute tolerance.") var atol: Double = Tolerance.default.atol
    @Option(parsing: .unconditional, help: "Relative tolerance.") var rtol: Double = Tolerance.default.rtol
    @Option(parsing: .unconditional, help: "Weight of the finite-difference error estimate in the tolerance (0: plain isclose test).")
    var widening: Double = Tolerance.default.widening
    @Option(parsing: .unconditional, help: "Worker threads (default: the number of processors; at most 4 per processor).") var threads: Int?
    @Option(help: "Output format: text, json or csv (csv: one row per worst point).") var format: String = "text"
    @Option(parsing: .unconditional, help: "How many worst points to report per parameter (default: 5; with csv, every point of a grid of up to 100,000).") var worst: Int?
    @Option(help: ArgumentHelp("Write an SVG heatmap of log10 relative error.", valueName: "file.svg")) var heatmap: String?
    @Option(name: .customLong("heatmap-axes"), help: ArgumentHelp("The heatmap's two variables (default: the first two non-label axes with several values).", valueName: "a,b"))
    var heatmapAxes: String?
    @Option(help: ArgumentHelp("Evaluate the K-th of N slices and print a mergeable summary. auto: K and N from a Slurm job array's variables (SLURM_ARRAY_TASK_ID, _MIN, _MAX, _COUNT); auto/N: K = SLURM_ARRAY_TASK_ID in 1...N.", valueName: "K/N|auto|auto/N")) var shard: String?
    @Option(help: ArgumentHelp("Evaluate the points listed in a CSV file (header: variable names) instead of a grid.", valueName: "file.csv"))
    var points: String?
    @Option(name: [.customLong("output"), .customLong("out")], help: ArgumentHelp("Write the JSON summary to this file (whole or not at all; alias --out).", valueName: "file")) var out: String?
    @Flag(help: "Run grids of more than 10^12 points.") var force = false
    @Option(name: .customLong("block-points"), parsing: .unconditional, help: .hidden) var blockPoints: Int = 1 << 15
    @Option(help: .hidden) var evaluator: String = "automatic"
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Axes: --NAME VALUES for each variable of the network.", valueName: "axes"))
    var axisArguments: [String] = []

    /// The request these options describe, and its network (read to tell an unknown
    /// option from an axis). `gradcheck submit` calls it too, on the options it passes to every task.
    func request() throws -> (request: SweepRequest, network: Network) {
        var request = SweepRequest(network: networkOptions.source)
        request.method = method
        request.claims = claims
        (request.atol, request.rtol, request.widening) = (atol, rtol, widening)
        request.threads = threads
        request.format = format
        request.worst = worst
        request.heatmap = heatmap
        request.heatmapAxes = heatmapAxes
        request.shard = shard
        request.points = points
        request.output = out
        request.force = force
        request.blockPoints = blockPoints
        request.evaluator = evaluator
        let network = try request.loadNetwork()
        try network.requireVariablesUnlikeOptions(of: "sweep") { Sweep.ownsOption($0) { $0.axisArguments } }
        request.axes = try AxisArguments.parse(axisArguments, variables: network.variables).map { SweepRequest.Axis(name: $0.name, values: $0.text) }
        return (request, network)
    }

    /// The network, the domain and the settings the options describe, every
    /// option checked (and output files checked writable) before anything runs.
    func prepare() throws -> (network: Network, domain: SweepDomain, settings: SweepSettings) {
        let (request, network) = try request()
        return try request.resolve(network: network)
    }

    func run() throws {
        let cancellation = CancellationFlag()
        let interrupt = InterruptHandler(cancellation)  // before prepare(): a signal while it runs stops the sweep too
        let (network, domain, settings) = try prepare()
        let progress = ProgressReporter(points: domain.pointCount ?? 0)
        let start = DispatchTime.now()
        var onProgress: SweepRunner.Progress?
        if progress.isEnabled { onProgress = { done, total in progress.update(done: done, total: total) } }
        let summary = SweepRunner.run(network: network, domain: domain, settings: settings, cancellation: cancellation,
                                      progress: onProgress)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        progress.finish()
        interrupt.cancel()
        let report = SweepReport(summary: summary, timing: .init(
            seconds: seconds, pointsPerSecond: Double(summary.pointsEvaluated) / seconds, threads: settings.threads,
            evaluator: SweepRunner.evaluatorName(network: network, domain: domain, settings: settings)))

        switch format {
        case "json": print(report.json(), terminator: "")
        case "csv": print(SummaryText.csv(summary), terminator: "")
        default: print(SummaryText.render(report), terminator: "")
        }
        if summary.partial {
            FileHandle.standardError.write(Data("gradcheck: interrupted; the summary above is partial and no output file was written\n".utf8))
            throw ExitCode(interrupt.exitStatus)
        }
        if let out { try AtomicFile.write(report.json(), to: out) }
        if let heatmap, let map = summary.heatmap {
            try AtomicFile.write(HeatmapSVG.render(map, summary: summary, domain: domain), to: heatmap)
        }
        // Exit 1 for failures and for non-finite points alike: both leave the gradient unverified somewhere.
        if !summary.passed { throw ExitCode(ExitStatus.checkFailed) }
    }
}

extension NetworkOptions {
    /// The network these options name, as a sweep reads it.
    var source: SweepRequest.NetworkSource {
        path.map { .file($0) } ?? .text(ClosedForm.q2.source, name: Self.builtInName)
    }
}

/// Draws ``ProgressLine`` on standard error when it is a terminal, from the
/// first second on, at most ten times a second.
final class ProgressReporter: @unchecked Sendable {
    let points: Int
    let isEnabled = Terminal.isTerminal(fileDescriptor: STDERR_FILENO)
    private let lock = NSLock()
    private let start = DispatchTime.now()
    private var lastDraw = 0.0
    private var drawn = false

    init(points: Int) { self.points = points }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

    func update(done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let t = elapsed
        guard t > 1, t - lastDraw >= 0.1 else { return }
        lastDraw = t
        drawn = true
        FileHandle.standardError.write(Data(("\r" + ProgressLine.render(done: done, total: total, points: points, seconds: t)).utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 79) + "\r").utf8)) }
    }
}
