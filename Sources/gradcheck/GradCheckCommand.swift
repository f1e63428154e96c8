import ArgumentParser
import Foundation
import GradientSweep
import Reporting

/// The `gradcheck` command: a thin layer over the library modules.
///
/// Exit status: 0 all checks pass, 1 a check failed (a mismatch, a wrong
/// equation), 2 unusable input or bad usage. ArgumentParser's own usage
/// errors (status 64) are mapped to 2 here, in one place.
@main
struct GradCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Verify gradients numerically: finite differences, answer keys, grid sweeps, trajectories.",
        // The one version string: the one JSON and SARIF reports carry as toolVersion.
        version: DiagnosticReport.defaultToolVersion,
        subcommands: [Check.self, Key.self, Sweep.self, Merge.self, Submit.self, TrajectoryCommand.self]
    )

    static func main() {
        // OpenBLAS's idle pool spins on a core for 0.1 s after start-up: join it first.
        OpenBLASThreads.useOne()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as LocatedError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(ExitStatus.badInput)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))  // --help, --version
                Foundation.exit(0)
            }
            // ExitCode thrown by a command keeps its value (its message, if any, is already printed).
            if let explicit = error as? ExitCode { Foundation.exit(explicit.rawValue) }
            // Every parse or validation error is bad usage: one line, then status 2.
            let message = usageErrorLine(fullMessage(for: error))
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(ExitStatus.badInput)
        }
    }
}

/// The exit statuses every subcommand uses.
enum ExitStatus {
    static let success: Int32 = 0
    /// A check failed: a gradient mismatch, a wrong equation, an unexpected verdict.
    static let checkFailed: Int32 = 1
    /// Unusable input or bad usage.
    static let badInput: Int32 = 2
}

/// ArgumentParser's usage error (`Error: …` followed by usage lines) as one
/// line in the form every gradcheck error takes: `error: … (see --help)`.
func usageErrorLine(_ fullMessage: String) -> String {
    guard let first = fullMessage.split(separator: "\n", omittingEmptySubsequences: true).first else { return "" }
    var text = first.trimmingCharacters(in: .whitespaces)
    if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
    return "error: \(text) (see --help)"
}
