import FiniteDifferences

/// Where a check was called from: the four values Swift Testing's
/// `SourceLocation(fileID:filePath:line:column:)` takes, and XCTest's
/// `file:line:`, captured by default arguments of every check function.
public struct CallerLocation: Sendable, Equatable, CustomStringConvertible {
    public var fileID: String
    public var filePath: String
    public var line: Int
    public var column: Int

    public init(fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column) {
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
        self.column = column
    }

    /// `file:line:column`, with the `#fileID` form of the file (`Module/File.swift`).
    public var description: String { "\(fileID):\(line):\(column)" }
}

/// What a gradient, Jacobian or Hessian check found.
///
/// `description` starts with the caller's `file:line:column`, lists every
/// failing component and a summary, so in a test
/// ```swift
/// #expect(result.passed, "\(result)")         // Swift Testing
/// XCTAssert(result.passed, "\(result)")        // XCTest
/// ```
/// explains a failure in full and points at the line that called the check.
public struct GradientCheckResult: Sendable, CustomStringConvertible {
    /// What was checked, for the wording of components.
    public enum Subject: String, Sendable {
        /// `∂f/∂p[c]` of a scalar function.
        case gradient
        /// `∂f[r]/∂p[c]` of a vector function.
        case jacobian
        /// `∂²f/∂p[r]∂p[c]`: the Jacobian of a gradient.
        case hessian
    }

    /// One entry `J[row][column]` at one point.
    public struct Component: Sendable {
        /// 0-based index of the point in the list checked.
        public var pointIndex: Int
        public var point: [Double]
        /// The output (0 for a scalar function's gradient).
        public var row: Int
        /// The input: the entry is `∂f[row]/∂p[column]`.
        public var column: Int
        /// Which claim gave the value: "gradient", "jacobian", "jvp", "vjp", "hessian", "hvp", "pullback".
        public var source: String
        /// The value claimed.
        public var claimed: Double
        /// The finite-difference estimate with its error estimate.
        public var estimate: DerivativeEstimate
        public var verdict: Verdict
        /// The largest `|claimed - estimate|` accepted.
        public var allowance: Double
        /// `column`, the name a gradient's component had before Jacobians.
        public var index: Int { column }
        public var difference: Double { Swift.abs(claimed - estimate.value) }
    }

    /// One random projection `vᵀ J u` checked in fast mode.
    public struct Projection: Sendable {
        public var pointIndex: Int
        public var point: [Double]
        /// 0-based number of the direction pair at this point.
        public var direction: Int
        public var source: String
        /// `vᵀ J u` from the claim.
        public var claimed: Double
        /// The finite difference of `vᵀ f` along `u`.
        public var estimate: DerivativeEstimate
        public var verdict: Verdict
        public var allowance: Double
        public var difference: Double { Swift.abs(claimed - estimate.value) }
    }

    public var subject: Subject
    /// Entries checked one by one: every entry in full mode, the entries a
    /// failing direction was narrowed down to in fast mode.
    public var components: [Component]
    /// Fast mode's projections (empty in full mode).
    public var projections: [Projection]
    /// Problems that prevented checking (a claim of the wrong length, a
    /// function that is not finite at a point, no points at all).
    public var problems: [String]
    public var tolerance: Tolerance
    /// The mode actually used ("full" or "fast, N directions, seed S").
    public var mode: String
    /// How many times the checked function was evaluated.
    public var evaluations: Int
    /// Where the check was called from.
    public var caller: CallerLocation

    /// The components that disagree.
    public var failures: [Component] { components.filter { $0.verdict.isFailure } }
    /// The fast-mode projections that disagree.
    public var failingProjections: [Projection] { projections.filter { $0.verdict.isFailure } }
    /// The components finite differences could not decide.
    public var inconclusive: [Component] { components.filter { $0.verdict.name == "inconclusive" } }
    /// No mismatch, no problem, and something was checked.
    public var passed: Bool {
        failures.isEmpty && failingProjections.isEmpty && problems.isEmpty && !(components.isEmpty && projections.isEmpty)
    }

    package init(subject: Subject, components: [Component] = [], projections: [Projection] = [], problems: [String] = [],
                 tolerance: Tolerance, mode: String = "full", evaluations: Int = 0, caller: CallerLocation) {
        self.subject = subject
        self.components = components
        self.projections = projections
        self.problems = problems
        self.tolerance = tolerance
        self.mode = mode
        self.evaluations = evaluations
        self.caller = caller
    }

    /// The two results as one (a gradgradcheck: the gradient's check and the Hessian's).
    package func merged(with other: GradientCheckResult) -> GradientCheckResult {
        var result = self
        result.components += other.components
        result.projections += other.projections
        result.problems += other.problems
        result.evaluations += other.evaluations
        if other.mode != mode { result.mode += "; \(other.mode)" }
        return result
    }

    /// `∂f/∂p[c]`, `∂f[r]/∂p[c]` or `∂²f/∂p[r]∂p[c]`.
    package static func entryName(row: Int, column: Int, subject: Subject) -> String {
        switch subject {
        case .gradient: return "∂f/∂p[\(column)]"
        case .jacobian: return "∂f[\(row)]/∂p[\(column)]"
        case .hessian: return "∂²f/∂p[\(row)]∂p[\(column)]"
        }
    }

    public var description: String {
        var lines: [String] = []
        let points = Set(components.map(\.pointIndex) + projections.map(\.pointIndex)).count
        var checked = "\(components.count) \(subject.rawValue) components"
        if !projections.isEmpty { checked = "\(projections.count) projections and " + checked }
        let summary = "\(checked) at \(points) points (\(mode); \(evaluations) evaluations), "
            + "atol \(tolerance.atol), rtol \(tolerance.rtol)"
        lines.append("\(caller): " + (passed ? "\(subject.rawValue) check passed: \(summary)"
                                            : "\(subject.rawValue) check FAILED: \(summary)"))
        lines += problems.map { "  " + $0 }
        if components.isEmpty && projections.isEmpty && problems.isEmpty { lines.append("  nothing was checked") }
        for p in failingProjections {
            lines.append("  direction \(p.direction) at point \(p.pointIndex + 1) \(p.point): \(p.source) gives vᵀJu = \(p.claimed), "
                + "\(p.estimate.method.name) estimate \(p.estimate.value) ± \(p.estimate.errorEstimate); "
                + "differ by \(p.difference) > allowed \(p.allowance)")
        }
        for c in failures {
            let subject = c.source == "hessian" || c.source == "hvp" ? Subject.hessian : self.subject
            lines.append("  \(Self.entryName(row: c.row, column: c.column, subject: subject)) at point \(c.pointIndex + 1) \(c.point): "
                + "claimed \(c.claimed) (\(c.source)), "
                + "\(c.estimate.method.name) estimate \(c.estimate.value) ± \(c.estimate.errorEstimate); "
                + "differ by \(c.difference) > allowed \(c.allowance)")
        }
        if !inconclusive.isEmpty {
            lines.append("  \(inconclusive.count) components inconclusive (finite-difference error estimate larger than the tolerance)")
        }
        return lines.joined(separator: "\n")
    }
}
