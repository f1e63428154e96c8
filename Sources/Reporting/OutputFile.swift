import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One output file of a command (`--output`, `--heatmap`, `--plot`) and the one
/// policy every command writes by.
///
/// The path is resolved first, following symbolic links (at most 40), so a link
/// stays a link and the file it names is written. Then, by what is there:
///
/// - **nothing, or a regular file**: replaced atomically by ``AtomicFile``
///   (a temporary file beside it, `fsync`, `rename`, `fsync` of the directory).
///   A new file's mode is 0666 less the umask; a replaced file keeps its
///   permission bits except set-user-ID, set-group-ID and sticky, which are dropped.
/// - **`/dev/null`** (or another name of that device): written in place, never
///   created, truncated or replaced. It is the one device accepted, for the
///   common idiom of discarding an output.
/// - **an open descriptor** (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
///   `/proc/self/fd/N`): written through that descriptor, whatever it is
///   (`--output /dev/stdout > file` appends to `file`).
/// - **anything else** (a directory, a FIFO, a socket, any other character or
///   block device): refused. A FIFO with no reader used to block `open(2)`
///   forever, deaf to SIGINT and SIGTERM; a device cannot be written whole or not at all.
///
/// The refusal comes from `init`, which commands call before any work, and
/// again from `write`, which classifies the path afresh and opens `/dev/null`
/// with `O_NONBLOCK`, so no write can block on what appeared at the path since.
///
/// A write that fails (ENOSPC on `/dev/full`, EIO) throws one `InputError`
/// naming the path and the reason. ``requireDistinct(_:inputs:)`` refuses,
/// before any work, an output that would replace an input of the command or
/// another output.
public struct OutputFile: Sendable, Equatable {
    /// How the bytes reach the destination.
    public enum Kind: Sendable, Equatable {
        /// Nothing is there yet, or a regular file: replaced atomically.
        case replace
        /// `/dev/null`: written in place.
        case stream
        /// An open file descriptor of this process.
        case descriptor(Int32)
    }

    /// The path as the user gave it (used in messages).
    public let path: String
    /// The option that named it, e.g. `--output` (used in messages).
    public let option: String
    /// `path` with every symbolic link followed.
    public let target: String
    public let kind: Kind

    /// Resolves and classifies `path`, and checks that it can be written,
    /// without changing anything on disk.
    public init(_ path: String, option: String = "--output") throws(InputError) {
        guard !path.isEmpty else { throw InputError("cannot write to an empty file name") }
        self.path = path
        self.option = option
        (target, kind) = try Self.classify(path)
        try checkWritable()
    }

    /// Writes `data` by the policy above; re-resolves the path, so a file that
    /// appeared since `init` is treated by what it is now.
    public func write(_ data: Data) throws(InputError) {
        let (target, kind) = try Self.classify(path)
        switch kind {
        case .replace: try AtomicFile.replace(target, with: data, reportingAs: path)
        case .stream:
            let fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
            guard fd >= 0 else { throw Self.failure(path, errno) }
            let ok = AtomicFile.writeAll(data, to: fd)
            let code = errno
            close(fd)
            guard ok else { throw Self.failure(path, code) }
        case .descriptor(let fd):
            guard AtomicFile.writeAll(data, to: fd) else { throw Self.failure(path, errno) }
        }
    }

    /// Writes `text` as UTF-8.
    public func write(_ text: String) throws(InputError) { try write(Data(text.utf8)) }

