import Foundation
import Reporting

/// Runs Slurm's commands (`sbatch`, `squeue`, `scancel`) found on `PATH`.
/// The only place in gradcheck that starts other programs.
public struct SlurmClient: Sendable {
    public var path: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    }

    /// The absolute path of `command` on `PATH`, or `nil`.
    public func locate(_ command: String) -> String? {
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Throws unless `sbatch` and `squeue` are on `PATH`.
    public func requireCommands() throws(InputError) {
        for command in ["sbatch", "squeue"] where locate(command) == nil {
            throw InputError("\(command) not found on PATH: gradcheck submit needs Slurm's client commands (Debian: apt-get install slurm-client); --dry-run writes the scripts without submitting")
        }
    }

    /// Submits with `sbatch ARGUMENTS` (which must include `--parsable`) and returns the job id.
    public func submit(_ arguments: [String]) throws(InputError) -> String {
        let (status, out, err) = try run("sbatch", arguments)
        guard status == 0 else {
            throw InputError("sbatch \(ShellQuoting.join(arguments)) failed (status \(status)): \(err.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let id = Self.parseJobID(out) else {
            throw InputError("sbatch \(ShellQuoting.join(arguments)) printed '\(out.trimmingCharacters(in: .whitespacesAndNewlines))', not a job id")
        }
        return id
    }

    /// `sbatch --parsable` prints `ID` or `ID;CLUSTER`: the id, or `nil` for anything else.
    public static func parseJobID(_ output: String) -> String? {
        let line = output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        let id = line.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return !id.isEmpty && id.allSatisfy(\.isNumber) ? id : nil
    }

    /// The jobs Slurm still knows among `jobs` (array tasks appear as `ID_K`),
    /// from `squeue --states=all`; jobs it has forgotten are absent.
    public func states(of jobs: [String]) throws(InputError) -> [JobState] {
        let (status, out, err) = try run("squeue", ["--noheader", "--states=all", "--jobs=\(jobs.joined(separator: ","))", "--format=%i|%T|%r"])
        // squeue fails with "Invalid job id specified" once every job is gone.
        if status != 0 && err.contains("Invalid job id") { return [] }
        guard status == 0 else { throw InputError("squeue failed (status \(status)): \(err.trimmingCharacters(in: .whitespacesAndNewlines))") }
        return JobState.parse(squeue: out)
    }

    public func cancel(_ job: String) {
        _ = try? run("scancel", [job])
    }

    func run(_ command: String, _ arguments: [String]) throws(InputError) -> (Int32, String, String) {
        guard let executable = locate(command) else { throw InputError("\(command) not found on PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw InputError("cannot run \(executable): \(error.localizedDescription)") }
        // Slurm's commands print little; read stderr on another thread so neither pipe can fill.
        let errBox = Box()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errBox.data, as: UTF8.self))
    }
}

/// Written by one reader, read after its `DispatchGroup` was waited on.
private final class Box: @unchecked Sendable {
    var data = Data()
}
