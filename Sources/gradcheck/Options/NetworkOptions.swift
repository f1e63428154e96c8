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
