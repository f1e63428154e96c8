import Foundation

/// Pretty-printed JSON with sorted keys and unescaped slashes, ending in a newline,
/// so output is stable across runs and platforms and diffs cleanly.
enum JSONText {
    static func encode<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // The renderers' values hold only strings, integers and arrays of them,
        // which always encode; the fallback is never reached.
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
