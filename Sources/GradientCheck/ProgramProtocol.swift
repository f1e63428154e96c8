import Foundation
import Reporting

/// The JSON-lines protocol `gradcheck check --command` speaks with a user's
/// program, one JSON object per line each way (see the README's section
/// "Any language: the program protocol").
///
/// ```
/// program → gradcheck   {"gradcheck": 1, "dimension": 3}                        hello, first line
///                       optional: "outputs": m (default 1), "provides": ["gradient"] | any of
///                       ["jacobian", "jvp", "vjp"], "points": [[…], …], "source": "model.py"
/// gradcheck → program   {"want": "value", "x": […]}          → {"value": 1.25}  (m = 1) or {"value": […]}
///                       {"want": "gradient", "x": […]}       → {"gradient": […]}
///                       {"want": "jacobian", "x": […]}       → {"jacobian": [[…], …]}   m rows of n
///                       {"want": "jvp", "x": […], "u": […]}  → {"jvp": […]}             J u, m entries
///                       {"want": "vjp", "x": […], "v": […]}  → {"vjp": […]}             vᵀ J, n entries
///                       any answer may be {"error": "why"}: gradcheck stops with that message
/// end                   gradcheck closes the program's standard input; the program exits.
/// ```
/// Extra keys are ignored, so a program may answer every request with
/// both value and gradient.
package enum ProgramProtocol {
    package static let version = 1

    /// What the program says about itself in its first line.
    package struct Hello: Sendable, Equatable {
        package var dimension: Int
        package var outputs: Int
        package var provides: [String]
        package var points: [[Double]]?
        package var source: String?
    }

    package static let claims = ["gradient", "jacobian", "jvp", "vjp"]

    /// Parses the hello line.
    package static func hello(_ line: String) throws(InputError) -> Hello {
        let object = try self.object(line, what: "its first line (the hello)")
        guard wholeNumber(object["gradcheck"]) == Self.version else {
            throw InputError("the program's first line must be a hello {\"gradcheck\": 1, \"dimension\": n}, not \(abbreviated(line))")
        }
        guard let dimension = wholeNumber(object["dimension"]), dimension >= 1, dimension <= 10_000_000 else {
            throw InputError("the program's hello needs \"dimension\": a whole number from 1 to 10000000")
        }
        let outputs = object["outputs"] == nil ? 1 : wholeNumber(object["outputs"]) ?? 0
        guard outputs >= 1, outputs <= 1_000_000 else {
            throw InputError("the program's hello needs \"outputs\" (when given): a whole number from 1 to 1000000")
        }
        let provides = (object["provides"] as? [String]) ?? [outputs == 1 ? "gradient" : "jacobian"]
        for p in provides where !claims.contains(p) || (p == "gradient" && outputs != 1) {
            throw InputError("the program's hello provides \"\(p)\"; choose from \(outputs == 1 ? "gradient, " : "")jacobian, jvp, vjp")
        }
        guard !provides.isEmpty else { throw InputError("the program's hello provides nothing to check") }
        var points: [[Double]]?
        if let raw = object["points"] {
            guard let list = raw as? [Any], !list.isEmpty else { throw InputError("the program's hello has \"points\" that is not a list of points") }
            points = try list.map { p throws(InputError) in try numbers(p, count: dimension, what: "a point in the hello") }
        }
        let source = object["source"] as? String
        // Findings start with it (`source:1:1: error: …`): a line break split them, a control character reached the terminal.
        if let source, source.isEmpty || source.unicodeScalars.contains(where: { [.control, .lineSeparator, .paragraphSeparator, .format].contains($0.properties.generalCategory) }) {
            throw InputError("the program's hello has a \"source\" that is empty or holds a line break or control character: \(abbreviated(source.debugDescription))")
        }
        return Hello(dimension: dimension, outputs: outputs, provides: provides, points: points, source: source)
    }

    /// One request line (without its newline).
    package static func request(want: String, x: [Double], u: [Double]? = nil, v: [Double]? = nil) -> String {
        struct Request: Encodable { var want: String; var x: [Double]; var u: [Double]?; var v: [Double]? }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Finite doubles always encode; the points checked are finite.
        let data = (try? encoder.encode(Request(want: want, x: x, u: u, v: v))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The numbers under `key` in an answer: `count` finite numbers (a bare number counts as a list of one).
    package static func answer(_ line: String, key: String, count: Int) throws(InputError) -> [Double] {
        let object = try self.object(line, what: "an answer")
        if let message = object["error"] as? String { throw InputError("the program reported an error: \(message)") }
        guard let raw = object[key] else {
            throw InputError("the program's answer has no \"\(key)\": \(abbreviated(line))")
        }
        return try numbers(number(raw) != nil ? [raw] : raw, count: count, what: "\"\(key)\"")
    }

    /// A claimed Jacobian: `rows` lists of `columns` finite numbers.
    package static func matrix(_ line: String, key: String, rows: Int, columns: Int) throws(InputError) -> [[Double]] {
        let object = try self.object(line, what: "an answer")
        if let message = object["error"] as? String { throw InputError("the program reported an error: \(message)") }
        guard let list = object[key] as? [Any], list.count == rows else {
            throw InputError("the program's answer needs \"\(key)\": \(rows) rows of \(columns) numbers: \(abbreviated(line))")
        }
        return try list.map { row throws(InputError) in try numbers(row, count: columns, what: "a row of \"\(key)\"") }
    }

    static func object(_ line: String, what: String) throws(InputError) -> [String: Any] {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(line.utf8)), let object = parsed as? [String: Any] else {
            if line.contains("NaN") || line.contains("Infinity") {
                throw InputError("the program sent NaN or Infinity in \(what): its answers must be finite numbers: \(abbreviated(line))")
            }
            throw InputError("the program sent malformed JSON as \(what) (one JSON object per line expected): \(abbreviated(line))")
        }
        return object
    }

    static func numbers(_ raw: Any, count: Int, what: String) throws(InputError) -> [Double] {
        guard let list = raw as? [Any] else { throw InputError("\(what) must be a list of \(count) numbers") }
        var result: [Double] = []
        result.reserveCapacity(list.count)
        for item in list {
            guard let d = number(item) else {
                throw InputError("\(what) must be a list of \(count) numbers; it holds \(String(describing: item).prefix(40))")
            }
            guard d.isFinite else { throw InputError("\(what) holds \(d): the program's answers must be finite numbers") }
            result.append(d)
        }
        guard result.count == count else { throw InputError("\(what) has \(result.count) numbers; \(count) expected") }
        return result
    }

    /// The dynamic type Foundation gives a JSON `true` or `false`.
    static let booleanType = type(of: NSNumber(value: true))

    /// A JSON number's value; `nil` for anything else. A Boolean is not a number: Foundation
    /// hands `true` over as an `NSNumber` of 1, so `{"value": true}` used to pass as 1.0.
    static func number(_ item: Any) -> Double? {
        guard type(of: item) != booleanType else { return nil }
        return (item as? Double) ?? (item as? NSNumber)?.doubleValue
    }

    /// A JSON whole number (`2` or `2.0`, not `2.7`, `true` or `"2"`); `nil` otherwise or beyond 2^53.
    static func wholeNumber(_ item: Any?) -> Int? {
        guard let item, let d = number(item), d == d.rounded(.towardZero), Swift.abs(d) <= 0x1p53 else { return nil }
        return Int(d)
    }

    /// The first 200 characters of a line, for messages.
    static func abbreviated(_ line: String) -> String {
        line.count <= 200 ? "'\(line)'" : "'\(line.prefix(200))…' (\(line.utf8.count) bytes)"
    }
}
