import Foundation

/// One line of `squeue --format=%i|%T|%r`: a job (or array task `ID_K`), its
/// state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT…) and the reason.
public struct JobState: Sendable, Equatable {
    public var id: String
    public var state: String
    public var reason: String

    public init(id: String, state: String, reason: String) {
        self.id = id
        self.state = state
        self.reason = reason
    }

    public static func parse(squeue output: String) -> [JobState] {
        output.split(whereSeparator: \.isNewline).compactMap { line in
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return f.count >= 2 ? JobState(id: f[0], state: f[1], reason: f.count > 2 ? f[2] : "") : nil
        }
    }

    /// Still to run or running: Slurm may yet change its outcome.
    public var isActive: Bool {
        ["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "RESIZING", "SUSPENDED", "STAGE_OUT", "SIGNALING"].contains(state)
    }

    /// Pending on a dependency that can no longer be satisfied: a clusters
    /// without `kill_invalid_depend` leaves such a job pending forever.
    public var isStuck: Bool { state == "PENDING" && reason.contains("DependencyNeverSatisfied") }
}
