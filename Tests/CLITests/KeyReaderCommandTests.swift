import Foundation
import Testing

/// `gradcheck key` on LaTeX documents and notebooks, `--reader`, `--strict`,
/// and keys in which nothing can be checked, in every format.
@Suite("gradcheck key: readers, --strict and empty runs")
struct KeyReaderCommandTests {
    static func path(_ relative: String) -> String { KeyCommandTests.path(relative) }

    static func headings(_ output: String) -> [String] {
        output.split(separator: "\n").filter { $0.contains(": error: ") || $0.contains(": warning: ") }
            .map { line in
                let end = (line.range(of: " error: ") ?? line.range(of: " warning: "))!.lowerBound
                return String(line[..<end])
            }
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("a notebook's findings are located file:cell N:line:column; exit 1")
    func notebook() throws {
        let key = Self.path("fixtures/keys/notebook-errors.ipynb")
        let result = try GradcheckRunner.run(["key", key])
        #expect(result.status == 1)
        #expect(Self.headings(result.stdout) == [
            "\(key):cell 1:3:30:", "\(key):cell 3:7:12:", "\(key):cell 4:7:3:", "\(key):cell 6:3:22:",
        ])
        #expect(result.stdout.hasSuffix("4 errors, 0 warnings in 15 equations checked; 13 of 13 statements checked\n"))
        let clean = try GradcheckRunner.run(["key", Self.path("fixtures/keys/notebook.ipynb")])
        #expect(clean.status == 0)
        #expect(clean.stdout == "no errors in 15 equations checked; 13 of 13 statements checked\n")
    }

    @Test("a LaTeX document's findings, the one inside a macro pointing at the macro's use")
    func latex() throws {
        let key = Self.path("fixtures/keys/latex-document-errors.tex")
        let result = try GradcheckRunner.run(["key", key])
        #expect(result.status == 1)
        #expect(Self.headings(result.stdout) == ["\(key):17:3:", "\(key):30:3:", "\(key):44:66:", "\(key):50:23:"])
        let clean = try GradcheckRunner.run(["key", Self.path("fixtures/keys/latex-document.tex")])
        #expect(clean.status == 0)
        #expect(clean.stdout == "no errors in 18 equations checked; 14 of 14 statements checked\n")
    }

    @Test("--reader overrides the extension")
    func readerOption() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("key.json").path
        try FileManager.default.copyItem(atPath: Self.path("fixtures/keys/notebook-errors.ipynb"), toPath: copy)
        let result = try GradcheckRunner.run(["key", copy, "--reader", "notebook"])
        #expect(result.status == 1)
        #expect(Self.headings(result.stdout).first == "\(copy):cell 1:3:30:")
        let bad = try GradcheckRunner.run(["key", copy, "--reader", "word"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--reader"))
    }

    @Test("--strict: math that cannot be read is an error, exit 1; without it a warning, exit 0")
    func strict() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("k.md").path
        try "$$z_1 = x w_1$$\n\n$$a_1 = \\foo{z_1}$$\n".write(toFile: key, atomically: true, encoding: .utf8)
        let lenient = try GradcheckRunner.run(["key", key])
        #expect(lenient.status == 0)
        #expect(Self.headings(lenient.stdout) == ["\(key):3:9:"])
        #expect(lenient.stdout.contains(": warning: cannot read this math"))
        #expect(lenient.stdout.hasSuffix("0 errors, 1 warning in 1 equation checked; 1 of 2 statements checked, 1 could not be read\n"))
        let strict = try GradcheckRunner.run(["key", key, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("\(key):3:9: error: cannot read this math"))
        #expect(strict.stdout.hasSuffix("1 error, 0 warnings in 1 equation checked; 1 of 2 statements checked, 1 could not be read\n"))
    }

    @Test("a key whose math cannot be read says so when nothing was checked")
    func nothingReadable() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("unread.md").path
        try "# Key\n\n$$\\foo{a_1} = 3$$\n".write(toFile: key, atomically: true, encoding: .utf8)
        let printed = try GradcheckRunner.run(["key", key])
        #expect(printed.status == 2)
        #expect(printed.stderr.contains("nothing was checked in \(key): none of its 1 statement could be read (the warnings say why)"),
                "\(printed.stderr)")
    }

    @Test("a key with nothing to check exits 2 and no format looks clean, on stdout or with --output")
    func emptyInEveryFormat() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("empty.md").path
        try "# Nothing\n\nOnly prose, and $x$ alone.\n".write(toFile: key, atomically: true, encoding: .utf8)
        for format in ["text", "json", "junit", "github", "sarif"] {
            let printed = try GradcheckRunner.run(["key", key, "--format", format])
            #expect(printed.status == 2, "\(format)")
            #expect(printed.stderr.contains("nothing was checked"), "\(format)")
            #expect(!printed.stdout.contains("no errors"), "\(format)")
            #expect(printed.stdout.contains("nothing was checked in \(key)"), "\(format)")
            let file = dir.appendingPathComponent("report.\(format)").path
            let written = try GradcheckRunner.run(["key", key, "--format", format, "--output", file])
            #expect(written.status == 2, "\(format)")
            let report = try String(contentsOfFile: file, encoding: .utf8)
            #expect(report.contains("nothing was checked in \(key)"), "\(format)")
            #expect(!report.contains("no errors"), "\(format)")
        }
        let json = try GradcheckRunner.run(["key", key, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "nothing-checked")
        #expect(object["errors"] as? Int == 1)
        let github = try GradcheckRunner.run(["key", key, "--format", "github"])
        #expect(github.stdout.hasPrefix("::error file=\(key),line=1,col=1"))
        let junit = try GradcheckRunner.run(["key", key, "--format", "junit"])
        #expect(junit.stdout.contains("failures=\"1\""))
    }

    @Test("an unreadable notebook: a located warning, nothing checked, exit 2")
    func brokenNotebook() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("broken.ipynb").path
        try "{\"cells\": [{\"cell_type\": \"markdown\", \"source\": \"$a = 1$\"}".write(toFile: key, atomically: true, encoding: .utf8)
        let result = try GradcheckRunner.run(["key", key])
        #expect(result.status == 2)
        #expect(result.stdout.contains("\(key):1:1: warning: not a Jupyter notebook: its JSON cannot be read"))
        #expect(result.stderr.contains("nothing was checked"))
    }

    @Test("runaway macro recursion in a .tex key: a located warning, no hang")
    func runawayMacro() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("loop.tex").path
        try "\\newcommand{\\a}{\\a\\a}\n$$z_1 = x w_1$$\n$$a_1 = \\a$$\n".write(toFile: key, atomically: true, encoding: .utf8)
        let result = try GradcheckRunner.run(["key", key], timeout: 20)
        #expect(result.status == 0)
        #expect(result.stdout.contains("\(key):3:9: warning: cannot read this math: macro \\a is expanded more than 1000 times"))
        #expect(result.stdout.hasSuffix("; 1 of 2 statements checked, 1 could not be read\n"))
    }
}
