import GradientSweep
import Dispatch
import Foundation

/// SIGINT, SIGTERM and SIGQUIT, handled alike while a long command runs: the
/// first one sets a ``CancellationFlag`` (the sweep stops after the blocks in
/// progress, prints its partial summary and writes no output file) and is
/// remembered, so the command exits with 128 + its number, as a shell reports a
/// process the signal ended (130, 143, 131).
///
/// SIGQUIT's default action would dump core; the Swift runtime's backtracer
/// used to print "Program crashed" for it and then let the sweep finish and
/// exit 0. Here a quit is an interruption like the others.
final class InterruptHandler: @unchecked Sendable {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGQUIT]

    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var first: Int32?

    /// Starts handling the signals; each sets `flag`.
    init(_ flag: CancellationFlag) {
        for number in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                self?.record(number)
                flag.cancel()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, if any.
    var received: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }

    /// The exit status for an interrupted run: 128 + the signal's number (130 for SIGINT when none is known).
    var exitStatus: Int32 { 128 + (received ?? SIGINT) }

    /// Stops handling; the signals keep being ignored, so one arriving while the summary is printed changes nothing.
    func cancel() { sources.forEach { $0.cancel() } }

    private func record(_ number: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if first == nil { first = number }
    }
}
