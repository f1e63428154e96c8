import ArgumentParser
import FiniteDifferences
import Foundation
import GradientCheck
import Reporting

/// `gradcheck check`: the analytic gradient of a network at one point,
/// against finite differences.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a network's gradient at one point against finite differences.",
        discussion: """
            Give every variable of the network by name: --x 1.5 --w1 0.3 --w2 -0.7 --y 1 \
            (whatever the network calls them). Prints the forward values, each parameter's analytic \
            gradient (reverse mode; the closed form too for the bundled networks), every estimate with \
            its error and error estimate, and the verdict.

            The default method is 'all': complex step decides to ~1e-15 where it applies, Richardson \
            to ~1e-11 everywhere else, and the classic differences show what a hand check would see; \
            for networks of this size all six cost well under a millisecond.

            Exit status: 0 every parameter agrees (or is on a kink with the analytic value between the \
            one-sided derivatives, or is inconclusive), 1 a mismatch, 2 bad usage or input (including a \
            point where the loss or its gradient is not a finite number).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, junit, github, sarif }

    @OptionGroup var networkOptions: NetworkOptions

    @OptionGroup(title: "Checking a program (any language)") var program: ProgramOptions

    @Option(help: ArgumentHelp(
        "Method: all, \(FiniteDifferenceMethod.allCases.map(\.name).joined(separator: ", ")).", valueName: "method"))
    var method: String = "all"

    @Option(help: "Output format: text or json (with --command also junit, github, sarif).")
    var format: Format = .text

    @Option(parsing: .unconditional, help: ArgumentHelp("Absolute tolerance (default \(Tolerance.default.atol)).", valueName: "A"))
    var atol: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Relative tolerance (default \(Tolerance.default.rtol)).", valueName: "R"))
    var rtol: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Step for every method, instead of the derived steps (Richardson: the first step).", valueName: "H"))
    var step: Double?

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Variable values: --NAME VALUE for each variable.", valueName: "--name value"))
    var values: [String] = []

    /// Checks the options; an `InputError` prints as one line and exits 2.
    func checkedOptions() throws(InputError) -> [FiniteDifferenceMethod] {
        for (name, value) in [("--atol", atol), ("--rtol", rtol)] {
            if let value, !(value.isFinite && value >= 0) { throw InputError("\(name) must be a finite number >= 0, not \(value)") }
        }
        if let step, !(step.isFinite && step > 0) { throw InputError("--step must be a finite number > 0, not \(step)") }
        if method == "all" { return FiniteDifferenceMethod.allCases }
        guard let chosen = FiniteDifferenceMethod(name: method) else {
            let names = ["all"] + FiniteDifferenceMethod.allCases.map(\.name)
            throw InputError("unknown method '\(method)' (choose from \(names.joined(separator: ", ")))")
        }
        return [chosen]
    }

    func run() throws {
        if let check = try program.programCheck(method: method, atol: atol, rtol: rtol, step: step) {
            guard values.isEmpty, networkOptions.network == nil else {
                throw InputError("--command checks a program; it takes no --network and no variable values (\(values.first ?? "--network"))")
            }
            return try check.runAndPrint(format: DiagnosticFormat(rawValue: format.rawValue)!)
        }
        guard format == .text || format == .json else { throw InputError("--format \(format.rawValue) applies to --command; a network check prints text or json") }
        let methods = try checkedOptions()
        let network = try networkOptions.load()
        try network.requireVariablesUnlikeOptions(of: "check") { Check.ownsOption($0) { $0.values } }
        let point = try VariableValues.parse(values, for: network)
        try CheckablePoint.require(network, at: point)
        if let step { try GradientChecker.requireUsable(step: step, for: network, at: point, methods: methods) }
        let tolerance = Tolerance(atol: atol ?? Tolerance.default.atol, rtol: rtol ?? Tolerance.default.rtol)
        let check = GradientChecker.check(network, at: point, methods: methods, tolerance: tolerance, step: step)
        print(format == .json ? check.json() : check.text(), terminator: "")
        if !check.passed { throw ExitCode(ExitStatus.checkFailed) }
    }
}
