import Foundation
import NetworkModel
import Reporting

/// Reads trajectory files: a function f(x, y), the algorithm, and drawn paths.
///
/// ```
/// # The exam's contour plot: one maximum near (1, 1), one minimum near (-1, -1)
/// function exp(-((x-1)^2 + (y-1)^2)) - exp(-((x+1)^2 + (y+1)^2))
/// mode ascent            # or: descent                      (default ascent)
/// step any               # or: fixed (one α, fitted), or a number: that α   (default any)
/// angle-tolerance 20     # degrees, in (0, 45)               (default 20)
/// step-tolerance 25%     # fixed-step modes: relative error on lengths (default 25%)
/// region (-2.5, -2.5) (2.5, 2.5)   # plot window, optional
/// path A: (-0.2, 1.6) (0.3, 1.3) (0.7, 1.1)
///         (0.9, 1.0)     # an indented line starting with '(' continues the path
/// expect A feasible
/// expect C infeasible: downhill        # reasons optional, compared as a set
/// ```
///
/// One statement per line; `#` starts a comment. The function uses the
/// network expression language (``Expression``) with the variables `x` and `y`.
/// Points are `(x, y)` pairs of decimal numbers, optionally separated by commas.
/// Path names are letters, digits, `_` and `-`. Reason codes: `downhill`
/// (ascent) or `uphill` (descent), `not-perpendicular`, `stationary-start`, `step-size`.
///
/// Every error is an ``InputError`` at the offending token: a statement the
/// parser does not know, an expression that does not parse, a name other than
/// `x`/`y`, a path with fewer than two points, a point repeated in a row, a point
/// where f or ∇f is not finite, an `expect` line for a path that is not drawn.
public enum TrajectoryFileParser {
    /// The statements a file may contain.
    public static let keys = ["function", "mode", "step", "angle-tolerance", "step-tolerance", "region", "path", "expect"]

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(InputError) -> TrajectoryProblem {
        try parse(TextFile.read(path, kind: "trajectory file"), file: path)
    }

    /// Parses the text of a trajectory file; `file` names it in locations.
    public static func parse(_ text: String, file: String) throws(InputError) -> TrajectoryProblem {
        var state = ParseState(file: file)
        var lineNumber = 0
        for rawLine in text.sourceLines {
            lineNumber += 1
            try Lexer.requireLength(rawLine, file: file, line: lineNumber)
            try state.read(Line(rawLine, number: lineNumber, file: file))
        }
        return try state.finish()
    }
}

/// One line of the file without its comment, split into scalars for column arithmetic.
struct Line {
    var scalars: [Unicode.Scalar]
    var number: Int
    var file: String

    init(_ text: Substring, number: Int, file: String) {
        var scalars = Array(text.unicodeScalars)
        if let hash = scalars.firstIndex(of: "#") { scalars.removeSubrange(hash...) }
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        self.scalars = scalars
        self.number = number
        self.file = file
    }

    /// The location of the scalar at 0-based `index`.
    func location(_ index: Int) -> SourceLocation {
        SourceLocation(file: file, line: number, column: index + 1)
    }

    /// The first index at or after `index` that is not a space or tab.
    func skipSpace(from index: Int) -> Int {
        var i = index
        while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
        return i
    }

    /// The text from `start` up to (not including) `end`.
    func text(_ start: Int, _ end: Int? = nil) -> String {
        String(String.UnicodeScalarView(scalars[start..<(end ?? scalars.count)]))
    }
}

/// The statements read so far, and the checks that need the whole file.
private struct ParseState {
    let file: String
    var function: ScalarField?
    var mode: TrajectoryProblem.Mode?
    var stepRule: TrajectoryProblem.StepRule?
    var angleTolerance: Double?
    var stepTolerance: Double?
    var region: TrajectoryProblem.Region?
    var paths: [DrawnPath] = []
    /// Expectations with their reason codes still as written (the mode may come later).
    var expectations: [(Expectation, [(String, SourceLocation)]?)] = []
    var firstSeen: [String: Int] = [:]
    /// Whether the previous statement was a path, so an indented '(' line continues it.
    var continuesPath = false

    init(file: String) { self.file = file }

