import Foundation
import Reporting

/// Renders a ``TrajectoryVerdict`` for people (`text`) or scripts (`json`).
public enum TrajectoryReport {
    /// One block per path: the verdict, the reason (or how well it fits), the
    /// other offences and notes; then any `expect` mismatches as compiler-style
    /// errors, then a summary line. With `steps`, a table of every step's numbers.
    ///
    /// ```
    /// path C: infeasible (downhill)
    ///   step 1 goes downhill: f falls from -0.0512 to -0.158, so it heads toward a minimum: …
    ///   downhill: all 5 steps
    /// ```
    public static func text(_ verdict: TrajectoryVerdict, steps showSteps: Bool = false) -> String {
        let problem = verdict.problem
        var out = "\(problem.file): gradient \(problem.mode.rawValue) on f(x, y) = \(problem.function.expression); "
            + "\(problem.stepRule.description); angle tolerance \(Explanation.degrees(problem.angleTolerance))"
        if problem.stepRule != .any { out += "; step tolerance \(Explanation.percent(problem.stepTolerance))" }
        out += "\n\n"
        for path in verdict.paths {
            let codes = path.reasons.map(\.code).joined(separator: ", ")
            out += "path \(path.name): " + (path.feasible ? "feasible" : "infeasible (\(codes))") + "\n"
            out += "  \(path.explanation)\n"
            if !path.feasible {
                for reason in path.reasons {
                    out += "  \(reason.code): \(Explanation.stepList(reason.steps, of: path.steps.count))\n"
                }
            }
            for note in path.notes { out += "  note: \(note)\n" }
            if showSteps { out += stepTable(path, mode: problem.mode) }
        }
        out += "\n"
        for mismatch in verdict.mismatches {
            out += "\(mismatch.expectation.location): error: \(mismatch.message)\n"
        }
        out += summary(verdict) + "\n"
        return out
    }

    /// "6 paths judged: 2 feasible, 4 infeasible; all 6 expect lines agree".
    public static func summary(_ verdict: TrajectoryVerdict) -> String {
        let paths = CountNoun("path").phrase(verdict.paths.count)
        var text = "\(paths) judged: \(verdict.feasibleCount) feasible, "
            + "\(verdict.paths.count - verdict.feasibleCount) infeasible"
        let expected = verdict.expectations.count
        if expected > 0 {
            let wrong = verdict.mismatches.count
            text += wrong == 0
                ? "; \(expected == 1 ? "the expect line agrees" : "all \(expected) expect lines agree")"
                : "; \(wrong) of \(CountNoun("expect line").phrase(expected)) \(wrong == 1 ? "disagrees" : "disagree")"
        }
        return text
    }

    /// A fixed-width table: step, from, to, f before → after, |∇f|, angle, α.
    static func stepTable(_ path: PathJudgement, mode: TrajectoryProblem.Mode) -> String {
        var out = "    step  from               to                 f before → after     |∇f|      angle  α = |step|/|∇f|\n"
        for s in path.steps {
            let angle = s.angle.map { Explanation.degrees($0) } ?? "—"
            let rate = s.learningRate.map { Format.number($0, digits: 3) } ?? "—"
            let flag = s.issues.isEmpty ? "" : "  ← " + s.issues.map { $0.code(for: mode) }.joined(separator: ", ")
            out += "    " + pad("\(s.index)", 6) + pad(s.from.description, 19) + pad(s.to.description, 19)
                + pad("\(Format.number(s.valueBefore, digits: 3)) → \(Format.number(s.valueAfter, digits: 3))", 21)
                + pad(Format.number(s.gradient.length, digits: 3), 10) + pad(angle, 7) + rate + flag + "\n"
        }
        return out
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// The verdict as one JSON object, keys sorted, pretty-printed, ending in a newline.
    ///
    /// Angles are in degrees; `angle` is measured from the algorithm's direction
    /// (∇f for ascent, −∇f for descent) and is `null` for a step starting at a
    /// stationary point. Points are `[x, y]`.
    public static func json(_ verdict: TrajectoryVerdict) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONDocument(verdict)) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// The JSON shape of a verdict; every number is finite or `null`.
private struct JSONDocument: Encodable {
    var file, function, mode, step: String
    var learningRate: Double?
    var angleTolerance, stepTolerance: Double
    var paths: [JSONPath]
    var expectations: [JSONExpectation]
    var summary: JSONSummary