    /// Refuses an output that would replace one of `inputs` (a description such
    /// as "answer key" and its path) or the same file as another output: the same
    /// device and inode, or for a file not yet there, the same resolved path.
    /// Outputs written in place (`/dev/null`, descriptors) replace nothing and may coincide.
    public static func requireDistinct(_ outputs: [OutputFile], inputs: [(what: String, path: String)]) throws(InputError) {
        for (i, output) in outputs.enumerated() where output.kind == .replace {
            let identity = FileIdentity(output.target)
            for input in inputs where identity.matches(FileIdentity(input.path)) {
                throw InputError("\(output.option) \(output.path) is the \(input.what) \(input.path): "
                    + "gradcheck does not overwrite its input; give another file")
            }
            for other in outputs[..<i] where identity.matches(FileIdentity(other.target)) {
                throw InputError("\(other.option) \(other.path) and \(output.option) \(output.path) name the same file; give two different files")
            }
        }
    }

    // MARK: - Resolving and classifying

    /// `(target, kind)` for `path`, or the refusal of what is there.
    static func classify(_ path: String) throws(InputError) -> (String, Kind) {
        guard !path.hasSuffix("/") else { throw failure(path, EISDIR) }
        var current = path
        for _ in 0...40 {
            if let fd = descriptorNumber(current) { return (current, .descriptor(fd)) }
            var status = stat()
            guard lstat(current, &status) == 0 else {
                if errno == ENOENT { return (current, .replace) }
                throw failure(path, errno)
            }
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                guard let link = readLink(current) else { throw failure(path, errno) }
                current = link.hasPrefix("/") ? link : AtomicFile.directory(of: current) + "/" + link
            case S_IFREG: return (current, .replace)
            case S_IFCHR:
                guard isNullDevice(status) else { throw refusal(path, "a character device") }
                return (current, .stream)
            case S_IFIFO: throw refusal(path, "a FIFO (named pipe)")
            case S_IFDIR: throw failure(path, EISDIR)
            case S_IFBLK: throw refusal(path, "a block device")
            case S_IFSOCK: throw refusal(path, "a socket")
            default: throw refusal(path, "not a regular file")
            }
        }
        throw failure(path, ELOOP)
    }

    /// Whether `status` describes the null device, the one device written in place.
    static func isNullDevice(_ status: stat) -> Bool {
        var null = stat()
        guard stat("/dev/null", &null) == 0, (null.st_mode & S_IFMT) == S_IFCHR else { return false }
        return status.st_rdev == null.st_rdev
    }

    /// N for `/dev/fd/N`, `/proc/self/fd/N`, and 0, 1, 2 for `/dev/stdin`, `/dev/stdout`, `/dev/stderr`.
    static func descriptorNumber(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdin": return 0
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    private func checkWritable() throws(InputError) {
        switch kind {
        case .replace: try AtomicFile.checkCreatable(beside: target, reportingAs: path)
        case .stream:
            guard access(target, W_OK) == 0 else { throw Self.failure(path, errno) }
        case .descriptor(let fd):
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0 else { throw Self.failure(path, errno) }
            guard flags & O_ACCMODE != O_RDONLY else { throw Self.refusal(path, "open for reading only") }
        }
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func failure(_ path: String, _ code: Int32) -> InputError {
        InputError("cannot write \(path): \(String(cString: strerror(code)))")
    }

    static func refusal(_ path: String, _ what: String) -> InputError {
        InputError("cannot write \(path): it is \(what); gradcheck writes only regular files (and /dev/null), whole or not at all")
    }
}

/// A file's device and inode, with its resolved path for a file not (yet) there.
struct FileIdentity: Equatable {
    var device: UInt64?
    var inode: UInt64?
    var resolvedPath: String

    init(_ path: String) {
        var status = stat()
        if stat(path, &status) == 0 {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
        let directory = AtomicFile.directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let real = realpath(path, nil) {
            resolvedPath = String(cString: real)
            free(real)
        } else if let real = realpath(directory, nil) {
            resolvedPath = String(cString: real) + "/" + name
            free(real)
        } else {
            resolvedPath = path
        }
    }

    func matches(_ other: FileIdentity) -> Bool {
        if let device, let inode, device == other.device, inode == other.inode { return true }
        return resolvedPath == other.resolvedPath
    }
}
