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
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == Int(0o666 & ~AtomicFile.currentUmask()))
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

    // MARK: - The output-file policy (issue 12, item 13)

    /// `--out /dev/null` used to rename a regular file over the device node;
    /// it is the one device written in place.
    @Test func nullDeviceIsWrittenInPlace() throws {
        try AtomicFile.write("x", to: "/dev/null")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
        #expect(try OutputFile("/dev/null").kind == .stream)
    }

    /// `--output /dev/full` used to become a regular file with no message, then
    /// "No space left on device"; any device but /dev/null is refused up front.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func otherCharacterDevicesAreRefused() throws {
        let refusal = InputError("cannot write /dev/full: it is a character device; gradcheck writes only regular files (and /dev/null), whole or not at all")
        #expect(throws: refusal) { try OutputFile("/dev/full") }
        #expect(throws: refusal) { try AtomicFile.write("x", to: "/dev/full") }
        var status = stat()
        #expect(stat("/dev/full", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
    }

    /// A FIFO with no reader used to block `open(2)` in `write` forever, deaf to
    /// SIGINT and SIGTERM. It is refused by `init` (before any work) and by
    /// `write`, even with a reader waiting, and nothing goes through the pipe.
    @Test func fifoIsRefused() throws {
        try withScratchDirectory { (dir: String) throws in
            let fifo = "\(dir)/pipe"
            #expect(mkfifo(fifo, 0o644) == 0)
            let refusal = InputError("cannot write \(fifo): it is a FIFO (named pipe); gradcheck writes only regular files (and /dev/null), whole or not at all")
            #expect(throws: refusal) { try OutputFile(fifo, option: "--heatmap") }
            #expect(throws: refusal) { try AtomicFile.checkWritable(fifo) }
            // A reader, so that the old behaviour (writing in place) could not block this test.
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            try #require(reader >= 0)
            defer { close(reader) }
            #expect(throws: refusal) { try AtomicFile.write("through the pipe", to: fifo) }
            var buffer = [UInt8](repeating: 0, count: 64)
            #expect(read(reader, &buffer, buffer.count) <= 0)
            var status = stat()
            #expect(lstat(fifo, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)
            #expect(try contents(of: dir) == ["pipe"])
        }
    }

    @Test func descriptorPathsAreDescriptors() throws {
        #expect(OutputFile.descriptorNumber("/dev/stdout") == 1)
        #expect(OutputFile.descriptorNumber("/dev/fd/7") == 7)
        #expect(OutputFile.descriptorNumber("/proc/self/fd/2") == 2)
        #expect(OutputFile.descriptorNumber("/dev/stdoutx") == nil)
        #expect(try OutputFile("/dev/stderr").kind == .descriptor(2))
    }

    /// A link stays a link; the file it names is written.
    @Test func symbolicLinkIsFollowed() throws {
        try withScratchDirectory { (dir: String) throws in
            #expect(symlink("real.json", "\(dir)/link.json") == 0)
            try AtomicFile.write("new", to: "\(dir)/link.json")
            var status = stat()
            #expect(lstat("\(dir)/link.json", &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK)
            #expect(try String(contentsOfFile: "\(dir)/real.json", encoding: .utf8) == "new")
        }
    }

    @Test func setUserIDIsDropped() throws {
        try withScratchDirectory { (dir: String) throws in
            let path = "\(dir)/tool"
            try AtomicFile.write("old", to: path)
            #expect(chmod(path, 0o6755) == 0)
            try AtomicFile.write("new", to: path)
            var status = stat()
            #expect(stat(path, &status) == 0 && status.st_mode & 0o7777 == 0o755)
        }
    }

    @Test func newFileModeHonoursTheUmask() throws {
        try withScratchDirectory { (dir: String) throws in
            try AtomicFile.write("x", to: "\(dir)/a.txt")
            var status = stat()
            #expect(stat("\(dir)/a.txt", &status) == 0 && status.st_mode & 0o7777 == 0o666 & ~AtomicFile.currentUmask())
        }
    }

    /// `--output /proc/version` used to say "No such file or directory".
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/version")))
    func kernelFileSystemIsNamed() {
        #expect(throws: InputError("cannot write /proc/version: /proc is in the kernel's proc file system, where no file can be created or replaced")) {
            try AtomicFile.checkWritable("/proc/version")
        }
    }

    @Test func socketIsRefused() throws {
        try withScratchDirectory { (dir: String) throws in
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let path = "\(dir)/s"
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            try #require(bound == 0)
            #expect(throws: InputError("cannot write \(path): it is a socket; gradcheck writes only regular files (and /dev/null), whole or not at all")) {
                try AtomicFile.write("x", to: path)
            }
        }
    }

    @Test func outputThatIsAnInputIsRefused() throws {
        try withScratchDirectory { (dir: String) throws in
            try AtomicFile.write("key", to: "\(dir)/k.md")
            #expect(link("\(dir)/k.md", "\(dir)/hard.md") == 0)
            #expect(symlink("k.md", "\(dir)/soft.md") == 0)
            for name in ["k.md", "hard.md", "soft.md"] {
                let output = try OutputFile("\(dir)/\(name)")
                #expect(throws: InputError("--output \(dir)/\(name) is the answer key \(dir)/k.md: gradcheck does not overwrite its input; give another file")) {
                    try OutputFile.requireDistinct([output], inputs: [("answer key", "\(dir)/k.md")])
                }
            }
            try OutputFile.requireDistinct([try OutputFile("\(dir)/other.md")], inputs: [("answer key", "\(dir)/k.md")])
            try OutputFile.requireDistinct([try OutputFile("/dev/null")], inputs: [("answer key", "/dev/null")])
        }
    }

    @Test func twoOutputsOnOneNewFileAreRefused() throws {
        try withScratchDirectory { (dir: String) throws in
            let a = try OutputFile("\(dir)/x.json", option: "--output")
            let b = try OutputFile("\(dir)/../\(dir.split(separator: "/").last!)/x.json", option: "--heatmap")
            #expect(throws: InputError("--output \(a.path) and --heatmap \(b.path) name the same file; give two different files")) {
                try OutputFile.requireDistinct([a, b], inputs: [])
            }
        }
    }
}