    init(_ verdict: TrajectoryVerdict) {
        let p = verdict.problem
        file = p.file
        function = p.function.expression.description
        mode = p.mode.rawValue
        switch p.stepRule {
        case .any: step = "any"
        case .fixedUnknown: step = "fixed"
        case .fixed(let alpha): step = "fixed"; learningRate = alpha
        }
        angleTolerance = p.angleTolerance
        stepTolerance = p.stepTolerance
        paths = verdict.paths.map { JSONPath($0, mode: p.mode) }
        expectations = verdict.expectations.map { JSONExpectation($0, mode: p.mode) }
        summary = JSONSummary(
            paths: verdict.paths.count, feasible: verdict.feasibleCount,
            infeasible: verdict.paths.count - verdict.feasibleCount,
            expectations: verdict.expectations.count, mismatches: verdict.mismatches.count)
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(file, forKey: .file)
        try c.encode(function, forKey: .function)
        try c.encode(mode, forKey: .mode)
        try c.encode(step, forKey: .step)
        try c.encode(finite(learningRate), forKey: .learningRate)
        try c.encode(angleTolerance, forKey: .angleTolerance)
        try c.encode(stepTolerance, forKey: .stepTolerance)
        try c.encode(paths, forKey: .paths)
        try c.encode(expectations, forKey: .expectations)
        try c.encode(summary, forKey: .summary)
    }

    enum Keys: String, CodingKey {
        case file, function, mode, step, learningRate, angleTolerance, stepTolerance, paths, expectations, summary
    }
}

private struct JSONSummary: Encodable {
    var paths, feasible, infeasible, expectations, mismatches: Int
}

private struct JSONPath: Encodable {
    var name: String
    var line, column: Int
    var feasible: Bool
    var explanation: String
    var reasons: [JSONReason]
    var notes: [String]
    var learningRateFit: LearningRateFit?
    var steps: [JSONStep]

    init(_ p: PathJudgement, mode: TrajectoryProblem.Mode) {
        name = p.name
        line = p.location.line
        column = p.location.column
        feasible = p.feasible
        explanation = p.explanation
        reasons = p.reasons.map { JSONReason(code: $0.code, steps: $0.steps, message: $0.message) }
        notes = p.notes
        learningRateFit = p.learningRateFit.flatMap { fit in
            [fit.fitted, fit.smallest, fit.largest, fit.spread].allSatisfy(\.isFinite) ? fit : nil
        }
        steps = p.steps.map { JSONStep($0, mode: mode) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(feasible, forKey: .feasible)
        try c.encode(explanation, forKey: .explanation)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(notes, forKey: .notes)
        try c.encode(learningRateFit, forKey: .learningRateFit)
        try c.encode(steps, forKey: .steps)
    }

    enum Keys: String, CodingKey {
        case name, line, column, feasible, explanation, reasons, notes, learningRateFit, steps
    }
}

private struct JSONReason: Encodable {
    var code: String
    var steps: [Int]
    var message: String
}

private struct JSONStep: Encodable {
    var index: Int
    var from, to, gradient: [Double?]
    var valueBefore, valueAfter, length: Double?
    var angle, contourDeviation, learningRate: Double?
    var issues: [String]

    init(_ s: StepJudgement, mode: TrajectoryProblem.Mode) {
        index = s.index
        from = [finite(s.from.x), finite(s.from.y)]
        to = [finite(s.to.x), finite(s.to.y)]
        gradient = [finite(s.gradient.x), finite(s.gradient.y)]
        valueBefore = finite(s.valueBefore)
        valueAfter = finite(s.valueAfter)
        length = finite(s.length)
        angle = finite(s.angle)
        contourDeviation = finite(s.contourDeviation)
        learningRate = finite(s.learningRate)
        issues = s.issues.map { $0.code(for: mode) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(index, forKey: .index)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(gradient, forKey: .gradient)
        try c.encode(valueBefore, forKey: .valueBefore)
        try c.encode(valueAfter, forKey: .valueAfter)
        try c.encode(length, forKey: .length)
        try c.encode(angle, forKey: .angle)
        try c.encode(contourDeviation, forKey: .contourDeviation)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(issues, forKey: .issues)
    }

    enum Keys: String, CodingKey {
        case index, from, to, gradient, valueBefore, valueAfter, length, angle, contourDeviation, learningRate, issues
    }
}

private struct JSONExpectation: Encodable {
    var path: String
    var line, column: Int
    var expected, judged: String
    var expectedReasons: [String]?
    var judgedReasons: [String]
    var matches: Bool

    init(_ r: ExpectationResult, mode: TrajectoryProblem.Mode) {
        path = r.expectation.pathName
        line = r.expectation.location.line
        column = r.expectation.location.column
        expected = r.expectation.feasible ? "feasible" : "infeasible"
        judged = r.judgedFeasible ? "feasible" : "infeasible"
        expectedReasons = r.expectation.reasons.map { $0.sorted().map { $0.code(for: mode) } }
        judgedReasons = r.judgedReasons
        matches = r.matches
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(path, forKey: .path)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
        try c.encode(expected, forKey: .expected)
        try c.encode(expectedReasons, forKey: .expectedReasons)
        try c.encode(judged, forKey: .judged)
        try c.encode(judgedReasons, forKey: .judgedReasons)
        try c.encode(matches, forKey: .matches)
    }

    enum Keys: String, CodingKey {
        case path, line, column, expected, expectedReasons, judged, judgedReasons, matches
    }
}

/// `value` if finite, else `nil` (JSON has no NaN or infinity).
private func finite(_ value: Double?) -> Double? {
    guard let value, value.isFinite else { return nil }
    return value
}
