import Foundation
import NetworkModel
import Reporting
@testable import AnswerKey

/// Shared fixtures: the bundled networks and keys, and keys with position markers.
enum Fixtures {
    /// The package root, from this file's path (Tests/AnswerKeyTests/Support.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func network(_ name: String) throws -> Network {
        try NetworkParser.load(path: path("fixtures/networks/\(name).net"))
    }

    static func key(_ name: String) throws -> String {
        try String(contentsOfFile: path("fixtures/keys/\(name).md"), encoding: .utf8)
    }

    /// Checks key text against a bundled network.
    static func check(_ text: String, network name: String = "q2") throws -> DiagnosticReport {
        KeyChecker(network: try network(name)).check(text: text, file: "test.md")
    }
}

/// Key text with swift-format-style markers: `1️⃣` … `9️⃣` are removed and
/// their positions (line, column in Unicode scalars) recorded, so a test can
/// say "the finding is at 1️⃣" instead of counting columns.
struct MarkedText {
    let text: String
    let markers: [String: TextPosition]

    init(_ marked: String) {
        var out = String.UnicodeScalarView()
        var markers: [String: TextPosition] = [:]
        var line = 1, column = 1
        let scalars = Array(marked.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if ("1"..."9").contains(c), i + 2 < scalars.count, scalars[i + 1] == "\u{FE0F}", scalars[i + 2] == "\u{20E3}" {
                markers[String(c) + "\u{FE0F}\u{20E3}"] = TextPosition(line: line, column: column)
                i += 3
                continue
            }
            out.append(c)
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        self.text = String(out)
        self.markers = markers
    }

    subscript(_ marker: String) -> TextPosition { markers[marker]! }
}

extension Diagnostic {
    var position: TextPosition { TextPosition(line: location.line, column: location.column) }
}
