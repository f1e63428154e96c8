import Foundation
import Reporting
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A user's program, started once with `/bin/sh -c command` in its own
/// process group, and asked one question at a time over its standard input
/// and output (``ProgramProtocol``).
///
/// Never hangs: every answer must come within `timeout` seconds, or the
/// whole process group is killed. Standard input and output are driven with
/// `poll`, so a program that writes while gradcheck writes cannot deadlock;
/// standard error is drained on its own thread (its last lines are quoted
/// when the program fails).
package final class ProgramSession {
    package let command: String
    package let timeout: Double
    private var pid: pid_t = 0
    private var input: Int32 = -1, output: Int32 = -1
    private var buffer: [UInt8] = []
    private let errors = StderrTail()
    private var exited = false
    /// How many requests have been answered.
    package private(set) var requests = 0

    package init(command: String, timeout: Double) throws(InputError) {
        self.command = command
        self.timeout = timeout
        signal(SIGPIPE, SIG_IGN)  // a program that exits early must not kill gradcheck
        var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw InputError("cannot create pipes for the program: \(String(cString: strerror(errno)))")
        }
        for fd in [inPipe[1], outPipe[0], errPipe[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
        for fd in [inPipe[0], outPipe[1], errPipe[1]] { close(fd) }
        guard status == 0 else {
            for fd in [inPipe[1], outPipe[0], errPipe[0]] { close(fd) }
            throw InputError("cannot start the program '\(command)': \(String(cString: strerror(status)))")
        }
        input = inPipe[1]
        output = outPipe[0]
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
        errors.drain(errPipe[0])
    }

    deinit { finish() }

    /// The program's first line.
    package func readLine(for what: String) throws(InputError) -> String {
        try exchange(nil, what: what)
    }

    /// Sends `request` (one line) and returns the answer line.
    package func ask(_ request: String, what: String) throws(InputError) -> String {
        let line = try exchange(Array((request + "\n").utf8), what: what)
        requests += 1
        return line
    }

    /// Writes `bytes` (if any) while reading, until a whole line has arrived.
    private func exchange(_ bytes: [UInt8]?, what: String) throws(InputError) -> String {
        var pending = bytes ?? []
        var written = 0
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if written == pending.count, let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                kill()
                throw failure("did not answer within \(Self.seconds(timeout)) (waiting for \(what); --timeout sets the limit)")
            }
            var fds = [pollfd(fd: output, events: Int16(POLLIN), revents: 0)]
            if written < pending.count { fds.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000, 1_000_000)) + 1)
            if ready < 0 && errno == EINTR { continue }
            if fds.count > 1, fds[1].revents != 0 {
                let n = pending[written...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
                if n < 0 && errno != EAGAIN && errno != EINTR {
                    throw failure(exitDescription(waiting: true) + " while gradcheck was sending \(what)")
                }
                if n > 0 { written += n }
            }
            if fds[0].revents != 0 {
                let n = read(output, &chunk, chunk.count)
                if n > 0 {
                    buffer += chunk[..<n]
                    if buffer.count > 512 << 20 { kill(); throw failure("sent more than 512 MB without a line break") }
                } else if n == 0 {
                    throw failure(exitDescription(waiting: true) + " before answering \(what)")
                }
            }
        }
    }

    /// "exited with status 3", "was killed by signal 11", or "closed its output".
    private func exitDescription(waiting: Bool) -> String {
        var status: Int32 = 0
        var result = waitpid(pid, &status, waiting ? 0 : WNOHANG)
        if waiting && result == 0 { result = waitpid(pid, &status, 0) }
        guard result == pid else { return "closed its output" }
        exited = true
        let signalled = status & 0x7f
        return signalled == 0 ? "exited with status \((status >> 8) & 0xff)" : "was killed by signal \(signalled)"
    }

    private func failure(_ what: String) -> InputError {
        kill()
        let tail = errors.lastLine()
        return InputError("the program '\(command)' \(what)" + (tail.map { "; its last error output: \($0)" } ?? ""))
    }

    /// Closes the program's input and waits up to `timeout` for it to exit; kills it after that.
    package func finish() {
        if input >= 0 { close(input); input = -1 }
        if !exited {
            let deadline = Date().addingTimeInterval(timeout)
            var status: Int32 = 0
            while !exited && Date() < deadline {
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid || reaped < 0 { exited = true } else { usleep(10_000) }
            }
            kill()
        }
        if output >= 0 { close(output); output = -1 }
        errors.wait()
    }

    /// Kills the program's process group and reaps it.
    private func kill() {
        guard !exited, pid > 0 else { return }
        _ = Glibc.kill(-pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        exited = true
    }

    static func seconds(_ t: Double) -> String { t == t.rounded() ? "\(Int(t)) s" : "\(t) s" }
}

/// The program's standard error, read on a thread until end of file; the last 4 KB are kept.
final class StderrTail: @unchecked Sendable {
    private let lock = NSLock()
    private var tail: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)
    private var started = false

    func drain(_ fd: Int32) {
        started = true
        Thread.detachNewThread { [self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(fd, &chunk, chunk.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                lock.lock()
                tail += chunk[..<n]
                if tail.count > 4096 { tail.removeFirst(tail.count - 4096) }
                lock.unlock()
            }
            close(fd)
            done.signal()
        }
    }

    /// The last non-empty line written so far, if any.
    func lastLine() -> String? {
        usleep(20_000)  // let a crashing program's last words arrive
        lock.lock()
        defer { lock.unlock() }
        let text = String(decoding: tail, as: UTF8.self)
        return text.split(separator: "\n").last.map { String($0.prefix(300)) }
    }

    func wait() {
        if started { _ = done.wait(timeout: .now() + 2) }
        started = false
    }
}
