import ArgumentParser
import GradientSweep
import Foundation
import Reporting

/// `gradcheck merge`: the summary of a whole sweep from the summaries of its shards.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the summaries of `gradcheck sweep --shard K/N` runs into the summary of the whole sweep.",
        discussion: """
            Refuses parts of different sweeps (grid, network, method, tolerance, claims… named), of different splits \
            (overlapping shards), a shard given twice, and missing shards (named by number) unless --allow-partial. \
            Exit status: 0 every point verified, 1 failures or non-finite points, 2 bad input; a partial merge exits the same way and says PARTIAL.
            """)

    @Argument(help: ArgumentHelp("Shard summaries (JSON from sweep --shard K/N --format json or --output).", valueName: "parts"))
    var parts: [String] = []
    @Option(name: .customLong("parts-dir"), help: ArgumentHelp(
        "Merge every *.json file in this directory (hidden files skipped), for more parts than a command line holds.", valueName: "dir"))
    var partsDirectory: String?
    @Option(name: .customLong("list"), help: ArgumentHelp("Merge the parts named in this file, one path per line.", valueName: "file"))
    var listFile: String?
    @Option(help: "Output format: text or json.") var format: String = "text"
    @Option(name: [.customLong("output"), .customLong("out")],
            help: ArgumentHelp("Write the merged JSON summary to this file (whole or not at all; alias --out).", valueName: "file"))
    var output: String?
    @Flag(name: .customLong("allow-partial"), help: "Merge even if shards are missing; the result is marked partial and lists them.")
    var allowPartial = false

    func run() throws {
        guard ["text", "json"].contains(format) else { throw InputError("unknown format '\(format)' (text or json)") }
        let parts = try PartFiles.gather(arguments: parts, directory: partsDirectory, list: listFile)
        let outputFile = try output.map { o throws(InputError) in try OutputFile(o, option: "--output") }
        // The --list file is an input too: --output onto it replaced it with the summary.
        try OutputFile.requireDistinct(outputFile.map { [$0] } ?? [],
                                       inputs: parts.map { ("shard summary", $0) } + (listFile.map { [("part list", $0)] } ?? []))
        let reports = try parts.map { p throws(InputError) in (p, try SweepReport.read(path: p)) }
        let merged = try SweepMerge.merge(reports.map { ($0.0, $0.1.summary) }, allowPartial: allowPartial)
        let seconds = reports.reduce(0.0) { $0 + ($1.1.timing?.seconds ?? 0) }
        let timing = reports.first?.1.timing.map {
            SweepReport.Timing(seconds: seconds, pointsPerSecond: Double(merged.pointsEvaluated) / seconds,
                               threads: $0.threads, evaluator: $0.evaluator)
        }
        let report = SweepReport(summary: merged, timing: timing)
        print(format == "json" ? report.json() : SummaryText.render(report), terminator: "")
        if let outputFile { try outputFile.write(report.json()) }
        if !merged.passed { throw ExitCode(ExitStatus.checkFailed) }
    }
}
