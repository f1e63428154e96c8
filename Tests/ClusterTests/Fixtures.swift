import GradientSweep
import Cluster
import Foundation
import NetworkModel

/// A small sweep of the exam network (x 5, y 2, w1 4, w2 3 = 120 points) and its shards.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sweep() throws -> (Network, SweepDomain, SweepSettings) {
        let network = try NetworkParser.load(path: root.appendingPathComponent("fixtures/networks/q2.net").path)
        let axes: [(name: String, values: [Double])] = [
            ("x", AxisSpecification.linspace(-4, 4, 5)), ("y", [0, 1]),
            ("w1", AxisSpecification.linspace(-4, 4, 4)), ("w2", AxisSpecification.linspace(-4, 4, 3)),
        ]
        var settings = SweepSettings()
        settings.threads = 1
        settings.blockPoints = 10
        return (network, try SweepDomain.grid(for: network, axes: axes), settings)
    }

    static func record(shards: Int, workingDirectory: String = "/work") throws -> RunRecord {
        let (network, domain, settings) = try sweep()
        let c = SweepConfiguration(network: network, domain: domain, settings: settings)
        return RunRecord(fingerprint: SweepFingerprint.of(configuration: c, shardCount: shards, blockPoints: settings.blockPoints),
                         shards: shards, configuration: c, arguments: ["--x", "-4:4:5", "--y", "0,1", "--w1", "-4:4:4", "--w2", "-4:4:3"],
                         binary: "/opt/gradcheck/bin/gradcheck", workingDirectory: workingDirectory)
    }

    /// Shard `k` (1-based) of `count`, as `gradcheck sweep --shard k/count --out` writes it.
    static func partJSON(_ k: Int, of count: Int, method: FiniteDifferenceMethodChoice = .central) throws -> String {
        var (network, domain, settings) = try sweep()
        settings.shard = (k - 1, count)
        if method == .fivePoint { settings.method = .fivePoint }
        return SweepReport(summary: SweepRunner.run(network: network, domain: domain, settings: settings), timing: nil).json()
    }

    enum FiniteDifferenceMethodChoice { case central, fivePoint }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
