import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the built `gradcheck` executable for the command-line tests.
///
/// The executable is looked up, in order:
/// 1. `$GRADCHECK_BINARY`, if set;
/// 2. beside the running test bundle: the directory of `/proc/self/exe` (Linux),
///    then of `CommandLine.arguments[0]`, where `swift build` puts `gradcheck`;
/// 3. `.build/debug/gradcheck` under the package root.
///
/// Standard output and standard error are read concurrently, so a command
/// that fills one pipe while the other is being read cannot deadlock.
enum GradcheckRunner {
    typealias Output = (status: Int32, stdout: String, stderr: String)

    enum Failure: Error, CustomStringConvertible {
        case executableNotFound(searched: [String])
        case timedOut(arguments: [String], seconds: Double, stdout: String, stderr: String)

        var description: String {
            switch self {
            case .executableNotFound(let searched):
                return "gradcheck executable not found (run `swift build` first); looked in:\n"
                    + searched.map { "  \($0)" }.joined(separator: "\n")
            case .timedOut(let arguments, let seconds, let stdout, let stderr):
                return "gradcheck \(arguments.joined(separator: " ")) did not finish in \(seconds) s"
                    + "\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)"
            }
        }
    }

    /// Runs `gradcheck` with `arguments`, feeding it `stdin` (or an empty
    /// standard input), and returns its exit status and output.
    ///
    /// `currentDirectory` is the command's working directory (the test
    /// process's own is never changed: suites run in parallel). `signal`, when
    /// given, is sent to the command `after` seconds from its start.
    ///
    /// A command killed by signal N reports status 128 + N, as a shell does,
    /// so a crash is never mistaken for a finding (1) or a usage error (2).
    /// - Throws: `Failure.timedOut` after `timeout` seconds (the process is
    ///   killed first), `Failure.executableNotFound` if there is no binary.
    static func run(
        _ arguments: [String],
        stdin: String? = nil,
        timeout: Double = 60,
        currentDirectory: URL? = nil,
        signal: (number: Int32, after: Double)? = nil
    ) throws -> Output {
        try run(executable: locateExecutable(), arguments: arguments, stdin: stdin, timeout: timeout,
                currentDirectory: currentDirectory, signal: signal)
    }

    /// Runs any executable the same way; `run(_:stdin:timeout:)` is this for `gradcheck`.
    static func run(
        executable: URL,
        arguments: [String],
        stdin: String? = nil,
        timeout: Double = 60,
        currentDirectory: URL? = nil,
        signal sent: (number: Int32, after: Double)? = nil
    ) throws -> Output {
        // A command that exits without reading its input must not kill the
        // test process with SIGPIPE when we write to it.
        signal(SIGPIPE, SIG_IGN)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let inPipe = stdin.map { _ in Pipe() }
        process.standardInput = inPipe ?? FileHandle.nullDevice

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        if let sent {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + sent.after) {
                if process.isRunning { kill(pid, sent.number) }
            }
        }

        let io = DispatchGroup()
        let out = DataBox()
        let err = DataBox()
        read(outPipe.fileHandleForReading, into: out, group: io)
        read(errPipe.fileHandleForReading, into: err, group: io)
        if let inPipe, let stdin {
            let writer = inPipe.fileHandleForWriting
            let bytes = Data(stdin.utf8)
            DispatchQueue.global().async(group: io) {
                try? writer.write(contentsOf: bytes)  // EPIPE if the command did not read it all
                try? writer.close()
            }
        }

        // Done when the process has exited and both pipes have reached end of
        // file (a grandchild holding a pipe open counts as not done).
        let deadline = DispatchTime.now() + timeout
        let hasExited = exited.wait(timeout: deadline) == .success
        if !hasExited || io.wait(timeout: deadline) == .timedOut {
            if !hasExited {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
            let drained = io.wait(timeout: .now() + 5) == .success
            throw Failure.timedOut(
                arguments: arguments, seconds: timeout,
                stdout: drained ? out.string : "(unavailable)", stderr: drained ? err.string : "(unavailable)")
        }

        let status: Int32
        switch process.terminationReason {
        case .exit: status = process.terminationStatus
        case .uncaughtSignal: status = 128 + process.terminationStatus
        @unknown default: status = process.terminationStatus
        }
        return (status, out.string, err.string)
    }

    /// The candidate paths, in search order; see the type's documentation.
    static func candidatePaths() -> [String] {
        var paths: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["GRADCHECK_BINARY"], !explicit.isEmpty {
            paths.append(explicit)
        }
        let selfExe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if selfExe.path != "/proc/self/exe" {
            paths.append(selfExe.deletingLastPathComponent().appendingPathComponent("gradcheck").path)
        }
        if let argv0 = CommandLine.arguments.first, argv0.contains("/") {
            let dir = URL(fileURLWithPath: argv0).resolvingSymlinksInPath().deletingLastPathComponent()
            paths.append(dir.appendingPathComponent("gradcheck").path)
        }
        // Tests/CLITests/GradcheckRunner.swift -> the package root.
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        paths.append(root.appendingPathComponent(".build/debug/gradcheck").path)
        return paths
    }

    static func locateExecutable() throws -> URL {
        let paths = candidatePaths()
        guard let found = paths.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure.executableNotFound(searched: paths)
        }
        return URL(fileURLWithPath: found)
    }

    private static func read(_ handle: FileHandle, into box: DataBox, group: DispatchGroup) {
        DispatchQueue.global().async(group: group) {
            box.data = handle.readDataToEndOfFile()
        }
    }
}

/// Written by exactly one reader task, then read only after that task's
/// `DispatchGroup` has been waited on, which orders the accesses.
private final class DataBox: @unchecked Sendable {
    var data = Data()
    var string: String { String(decoding: data, as: UTF8.self) }
}
