import AnswerKey
import ArgumentParser
import Foundation
import Reporting

/// `gradcheck key FILE.md`: check every equation of a worked solution against the network.
struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Check the equations of a Markdown+LaTeX answer key against a network.",
        discussion: """
            Reads the math in $…$ and $$…$$, evaluates every equation, chain (A = B = C) and update \
            (w_1 \\leftarrow …) at random test points, and reports the terms that are wrong, with a \
            suggested repair where one makes the equation hold. Exit status: 0 no errors, 1 errors \
            found, 2 unusable input (including a file in which nothing could be checked).
            """)

    /// The report formats (`Reporting.DiagnosticFormat`), readable from the command line.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, junit, github, sarif

        var diagnosticFormat: DiagnosticFormat { DiagnosticFormat(rawValue: rawValue)! }
    }

    @Argument(help: ArgumentHelp("The answer key (Markdown with LaTeX math).", valueName: "file.md"))
    var file: String

    @OptionGroup var networkOptions: NetworkOptions

    @Option(help: "Output format: text (default; colour only on a terminal), json, junit, github or sarif.")
    var format: Format = .text

    @Option(name: [.customLong("output"), .customLong("out")], help: ArgumentHelp(
        "Write the report to this file (whole or not at all) instead of standard output (alias --out).", valueName: "file"))
    var output: String?

    func run() throws {
        let outputFile = try output.map { o throws(InputError) in try OutputFile(o, option: "--output") }
        try OutputFile.requireDistinct(outputFile.map { [$0] } ?? [], inputs: [("answer key", file)] + networkOptions.inputs)
        let network = try networkOptions.load()
        let report = try KeyChecker(network: network).check(path: file)
        let color = format == .text && output == nil && Terminal.colorEnabled(for: STDOUT_FILENO)
        var text = render(report, as: format.diagnosticFormat, color: color)
        if report.checked == 0 && format == .text {
            // Never "no errors" for a file in which nothing was checked: the findings only, then the error.
            text = report.diagnostics.map { TextRenderer(color: color).render($0) }.joined()
        }
        if let outputFile { try outputFile.write(text) } else { print(text, terminator: "") }
        guard report.checked > 0 else {
            throw InputError("nothing was checked in \(file): it has no equation that could be evaluated "
                + "(math in $…$ or $$…$$ containing '=', '\\leftarrow' or ':=')")
        }
        if report.errorCount > 0 { throw ExitCode(ExitStatus.checkFailed) }
    }
}
