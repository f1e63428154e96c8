import ArgumentParser
import Foundation
import Reporting
import Trajectories

/// `gradcheck trajectory FILE`: which drawn paths could gradient ascent (or descent) take?
struct TrajectoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trajectory",
        abstract: "Decide which drawn paths gradient ascent or descent could take.",
        discussion: """
            FILE gives f(x, y) in the network expression language, the mode (ascent or descent), \
            the step rule, the angle tolerance and named paths; see fixtures/trajectories/exam-paths.txt. \
            Exit status: 0 every path judged (and every expect line agrees), 1 an expect line disagrees, \
            2 unusable input.
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("Trajectory file.", valueName: "file"))
    var file: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Write an SVG contour plot of f with the paths.", valueName: "file.svg"))
    var plot: String?

    @Flag(help: "Also print every step's numbers (text format).")
    var steps = false

    func run() throws {
        let plotFile = try plot.map { p throws(InputError) in try OutputFile(p, option: "--plot") }
        try OutputFile.requireDistinct(plotFile.map { [$0] } ?? [], inputs: [("trajectory file", file)])
        let verdict = TrajectoryJudge.judge(try TrajectoryFileParser.load(path: file))
        if let plotFile { try plotFile.write(TrajectoryPlot.svg(verdict)) }
        let output = format == .json ? TrajectoryReport.json(verdict) : TrajectoryReport.text(verdict, steps: steps)
        print(output, terminator: "")
        if !verdict.mismatches.isEmpty { throw ExitCode(ExitStatus.checkFailed) }
    }
}
