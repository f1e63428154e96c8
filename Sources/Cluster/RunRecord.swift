import GradientSweep
import Foundation
import Reporting

/// `RUN_DIR/run.json`: which sweep a run directory holds and what was submitted
/// for it, so that a second `gradcheck submit` on the directory can refuse a
/// different sweep and submit only the missing shards.
public struct RunRecord: Sendable, Equatable, Codable {
    /// `gradcheck-submit/1`.
    public var format: String
    /// ``SweepFingerprint`` of the sweep and its split.
    public var fingerprint: String
    public var shards: Int
    /// The sweep's configuration, to name what differs when a rerun does not match.
    public var configuration: SweepConfiguration
    /// The sweep options, as given to `gradcheck submit` and passed to every task.
    public var arguments: [String]
    /// The absolute path of the `gradcheck` binary the tasks run.
    public var binary: String
    /// The directory the tasks run in (relative paths in `arguments` refer to it).
    public var workingDirectory: String
    /// Every submission, oldest first.
    public var submissions: [Submission]

    public static let formatName = "gradcheck-submit/1"

    public struct Submission: Sendable, Equatable, Codable {
        /// The array job's id, `nil` when every part was already there.
        public var arrayJob: String?
        /// The shards the array ran (its `--array` indices).
        public var shards: [Int]
        public var mergeJob: String

        public init(arrayJob: String?, shards: [Int], mergeJob: String) {
            self.arrayJob = arrayJob
            self.shards = shards
            self.mergeJob = mergeJob
        }
    }

    public init(fingerprint: String, shards: Int, configuration: SweepConfiguration, arguments: [String],
                binary: String, workingDirectory: String) {
        format = Self.formatName
        self.fingerprint = fingerprint
        self.shards = shards
        self.configuration = configuration
        self.arguments = arguments
        self.binary = binary
        self.workingDirectory = workingDirectory
        submissions = []
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The record at `path`, `nil` when there is none.
    /// - Throws: `InputError` for a file that is not a run record.
    public static func read(path: String) throws(InputError) -> RunRecord? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError("cannot read \(path)") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let record = try? decoder.decode(RunRecord.self, from: data), record.format == formatName else {
            throw InputError("\(path) is not a gradcheck submit record (\(formatName)); is this directory a gradcheck run directory?")
        }
        return record
    }

    /// Why this directory's sweep is not the sweep `other` describes, or `nil` when it is.
    public func mismatch(_ other: RunRecord, directory: String) -> String? {
        guard fingerprint != other.fingerprint else { return nil }
        var reasons = other.configuration.differences(from: configuration, names: ("this command", directory))
        if other.shards != shards { reasons.append("shards: \(other.shards) in this command, \(shards) in \(directory)") }
        if reasons.isEmpty { reasons.append("fingerprint \(other.fingerprint) in this command, \(fingerprint) in \(directory)") }
        return "\(directory) holds a different sweep (`gradcheck sweep \(ShellQuoting.join(arguments))`, \(shards) shards): "
            + reasons.joined(separator: "; ") + "; use another --dir"
    }
}
