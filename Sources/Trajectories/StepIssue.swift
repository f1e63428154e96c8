/// Why a step (or a path's step sizes) cannot come from gradient ascent or descent.
public enum StepIssue {
    /// The kinds of offence, each with a stable code for `expect` lines and JSON.
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        /// The step leaves its start point against the algorithm: downhill in
        /// ascent, uphill in descent (more than 90° + tolerance from ±∇f).
        case wrongWay = "wrong-way"
        /// The step does not leave perpendicular to the contour line: its
        /// direction is more than the tolerance away from the line of ∇f.
        case notPerpendicular = "not-perpendicular"
        /// The step starts where ∇f = 0, from which the algorithm cannot move.
        case stationaryStart = "stationary-start"
        /// The step lengths do not fit one fixed learning rate (fixed-step mode).
        case stepSize = "step-size"

        /// The code written in files and JSON: `downhill`/`uphill` for
        /// ``wrongWay`` (depending on the mode), the raw value otherwise.
        public func code(for mode: TrajectoryProblem.Mode) -> String {
            self == .wrongWay ? mode.wrongWay : rawValue
        }

        /// The kind named by `code` in a file of the given mode, if any.
        public init?(code: String, mode: TrajectoryProblem.Mode) {
            if code == mode.wrongWay { self = .wrongWay; return }
            guard code != Kind.wrongWay.rawValue, let kind = Kind(rawValue: code) else { return nil }
            self = kind
        }

        /// Every code accepted in a file of the given mode.
        public static func codes(for mode: TrajectoryProblem.Mode) -> [String] {
            allCases.map { $0.code(for: mode) }
        }

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }
}
