import Foundation
import Testing
@testable import Reporting

@Suite struct AtomicFileTests {
    /// A fresh empty directory, removed when `body` returns.
    private func withScratchDirectory(_ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("atomicfile-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    private func contents(of directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func writesWholeFileAndNothingElse() throws {
        try withScratchDirectory { (dir: String) throws in
            let big = String(repeating: "0123456789abcdef", count: 100_000)
            try AtomicFile.write(big, to: "\(dir)/plot.svg")
            #expect(try String(contentsOfFile: "\(dir)/plot.svg", encoding: .utf8) == big)
            #expect(try contents(of: dir) == ["plot.svg"])
        }
    }

    @Test func replacesAndKeepsMode() throws {
        try withScratchDirectory { (dir: String) throws in
            let path = "\(dir)/out.json"
            try AtomicFile.write("old", to: path)
            #expect(chmod(path, 0o600) == 0)
            try AtomicFile.write(Data("new".utf8), to: path)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
    }

    @Test func newFilesAreReadable() throws {
        try withScratchDirectory { (dir: String) throws in
            try AtomicFile.write("x", to: "\(dir)/a.txt")
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(dir)/a.txt")
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
        }
    }

    /// `--output ""` used to say "cannot write : Is a directory".
    @Test func emptyPathIsNamedAsSuch() {
        #expect(throws: InputError("cannot write to an empty file name")) { try AtomicFile.write("x", to: "") }
        #expect(throws: InputError("cannot write to an empty file name")) { try AtomicFile.checkWritable("") }
    }

    @Test func missingDirectoryNamesPathAndReason() throws {
        try withScratchDirectory { (dir: String) throws in
            let path = "\(dir)/missing/x.svg"
            #expect(throws: InputError("cannot write \(path): No such file or directory")) {
                try AtomicFile.write("x", to: path)
            }
            #expect(throws: InputError("cannot write \(path): No such file or directory")) {
                try AtomicFile.checkWritable(path)
            }
            #expect(try contents(of: dir).isEmpty)
        }
    }

    @Test func failedRenameLeavesNothingBehind() throws {
        try withScratchDirectory { (dir: String) throws in
            // A directory at the destination makes rename(2) fail after the temporary file is written.
            try FileManager.default.createDirectory(atPath: "\(dir)/taken", withIntermediateDirectories: false)
            #expect(throws: InputError.self) { try AtomicFile.write("x", to: "\(dir)/taken") }
            #expect(try contents(of: dir) == ["taken"])
            #expect(try contents(of: "\(dir)/taken").isEmpty)
            #expect(throws: InputError("cannot write \(dir)/taken: Is a directory")) {
                try AtomicFile.checkWritable("\(dir)/taken")
            }
        }
    }

    @Test func parentIsAFile() throws {
        try withScratchDirectory { (dir: String) throws in
            try AtomicFile.write("x", to: "\(dir)/file")
            #expect(throws: InputError("cannot write \(dir)/file/y: Not a directory")) {
                try AtomicFile.write("y", to: "\(dir)/file/y")
            }
        }
    }

    // Root ignores directory permissions, so this only means something for other users.
    @Test(.enabled(if: geteuid() != 0)) func unwritableDirectory() throws {
        try withScratchDirectory { (dir: String) throws in
            #expect(chmod(dir, 0o555) == 0)
            defer { chmod(dir, 0o755) }
            #expect(throws: InputError("cannot write \(dir)/x: Permission denied")) {
                try AtomicFile.write("x", to: "\(dir)/x")
            }
            #expect(throws: InputError.self) { try AtomicFile.checkWritable("\(dir)/x") }
            #expect(try contents(of: dir).isEmpty)
        }
    }

    @Test func checkWritableLeavesNoTrace() throws {
        try withScratchDirectory { (dir: String) throws in
            try AtomicFile.checkWritable("\(dir)/later.svg")
            #expect(try contents(of: dir).isEmpty)
        }
    }

    @Test func directoryOfPath() {
        #expect(AtomicFile.directory(of: "x.svg") == ".")
        #expect(AtomicFile.directory(of: "out/x.svg") == "out")
        #expect(AtomicFile.directory(of: "/x.svg") == "/")
    }
}