    mutating func read(_ line: Line) throws(InputError) {
        let start = line.skipSpace(from: 0)
        guard start < line.scalars.count else { return }  // blank or comment only
        if line.scalars[start] == "(" {
            guard start > 0, continuesPath else {
                throw InputError("a line of points must be indented and follow a 'path' line", at: line.location(start))
            }
            let (points, locations) = try TokenReader.points(in: line, from: start)
            paths[paths.count - 1].points += points
            paths[paths.count - 1].pointLocations += locations
            return
        }
        var end = start
        while end < line.scalars.count, line.scalars[end] != " ", line.scalars[end] != "\t" { end += 1 }
        let key = line.text(start, end)
        let valueStart = line.skipSpace(from: end)
        continuesPath = false
        switch key {
        case "path":
            try readPath(line, from: valueStart, keyAt: start)
            continuesPath = true
            return
        case "expect":
            try readExpectation(line, from: valueStart)
            return
        case _ where TrajectoryFileParser.keys.contains(key):
            break
        case _ where key.hasSuffix(":") && TrajectoryFileParser.keys.contains(String(key.dropLast())):
            throw InputError("write '\(key.dropLast())' without a colon", at: line.location(end - 1))
        default:
            throw InputError(
                "unknown statement '\(key)' (expected one of: \(TrajectoryFileParser.keys.joined(separator: ", ")))",
                at: line.location(start))
        }
        if let previous = firstSeen[key] {
            throw InputError("'\(key)' is given twice (first on line \(previous))", at: line.location(start))
        }
        firstSeen[key] = line.number
        guard valueStart < line.scalars.count else {
            throw InputError("'\(key)' needs a value", at: line.location(valueStart))
        }
        let value = line.text(valueStart)
        let at = line.location(valueStart)
        switch key {
        case "function":
            let expression = try ExpressionParser.parse(
                Substring(value), file: file, line: line.number, column: valueStart + 1)
            function = try ScalarField(expression)
        case "mode":
            guard let m = TrajectoryProblem.Mode(rawValue: value) else {
                throw InputError("mode must be 'ascent' or 'descent', not '\(value)'", at: at)
            }
            mode = m
        case "step":
            if value == "any" { stepRule = .any }
            else if value == "fixed" { stepRule = .fixedUnknown }
            else if let alpha = Double(value), alpha.isFinite, alpha > 0 { stepRule = .fixed(alpha) }
            else {
                throw InputError("step must be 'any', 'fixed' or a positive learning rate, not '\(value)'", at: at)
            }
        case "angle-tolerance":
            let degrees = Double(value.hasSuffix("°") ? String(value.dropLast()) : value)
            guard let degrees, degrees > 0, degrees < 45 else {
                throw InputError(
                    "angle-tolerance must be a number of degrees above 0 and below 45, not '\(value)'", at: at)
            }
            angleTolerance = degrees
        case "step-tolerance":
            let percent = Double(value.hasSuffix("%") ? String(value.dropLast()) : value)
            guard let percent, percent > 0, percent < 1000 else {
                throw InputError("step-tolerance must be a percentage above 0, such as 25%, not '\(value)'", at: at)
            }
            stepTolerance = percent / 100
        case "region":
            let (corners, locations) = try TokenReader.points(in: line, from: valueStart)
            guard corners.count == 2 else {
                throw InputError("region needs two corners, (xmin, ymin) (xmax, ymax); found \(corners.count)", at: at)
            }
            guard corners[0].x < corners[1].x, corners[0].y < corners[1].y else {
                throw InputError(
                    "region's first corner must be below and left of the second: (xmin, ymin) (xmax, ymax)",
                    at: locations[1])
            }
            let window = TrajectoryProblem.Region(xMin: corners[0].x, xMax: corners[1].x, yMin: corners[0].y, yMax: corners[1].y)
            guard window.isDrawable else {
                throw InputError(
                    "region cannot be drawn: its width \(Format.number(window.width)) and height \(Format.number(window.height)) "
                        + "must be finite and at least \(TrajectoryProblem.Region.smallestSide)", at: at)
            }
            region = window
        default:
            break
        }
    }

    mutating func readPath(_ line: Line, from start: Int, keyAt keyStart: Int) throws(InputError) {
        let (name, colon) = try TokenReader.name(in: line, from: start, what: "path")
        guard colon < line.scalars.count, line.scalars[colon] == ":" else {
            throw InputError("expected ':' after the path name, as in 'path \(name): (0, 1) (0.5, 1.2)'", at: line.location(colon))
        }
        if let other = paths.first(where: { $0.name == name }) {
            throw InputError("path \(name) is drawn twice (first on line \(other.location.line))", at: line.location(start))
        }
        let pointsStart = line.skipSpace(from: colon + 1)
        let (points, locations) = pointsStart < line.scalars.count
            ? try TokenReader.points(in: line, from: pointsStart) : ([], [])
        paths.append(DrawnPath(name: name, location: line.location(start), points: points, pointLocations: locations))
    }

