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

    /// The network file this command reads (`--network`, or the default file when it exists), for
    /// ``OutputFile/requireDistinct(_:inputs:)``; nil for the built-in network.
    var inputs: [(what: String, path: String)] {
        if let network { return [("network file", network)] }
        return FileManager.default.fileExists(atPath: Self.defaultPath) ? [("network file", Self.defaultPath)] : []
    }

    /// The network named by `--network`, or the exam's network by default.
    func load() throws(InputError) -> Network {
        if let network { return try NetworkParser.load(path: network) }
        if FileManager.default.fileExists(atPath: Self.defaultPath) {
            return try NetworkParser.load(path: Self.defaultPath)
        }
        return try NetworkParser.parse(ClosedForm.q2.source, file: "<built-in q2.net>")
    }
}
