import Reporting

/// Everything a trajectory file states: the function, the algorithm, the
/// tolerances, the drawn paths and, optionally, the expected verdicts.
public struct TrajectoryProblem: Sendable {
    /// The file the problem was read from, as given, for messages.
    public var file: String
    public var function: ScalarField
    public var mode: Mode
    public var stepRule: StepRule
    public var angleTolerance: Double
    public var stepTolerance: Double
    /// The plot window, when the file gives one (`region (x0, y0) (x1, y1)`).
    public var region: Region?
    public var paths: [DrawnPath]
    public var expectations: [Expectation]

    public init(
        file: String, function: ScalarField, mode: Mode = .ascent, stepRule: StepRule = .any,
        angleTolerance: Double = TrajectoryProblem.defaultAngleTolerance,
        stepTolerance: Double = TrajectoryProblem.defaultStepTolerance,
        region: Region? = nil, paths: [DrawnPath], expectations: [Expectation] = []
    ) {
        self.file = file
        self.function = function
        self.mode = mode
        self.stepRule = stepRule
        self.angleTolerance = angleTolerance
        self.stepTolerance = stepTolerance
        self.region = region
        self.paths = paths
        self.expectations = expectations
    }

    /// The default angle tolerance, in degrees: 20°.
    ///
    /// Why 20°: arrows drawn by hand, or read off a printed contour plot, are
    /// typically 10–15° off the true normal of the contour line, so a tolerance
    /// much below 10° would reject honest drawings. A path that ignores the
    /// contours (a staircase of horizontal and vertical moves, a straight line
    /// to the maximum across elongated contours) is off by 30–60°; the exam's
    /// non-perpendicular paths D and F are off by at least 35° at their first
    /// offending step (see fixtures/trajectories/exam-paths.txt). 20° sits between
    /// the two with a margin on each side. A step 20° off the gradient still
    /// gains cos 20° = 94% of the rise a step along the gradient would.
    public static let defaultAngleTolerance = 20.0

    /// The default relative tolerance on step lengths in fixed-step mode: 25%.
    ///
    /// Hand-drawn step lengths are off by 10–20%; one fixed learning rate then
    /// explains the steps when every fitted rate |step| / |∇f| lies within a
    /// factor 1.25 of a common value, i.e. the largest is at most
    /// 1.25² ≈ 1.56 times the smallest.
    public static let defaultStepTolerance = 0.25

    /// Gradient ascent (climb toward a maximum) or descent (toward a minimum).
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case ascent, descent

        /// +1 for ascent, −1 for descent: the update is p ← p + sign · α ∇f(p).
        public var sign: Double { self == .ascent ? 1 : -1 }
        /// The wrong way to go, as a student says it: "downhill" for ascent.
        public var wrongWay: String { self == .ascent ? "downhill" : "uphill" }
        /// Where the wrong way leads: "toward a minimum" for ascent, "away from
        /// the minimum" for descent (a bowl has no maximum to head toward).
        public var wrongTarget: String { self == .ascent ? "toward a minimum" : "away from the minimum" }
        /// The direction the algorithm steps in: "∇f" or "−∇f".
        public var stepSymbol: String { self == .ascent ? "∇f" : "−∇f" }
        public var oppositeSymbol: String { self == .ascent ? "−∇f" : "∇f" }
        public var opposite: Mode { self == .ascent ? .descent : .ascent }
    }

    /// What the file says about the learning rate α in p ← p ± α ∇f(p).
    public enum StepRule: Sendable, Equatable {
        /// Any positive α, possibly different at each iteration (`step any`).
        case any
        /// One fixed α for the whole path, not given (`step fixed`): it is fitted.
        case fixedUnknown
        /// This fixed α (`step 0.5`).
        case fixed(Double)

        public var description: String {
            switch self {
            case .any: "any positive step size"
            case .fixedUnknown: "one fixed learning rate (fitted)"
            case .fixed(let alpha): "fixed learning rate α = \(Format.number(alpha))"
            }
        }
    }

    /// A rectangle of the plane: `[xMin, xMax] × [yMin, yMax]`.
    public struct Region: Sendable, Equatable, Codable {
        public var xMin, xMax, yMin, yMax: Double

        public init(xMin: Double, xMax: Double, yMin: Double, yMax: Double) {
            self.xMin = xMin
            self.xMax = xMax
            self.yMin = yMin
            self.yMax = yMax
        }

        public var width: Double { xMax - xMin }
        public var height: Double { yMax - yMin }

        /// The narrowest side a plot can draw: the plot's pixels per unit, a few hundred over
        /// the side, must stay finite (a region of 5e-324 made every coordinate NaN).
        public static let smallestSide = 1e-300

        /// Whether a plot can draw this window: both sides finite and at least ``smallestSide``.
        /// `region (-1e308, -1e308) (1e308, 1e308)` is not: its width, 2e308, overflows.
        public var isDrawable: Bool {
            width.isFinite && height.isFinite && width >= Self.smallestSide && height >= Self.smallestSide
        }
    }
}

/// One named path as drawn: its points in order and where each was written.
public struct DrawnPath: Sendable {
    public var name: String
    /// Where the name was written.
    public var location: SourceLocation
    public var points: [Vector2]
    /// `pointLocations[k]` is where `points[k]` was written (its opening parenthesis).
    public var pointLocations: [SourceLocation]

    public init(name: String, location: SourceLocation, points: [Vector2], pointLocations: [SourceLocation]) {
        self.name = name
        self.location = location
        self.points = points
        self.pointLocations = pointLocations
    }
}

/// An `expect` line: the verdict the file's author expects for one path, and
/// optionally the reasons (`expect F infeasible: downhill, not-perpendicular`).
public struct Expectation: Sendable {
    public var pathName: String
    public var feasible: Bool
    /// The reasons expected, when given; compared as a set with the reasons found.
    public var reasons: Set<StepIssue.Kind>?
    public var location: SourceLocation

    public init(pathName: String, feasible: Bool, reasons: Set<StepIssue.Kind>? = nil, location: SourceLocation) {
        self.pathName = pathName
        self.feasible = feasible
        self.reasons = reasons
        self.location = location
    }
}
