import Foundation
@testable import Trajectories

/// The bundled trajectory fixtures, found from this file's path.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/trajectories")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Loads and judges a bundled fixture.
    static func verdict(_ name: String) throws -> TrajectoryVerdict {
        TrajectoryJudge.judge(try TrajectoryFileParser.load(path: path(name)))
    }

    /// Parses and judges `text` as a file named "test.txt".
    static func judge(_ text: String) throws -> TrajectoryVerdict {
        TrajectoryJudge.judge(try TrajectoryFileParser.parse(text, file: "test.txt"))
    }
}

extension TrajectoryVerdict {
    func path(_ name: String) -> PathJudgement? { paths.first { $0.name == name } }
}