    mutating func readExpectation(_ line: Line, from start: Int) throws(InputError) {
        let (name, afterName) = try TokenReader.name(in: line, from: start, what: "path")
        let verdictStart = line.skipSpace(from: afterName)
        var verdictEnd = verdictStart
        while verdictEnd < line.scalars.count, line.scalars[verdictEnd] != ":", line.scalars[verdictEnd] != " " { verdictEnd += 1 }
        let verdict = line.text(verdictStart, verdictEnd)
        guard verdict == "feasible" || verdict == "infeasible" else {
            throw InputError(
                "expected 'feasible' or 'infeasible' after the path name, found '\(verdict.isEmpty ? "end of line" : verdict)'",
                at: line.location(verdictStart))
        }
        if let previous = expectations.first(where: { $0.0.pathName == name }) {
            throw InputError(
                "path \(name) has two expect lines (first on line \(previous.0.location.line))", at: line.location(start))
        }
        var codes: [(String, SourceLocation)]?
        let rest = line.skipSpace(from: verdictEnd)
        if rest < line.scalars.count {
            guard line.scalars[rest] == ":" else {
                throw InputError("expected ':' before the reasons, found '\(line.text(rest))'", at: line.location(rest))
            }
            guard verdict == "infeasible" else {
                throw InputError("only an infeasible path has reasons", at: line.location(rest))
            }
            codes = []
            var i = line.skipSpace(from: rest + 1)
            while i < line.scalars.count {
                var end = i
                while end < line.scalars.count, line.scalars[end] != ",", line.scalars[end] != " " { end += 1 }
                codes!.append((line.text(i, end), line.location(i)))
                i = line.skipSpace(from: end)
                if i < line.scalars.count, line.scalars[i] == "," { i = line.skipSpace(from: i + 1) }
            }
            if codes!.isEmpty {
                throw InputError("expected reasons after ':', such as 'downhill, not-perpendicular'", at: line.location(rest + 1))
            }
        }
        expectations.append((
            Expectation(pathName: name, feasible: verdict == "feasible", location: line.location(start)), codes))
    }

    func finish() throws(InputError) -> TrajectoryProblem {
        let top = SourceLocation(file: file, line: 1, column: 1)
        guard let function else {
            throw InputError("no 'function' line: the file must give the f(x, y) the paths are drawn on", at: top)
        }
        guard !paths.isEmpty else { throw InputError("no 'path' line: there is nothing to judge", at: top) }
        let mode = mode ?? .ascent
        for path in paths { try Self.validate(path, on: function) }
        var resolved: [Expectation] = []
        for (expectation, codes) in expectations {
            guard paths.contains(where: { $0.name == expectation.pathName }) else {
                throw InputError("expect names path \(expectation.pathName), which is not drawn", at: expectation.location)
            }
            var e = expectation
            if let codes {
                var kinds = Set<StepIssue.Kind>()
                for (code, location) in codes {
                    guard let kind = StepIssue.Kind(code: code, mode: mode) else {
                        throw InputError(
                            "unknown reason '\(code)' for gradient \(mode.rawValue) (known: "
                                + StepIssue.Kind.codes(for: mode).joined(separator: ", ") + ")", at: location)
                    }
                    kinds.insert(kind)
                }
                e.reasons = kinds
            }
            resolved.append(e)
        }
        return TrajectoryProblem(
            file: file, function: function, mode: mode, stepRule: stepRule ?? .any,
            angleTolerance: angleTolerance ?? TrajectoryProblem.defaultAngleTolerance,
            stepTolerance: stepTolerance ?? TrajectoryProblem.defaultStepTolerance,
            region: region, paths: paths, expectations: resolved)
    }

    /// At least two points, no point repeated in a row, f and ∇f finite at every point.
    static func validate(_ path: DrawnPath, on function: ScalarField) throws(InputError) {
        guard path.points.count >= 2 else {
            throw InputError(
                "path \(path.name) has \(path.points.count == 1 ? "only 1 point" : "no points"): "
                    + "a trajectory needs at least two", at: path.location)
        }
        for k in path.points.indices {
            let p = path.points[k]
            if k > 0, p == path.points[k - 1] {
                throw InputError(
                    "path \(path.name) repeats the point \(p) (points \(k) and \(k + 1)): a step of length zero has no direction",
                    at: path.pointLocations[k])
            }
            let (value, gradient) = function.valueAndGradient(at: p)
            guard value.isFinite else {
                throw InputError(
                    "f is not finite at \(p) (point \(k + 1) of path \(path.name)): f = \(Format.number(value))", at: path.pointLocations[k])
            }
            guard gradient.isFinite else {
                throw InputError(
                    "the gradient of f is not finite at \(p) (point \(k + 1) of path \(path.name)): ∇f = \(gradient)",
                    at: path.pointLocations[k])
            }
        }
    }
}
