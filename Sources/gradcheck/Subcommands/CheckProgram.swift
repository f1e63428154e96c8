import ArgumentParser
import FiniteDifferences
import Foundation
import GradientCheck
import Reporting

/// `gradcheck check --command '…'`: the options, and the run over
/// `GradientCheck.ProgramCheck` (which holds the protocol, the rules and the check).
struct ProgramOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Check a program instead of a network: run COMMAND once (with /bin/sh) and talk to it in JSON lines (see the README).",
        valueName: "command"))
    var command: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --command: seconds allowed for each answer (default 10).", valueName: "seconds"))
    var timeout: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --command: how many random points, unless the program lists its own (default 5).", valueName: "N"))
    var points: Int?

    @Option(help: ArgumentHelp("With --command: the random points' coordinates lie in LO:HI (default -2:2; write --range=-5:5 for a negative LO).", valueName: "lo:hi"))
    var range: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --command: seed for the random points and fast mode's directions (default 0).", valueName: "S"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("With --command: auto (fast above \(CheckMode.fastModeDimension) parameters, the default), full or fast.", valueName: "mode"))
    var mode: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --command --mode fast: random directions per point (default 2).", valueName: "K"))
    var directions: Int?

    /// The options given that only `--command` reads, as written on the command line.
    var programOnly: [String] {
        [("--timeout", timeout != nil), ("--points", points != nil), ("--range", range != nil), ("--seed", seed != nil),
         ("--mode", mode != nil), ("--directions", directions != nil)].filter(\.1).map(\.0)
    }

    /// The library's check, filled in from the options; the library validates it.
    func programCheck(method: String, atol: Double?, rtol: Double?, step: Double?) throws(InputError) -> ProgramCheck? {
        guard let command else {
            // A network check would silently ignore them (--points 7 checked one point).
            if let option = programOnly.first {
                throw InputError("\(option) applies to --command (checking a program); a network check takes one point, as --NAME VALUE for each variable")
            }
            return nil
        }
        var check = ProgramCheck(command: command)
        if let timeout { check.timeout = timeout }
        if let points { check.points = points }
        let seed = seed ?? check.seed
        check.seed = seed
        if let range {
            let bounds = range.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
            guard bounds.count == 2, let lo = bounds[0], let hi = bounds[1], lo <= hi else {
                throw InputError("--range must be LO:HI with LO <= HI, not '\(range)'")
            }
            check.range = lo...hi
        }
        switch mode ?? "auto" {
        case "auto": check.mode = .automatic
        case "full": check.mode = .full
        case "fast": check.mode = directions.map { .fast(directions: $0, seed: seed) } ?? .fast(seed: seed)
        default: throw InputError("unknown --mode '\(mode ?? "")' (choose from auto, full, fast)")
        }
        if method != "all" {
            guard let chosen = FiniteDifferenceMethod(name: method) else {
                throw InputError("unknown method '\(method)' (choose from \(FiniteDifferenceMethod.realMethods.map(\.name).joined(separator: ", ")))")
            }
            check.method = chosen
        }
        check.tolerance = Tolerance(atol: atol ?? Tolerance.default.atol, rtol: rtol ?? Tolerance.default.rtol)
        check.step = step
        try check.validate()
        return check
    }
}

extension ProgramCheck {
    /// Runs the check and prints it in `format`; exit status 1 when it fails.
    func runAndPrint(format: DiagnosticFormat) throws {
        let (hello, result) = try run()
        let file = hello.source ?? command
        let report = result.report(file: file)
        let color = format == .text && Terminal.colorEnabled(for: STDOUT_FILENO)
        if format == .text {
            print("checked '\(command)': \(hello.dimension) parameters, \(hello.outputs) output\(hello.outputs == 1 ? "" : "s"), "
                + "\(hello.provides.joined(separator: ", ")); \(result.mode); \(result.evaluations) evaluations")
        }
        print(render(report, as: format, color: color), terminator: "")
        if !result.passed { throw ExitCode(ExitStatus.checkFailed) }
    }
}
