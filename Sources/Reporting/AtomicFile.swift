import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes output files whole or not at all.
///
/// The bytes go to a hidden temporary file in the destination's directory
/// (`.name.tmp-XXXXXX`), which is flushed with `fsync(2)` and then moved over
/// the destination with `rename(2)`. A reader, or a crash half-way, therefore
/// sees either the old file or the complete new one, never a truncated one.
///
/// **Edge cases:** a new file gets mode 0644; a replaced file keeps its mode.
/// A symbolic link at `path` is replaced by the file, not followed. Every failure
/// removes the temporary file and throws an `InputError` such as
/// "cannot write out/x.svg: No such file or directory"; an empty path is
/// "cannot write to an empty file name" (not "cannot write : Is a directory").
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws {
        guard !path.isEmpty else { throw InputError("cannot write to an empty file name") }
        guard !path.hasSuffix("/") else { throw failure(path, EISDIR) }
        let temporary = try makeTemporaryFile(beside: path)
        var finished = false
        defer {
            if !finished { unlink(temporary.path) }
        }
        var status = stat()
        let mode = lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
            ? status.st_mode & 0o7777 : 0o644
        let written = writeAll(data, to: temporary.fd) && fchmod(temporary.fd, mode) == 0 && fsync(temporary.fd) == 0
        let writeError = errno
        let closed = close(temporary.fd) == 0
        guard written else { throw failure(path, writeError) }
        guard closed else { throw failure(path, errno) }
        guard rename(temporary.path, path) == 0 else { throw failure(path, errno) }
        finished = true
    }

    /// Writes `string` as UTF-8 to `path` atomically.
    public static func write(_ string: String, to path: String) throws {
        try write(Data(string.utf8), to: path)
    }

    /// Throws the error `write(_:to:)` would throw for a missing or unwritable
    /// directory, or a directory at `path`, without touching `path` itself.
    ///
    /// Call it before a long computation so a command can exit with status 2 at
    /// once. It creates and removes a temporary file, so it also catches
    /// read-only file systems and permissions that `access(2)` misjudges.
    public static func checkWritable(_ path: String) throws {
        guard !path.isEmpty else { throw InputError("cannot write to an empty file name") }
        guard !path.hasSuffix("/") else { throw failure(path, EISDIR) }
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { throw failure(path, EISDIR) }
        let temporary = try makeTemporaryFile(beside: path)
        close(temporary.fd)
        unlink(temporary.path)
    }

    /// The directory part of `path`, "." for a bare file name.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func makeTemporaryFile(beside path: String) throws -> (fd: Int32, path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? "output"
        let directory = directory(of: path)
        let prefix = directory == "/" ? "/" : directory + "/"
        var template = Array("\(prefix).\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path, errno) }
        return (fd, String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    private static func writeAll(_ data: Data, to fd: Int32) -> Bool {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> InputError {
        InputError("cannot write \(path): \(String(cString: strerror(code)))")
    }
}

/// `write(2)`, reachable from inside `AtomicFile`, whose own `write` hides it.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
