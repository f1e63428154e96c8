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
/// the destination with `rename(2)`; the directory is flushed too, so the new
/// name survives a crash. A reader, or a crash half-way, therefore sees either
/// the old file or the complete new one, never a truncated one.
///
/// `write(_:to:)` and `checkWritable(_:)` follow ``OutputFile``'s policy (links
/// followed, `/dev/null` written in place, FIFOs, sockets, other devices and
/// directories refused); the
/// atomic replacement itself is `replace(_:with:reportingAs:)`.
///
/// **Edge cases:** a new file gets mode 0666 less the umask; a replaced file
/// keeps its permission bits (0777), never set-user-ID, set-group-ID or sticky.
/// Every failure removes the temporary file and throws an `InputError` such as
/// "cannot write out/x.svg: No such file or directory"; an empty path is
/// "cannot write to an empty file name" (not "cannot write : Is a directory").
public enum AtomicFile {
    /// Writes `data` to `path` by ``OutputFile``'s policy.
    public static func write(_ data: Data, to path: String) throws(InputError) {
        try OutputFile(path).write(data)
    }

    /// Writes `string` as UTF-8 to `path` by ``OutputFile``'s policy.
    public static func write(_ string: String, to path: String) throws(InputError) {
        try write(Data(string.utf8), to: path)
    }

    /// Throws the error `write(_:to:)` would throw for a missing or unwritable
    /// directory, or a directory at `path`, without touching `path` itself.
    ///
    /// Call it before a long computation so a command can exit with status 2 at
    /// once. It creates and removes a temporary file, so it also catches
    /// read-only file systems and permissions that `access(2)` misjudges.
    public static func checkWritable(_ path: String) throws(InputError) {
        _ = try OutputFile(path)
    }

    /// Replaces the regular file (or nothing) at `target` with `data`, atomically.
    static func replace(_ target: String, with data: Data, reportingAs path: String) throws(InputError) {
        let temporary = try makeTemporaryFile(beside: target, reportingAs: path)
        var finished = false
        defer {
            if !finished { unlink(temporary.path) }
        }
        var status = stat()
        let mode = stat(target, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
            ? status.st_mode & 0o777 : 0o666 & ~currentUmask()
        let written = writeAll(data, to: temporary.fd) && fchmod(temporary.fd, mode) == 0 && fsync(temporary.fd) == 0
        let writeError = errno
        let closed = close(temporary.fd) == 0
        guard written else { throw OutputFile.failure(path, writeError) }
        guard closed else { throw OutputFile.failure(path, errno) }
        guard rename(temporary.path, target) == 0 else { throw OutputFile.failure(path, errno) }
        finished = true
        syncDirectory(of: target)
    }

    /// Throws what `replace` would throw for the directory of `target`: creates and removes a temporary file.
    static func checkCreatable(beside target: String, reportingAs path: String) throws(InputError) {
        let temporary = try makeTemporaryFile(beside: target, reportingAs: path)
        close(temporary.fd)
        unlink(temporary.path)
    }

    /// The directory part of `path`, "." for a bare file name.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The process's umask, read without changing it where Linux reports it.
    static func currentUmask() -> mode_t {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
           let value = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8) {
            return value
        }
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    private static func syncDirectory(of target: String) {
        let fd = open(directory(of: target), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)  // some file systems refuse fsync on a directory; the rename is done either way
        close(fd)
    }

    private static func makeTemporaryFile(beside target: String, reportingAs path: String) throws(InputError) -> (fd: Int32, path: String) {
        let name = target.split(separator: "/").last.map(String.init) ?? "output"
        let directory = directory(of: target)
        let prefix = directory == "/" ? "/" : directory + "/"
        var template = Array("\(prefix).\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw creationFailure(path, directory: directory, errno) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return (fd, String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// The reason no file can be created in `directory`, named for what it is:
    /// a kernel pseudo-file system (`/proc/version` used to say "No such file or
    /// directory"), a read-only file system, or the system's own reason.
    private static func creationFailure(_ path: String, directory: String, _ code: Int32) -> InputError {
        let pseudo: Set = ["proc", "sysfs", "devpts", "cgroup", "cgroup2", "securityfs", "debugfs", "tracefs", "configfs"]
        if let type = fileSystemType(of: directory), pseudo.contains(type) {
            return InputError("cannot write \(path): \(directory) is in the kernel's \(type) file system, "
                + "where no file can be created or replaced")
        }
        var vfs = statvfs()
        if statvfs(directory, &vfs) == 0, vfs.f_flag & UInt(ST_RDONLY) != 0 {
            return InputError("cannot write \(path): \(directory) is on a read-only file system")
        }
        return OutputFile.failure(path, code)
    }

    /// The type of the file system holding `directory` (`ext4`, `proc`…), from the
    /// longest mount point in `/proc/self/mounts` that contains it; nil where unknown.
    static func fileSystemType(of directory: String) -> String? {
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8),
              let real = realpath(directory, nil) else { return nil }
        let resolved = String(cString: real)
        free(real)
        var best: (length: Int, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mountPoint = String(fields[1])
            let contains = mountPoint == "/" || resolved == mountPoint || resolved.hasPrefix(mountPoint + "/")
            if contains, mountPoint.count >= (best?.length ?? -1) { best = (mountPoint.count, String(fields[2])) }
        }
        return best?.type
    }

    static func writeAll(_ data: Data, to fd: Int32) -> Bool {
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
}

/// `write(2)`, reachable from inside `AtomicFile`, whose own `write` hides it.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
