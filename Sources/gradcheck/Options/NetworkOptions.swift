import ArgumentParser
import Foundation
import AnalyticGradients
import NetworkModel
import Reporting

/// `--network FILE`, shared by every command that reads a network.
struct NetworkOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Network file (default: fixtures/networks/q2.net, the exam's network; built in when the file is absent).",
        valueName: "file"))
    var network: String?

    static let defaultPath = "fixtures/networks/q2.net"

    /// The network file this command reads: `--network`, or the default file when it exists;
    /// `nil` for the built-in network.
    var path: String? {
        network ?? (FileManager.default.fileExists(atPath: Self.defaultPath) ? Self.defaultPath : nil)
    }

    /// The built-in network's name in messages.
    static let builtInName = "<built-in q2.net>"

    /// The network file this command reads, for ``OutputFile/requireDistinct(_:inputs:)``; empty for the built-in network.
    var inputs: [(what: String, path: String)] {
        path.map { [("network file", $0)] } ?? []
    }

    /// The network named by `--network`, or the exam's network by default.
    func load() throws(InputError) -> Network {
        if let path { return try NetworkParser.load(path: path) }
        return try NetworkParser.parse(ClosedForm.q2.source, file: Self.builtInName)
    }
}

extension Network {
    /// Refuses a variable named like one of the command's own options: `--step 0.3` sets
    /// `check`'s step and never a variable called `step` (that was "missing value for --step"),
    /// and `sweep --threads 1` is the thread count, never an axis for `threads`.
    /// `isOption` is ``ParsableCommand/ownsOption(_:base:rest:)`` of the command.
    func requireVariablesUnlikeOptions(of command: String, isOption: (String) -> Bool) throws(InputError) {
        for name in variables where isOption(name) {
            throw InputError("the variable '\(name)' has the name of gradcheck \(command)'s option --\(name), "
                + "so --\(name) VALUE cannot give its value; rename it in \(file)", at: definitions[name])
        }
    }
}

extension ParsableCommand {
    /// Whether `--name VALUE` is read by the command itself (an option or a flag) rather than
    /// passed on to `rest`, the arguments it leaves unparsed (variables or axes).
    /// `base` holds the command's required options, so that the probe parses.
    static func ownsOption(_ name: String, base: [String] = [], rest: (Self) -> [String]) -> Bool {
        let probe = ["--\(name)", "1"]
        guard let parsed = try? parse(base + probe) else { return true }
        return rest(parsed) != probe
    }
}
