import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a user's text file (a network, an answer key, a trajectory file),
/// with one clear message for each way it can be unusable.
public enum TextFile {
    /// The largest file read by default: 256 MiB. Reading holds the file twice (its bytes and
    /// its text) and every reader keeps more per line, so a 2 GB file would take several GB
    /// before the first line is judged (a 76 MB point list takes 0.4 GB and 13 s).
    public static let maximumBytes = 256 << 20

    /// The UTF-8 text of the file at `path`. `kind` names the file in
    /// messages, e.g. "network file": `network file not found: PATH`,
    /// `… is a directory`, `… is binary, not text` (it holds a NUL byte),
    /// `… is not UTF-8 text`, `… is too large` (over `maximumBytes`),
    /// `cannot read network file: PATH`.
    public static func read(_ path: String, kind: String, maximumBytes: Int = maximumBytes) throws(InputError) -> String {
        guard !path.isEmpty else { throw InputError("\(kind): the file name is empty") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("\(kind) not found: \(path)")
        }
        guard !isDirectory.boolValue else { throw InputError("\(kind) is a directory: \(path)") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
            throw InputError("\(kind) is too large: \(path) has \(size) bytes; gradcheck reads at most \(maximumBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("cannot read \(kind): \(path)" + (special(path).map { " is \($0); gradcheck reads regular files" } ?? ""))
        }
        // A NUL byte is valid UTF-8 but never text; echoed in a message it would garble the terminal.
        if data.withUnsafeBytes({ $0.contains(0) }) { throw InputError("\(kind) is binary, not text: \(path)") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError("\(kind) is not UTF-8 text: \(path)")
        }
        return text
    }

    /// What `path` is when it is not a regular file (links followed), for the message that refuses it:
    /// a FIFO, `/dev/stdin` on a pipe and `/dev/zero` were all just "cannot read".
    static func special(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFIFO: return "a FIFO or pipe"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return nil
        }
    }
}
