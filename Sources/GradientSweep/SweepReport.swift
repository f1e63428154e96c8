import Foundation
import Reporting

/// The JSON document `gradcheck sweep --format json` prints and `--out` writes:
/// the summary and, separately, how long it took.
///
/// Field names are stable (see the README's "JSON output" section). Non-finite
/// numbers are written as the strings `"inf"`, `"-inf"` and `"nan"`.
public struct SweepReport: Sendable, Equatable, Codable {
    /// `gradcheck-sweep/1`; bumped if a field changes meaning.
    public var format: String
    public var summary: SweepSummary
    public var timing: Timing?

    public static let formatName = "gradcheck-sweep/1"

    public struct Timing: Sendable, Equatable, Codable {
        /// Wall-clock seconds of the evaluation (for a merge: the sum over parts).
        public var seconds: Double
        public var pointsPerSecond: Double
        public var threads: Int
        /// Which evaluator ran: `exam-network` (the specialised one) or `broadcast`.
        public var evaluator: String

        public init(seconds: Double, pointsPerSecond: Double, threads: Int, evaluator: String) {
            self.seconds = seconds
            self.pointsPerSecond = pointsPerSecond
            self.threads = threads
            self.evaluator = evaluator
        }
    }

    public init(summary: SweepSummary, timing: Timing?) {
        format = Self.formatName
        self.summary = summary
        self.timing = timing
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try! encoder.encode(self)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reads a report written by `gradcheck sweep --format json` or `--out`.
    public static func read(path: String) throws(InputError) -> SweepReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("cannot read \(path): no such file or not readable")
        }
        return try decode(data, path: path)
    }

    /// Decodes a report from `data`, the contents of the file at `path` (named in errors).
    public static func decode(_ data: Data, path: String) throws(InputError) -> SweepReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let report: SweepReport
        do {
            report = try decoder.decode(SweepReport.self, from: data)
        } catch {
            throw InputError("\(path) is not a gradcheck sweep summary (JSON from `gradcheck sweep --format json` or --out): \(Self.describe(error))")
        }
        guard report.format == formatName else {
            throw InputError("\(path) has format '\(report.format)'; this gradcheck reads '\(formatName)'")
        }
        return report
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}
