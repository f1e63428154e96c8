import Foundation
import Testing

/// `gradcheck key`, run as a user runs it: output, formats and exit statuses.
@Suite("gradcheck key")
struct KeyCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    static let exam = path("fixtures/keys/exam-q2.md")

    @Test("the exam key: the four wrong equations, nothing else, exit 1")
    func examKey() throws {
        let result = try GradcheckRunner.run(["key", Self.exam])
        #expect(result.status == 1)
        let headings = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") || $0.contains(": warning: ") }
        #expect(headings.map { $0.prefix { $0 != " " } } == [
            "\(Self.exam):62:109:", "\(Self.exam):67:109:", "\(Self.exam):75:3:", "\(Self.exam):79:109:",
        ])
        #expect(result.stdout.contains("note: did you mean \\frac{\\partial z_2}{\\partial w_2}?"))
        #expect(result.stdout.contains("note: did you mean \\frac{\\partial z_1}{\\partial w_1}?"))
        #expect(result.stdout.hasSuffix("4 errors, 0 warnings in 28 equations checked; 22 of 22 statements checked\n"))
        #expect(!result.stdout.contains("\u{1B}["))  // no colour when not on a terminal
        #expect(result.stderr.isEmpty)
    }

    @Test("the corrected key passes with exit 0")
    func corrected() throws {
        let result = try GradcheckRunner.run(["key", Self.path("fixtures/keys/exam-q2-corrected.md")])
        #expect(result.status == 0)
        #expect(result.stdout == "no errors in 28 equations checked; 22 of 22 statements checked\n")
    }

    @Test("--format json: one object with the findings' positions and suggestions")
    func json() throws {
        let result = try GradcheckRunner.run(["key", Self.exam, "--format", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["checked"] as? Int == 28)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["line"] as? Int } == [62, 67, 75, 79])
        #expect(findings.first?["column"] as? Int == 109)
        #expect(findings.first?["suggestion"] as? String == "\\frac{\\partial z_2}{\\partial w_2}")
    }

    @Test("--format sarif, junit and github")
    func machineFormats() throws {
        let sarif = try GradcheckRunner.run(["key", Self.exam, "--format", "sarif"])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let junit = try GradcheckRunner.run(["key", Self.exam, "--format", "junit"])
        #expect(junit.stdout.contains("<testsuite ") && junit.stdout.contains("failures=\"4\""))
        let github = try GradcheckRunner.run(["key", Self.exam, "--format", "github"])
        #expect(github.stdout.split(separator: "\n").filter { $0.hasPrefix("::error ") }.count == 4)
        #expect(github.stdout.contains("line=62,col=109"))
        #expect([sarif.status, junit.status, github.status] == [1, 1, 1])
    }

    @Test("--network: the exam key against the cross-entropy network names the loss once")
    func otherNetwork() throws {
        let result = try GradcheckRunner.run(["key", Self.exam, "--network", Self.path("fixtures/networks/q2-cross-entropy.net")])
        #expect(result.status == 1)
        #expect(result.stdout.contains(":18:62: error: the key's loss is not the network's"))
        #expect(result.stdout.hasSuffix("5 errors, 0 warnings in 28 equations checked; 22 of 22 statements checked\n"))
    }

    @Test("--output writes the report to a file")
    func output() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try GradcheckRunner.run(["key", Self.exam, "--format", "json", "--output", file])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written.contains("\"checked\" : 28"))
    }

    @Test("unusable input exits 2 with one message naming the problem")
    func unusable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("binary.md").path
        try Data([0x24, 0x61, 0x00, 0x24]).write(to: URL(fileURLWithPath: binary))
        let prose = dir.appendingPathComponent("prose.md").path
        try "# No math here\n\nJust $5 of prose and $x$ alone.\n".write(toFile: prose, atomically: true, encoding: .utf8)

        let missing = try GradcheckRunner.run(["key", dir.appendingPathComponent("nope.md").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("answer key not found"))
        let bin = try GradcheckRunner.run(["key", binary])
        #expect(bin.status == 2)
        #expect(bin.stderr.contains("binary"))
        let nothing = try GradcheckRunner.run(["key", prose])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("nothing was checked"))
        #expect(!nothing.stdout.contains("no errors"))
    }
}
