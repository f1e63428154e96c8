import Foundation

/// Reading a user's text file (a network, an answer key, a trajectory file),
/// with one clear message for each way it can be unusable.
public enum TextFile {
    /// The UTF-8 text of the file at `path`. `kind` names the file in
    /// messages, e.g. "network file": `network file not found: PATH`,
    /// `… is a directory`, `… is binary, not text` (it holds a NUL byte),
    /// `… is not UTF-8 text`, `cannot read network file: PATH`.
    public static func read(_ path: String, kind: String) throws(InputError) -> String {
        guard !path.isEmpty else { throw InputError("\(kind): the file name is empty") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("\(kind) not found: \(path)")
        }
        guard !isDirectory.boolValue else { throw InputError("\(kind) is a directory: \(path)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("cannot read \(kind): \(path)")
        }
        // A NUL byte is valid UTF-8 but never text; echoed in a message it would garble the terminal.
        if data.contains(0) { throw InputError("\(kind) is binary, not text: \(path)") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError("\(kind) is not UTF-8 text: \(path)")
        }
        return text
    }
}
