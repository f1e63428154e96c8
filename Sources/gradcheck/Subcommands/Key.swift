import AnswerKey
import ArgumentParser
import Foundation
import Reporting

/// `gradcheck key FILE`: check every equation of a worked solution against the network.
struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Check the equations of an answer key (Markdown, LaTeX or Jupyter notebook) against a network.",
        discussion: """
            Reads the math ($…$, $$…$$, \\[…\\], \\(…\\), align/equation/gather environments; in a .tex \
            file the document body with its \\newcommand macros; in a .ipynb notebook the markdown cells), \
            evaluates every equation, chain (A = B = C) and update (w_1 \\leftarrow …) at random test \
            points, and reports the terms that are wrong, with a suggested repair where one makes the \
            equation hold. Math that cannot be read is a warning (an error with --strict), and the summary \
            says how many statements were checked, skipped and unread. Exit status: 0 no errors, 1 errors \
            found, 2 unusable input (including a file in which nothing could be checked).
            """)

    /// How the key's file is read (`AnswerKey.KeyReader`), readable from the command line.
    enum Reader: String, ExpressibleByArgument, CaseIterable {
        case markdown, latex, notebook

        var keyReader: KeyReader { KeyReader(rawValue: rawValue)! }
    }

    /// The report formats (`Reporting.DiagnosticFormat`), readable from the command line.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, junit, github, sarif

        var diagnosticFormat: DiagnosticFormat { DiagnosticFormat(rawValue: rawValue)! }
    }

    @Argument(help: ArgumentHelp("The answer key: Markdown with LaTeX math (.md), a LaTeX document (.tex) "
                                 + "or a Jupyter notebook (.ipynb).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Read the key as markdown, latex or notebook (default: from the file's extension: "
                               + ".tex latex, .ipynb notebook, anything else markdown)."))
    var reader: Reader?

    @Flag(help: "Math that cannot be read is an error (exit status 1), not a warning.")
    var strict = false

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
        var report = try KeyChecker(network: network).check(path: file, reader: reader?.keyReader)
        if strict { report.diagnostics = report.diagnostics.map(Self.strict) }
        let nothingChecked = "nothing was checked in \(file): " + Self.whyNothingChecked(report.coverage)
        // A run that checks nothing fails in every format, not only in the exit status.
        report.markNothingChecked(nothingChecked)
        let color = format == .text && output == nil && Terminal.colorEnabled(for: STDOUT_FILENO)
        let text = render(report, as: format.diagnosticFormat, color: color)
        if let outputFile { try outputFile.write(text) } else { print(text, terminator: "") }
        guard report.checked > 0 else { throw InputError(nothingChecked) }
        if report.errorCount > 0 { throw ExitCode(ExitStatus.checkFailed) }
    }

    /// Why a key checked nothing, from what it held: no math with a relation, or math that could not be read.
    static func whyNothingChecked(_ coverage: DiagnosticReport.Coverage?) -> String {
        let relation = "(math containing '=', '\\leftarrow' or ':=')"
        guard let c = coverage, c.found > 0 else { return "it has no equation that could be evaluated \(relation)" }
        let statements = CountNoun("statement").phrase(c.found)
        if c.unread == c.found { return "none of its \(statements) could be read (the warnings say why)" }
        if c.unread == 0 { return "its \(statements) hold no relation to check \(relation)" }
        return "of its \(statements), \(c.unread) could not be read (the warnings say why) and the others hold no relation to check \(relation)"
    }

    /// Under `--strict`, a warning about math that could not be read is an error.
    static func strict(_ d: Diagnostic) -> Diagnostic {
        let unread: Set<String> = ["parse-error", "dangling-continuation", "unsupported"]
        guard d.severity == .warning, unread.contains(d.ruleID) else { return d }
        var e = d
        e.severity = .error
        e.notes.append("--strict: math that cannot be read is an error")
        return e
    }
}
