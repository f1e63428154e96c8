/// Decides, for each drawn path, whether gradient ascent or descent could
/// have taken it. Pure: the same problem always gives the same judgement.
///
/// **The rule.** Step k (from p_k to p_{k+1}) is feasible when its direction is
/// within the angle tolerance of ∇f(p_k) (ascent) or −∇f(p_k) (descent). The
/// direction at the start point is all that is checked: where the step lands
/// is free, so a large learning rate may overshoot past the top, land lower
/// than it started and zigzag, and still be gradient ascent. A step that is
/// off by more than the tolerance is classified as
/// - going the wrong way (`downhill`/`uphill`) when it is more than 90° + tolerance
///   from the algorithm's direction, and
/// - not perpendicular to the contour line (`not-perpendicular`) when it is more
///   than the tolerance from the line of ∇f either way;
/// a step can be both. In `step fixed` mode the learning rates |step| / |∇f|
/// of the steps that do leave along the gradient must also fit one α (see
/// ``LearningRateFit``); with `step α` each must be within the step tolerance
/// of that α. (A step in the wrong direction has no learning rate to speak of,
/// and is already infeasible.)
///
/// **Stationary points.** Where ∇f = 0 the update is zero, so gradient ascent
/// cannot leave such a point: a step starting there is infeasible
/// (`stationary-start`). "Zero" means no longer than 10⁻⁹ times the longest
/// gradient at any point of the file, so rounding in the dual-number gradient
/// (a few ulps) cannot make a true stationary point look like a slope, and a
/// gentle but real slope is not mistaken for one. A path may end at a
/// stationary point.
public enum TrajectoryJudge {
    /// A gradient no longer than this fraction of the file's longest gradient counts as zero.
    public static let stationaryFraction = 1e-9

    /// Judges every path of `problem` and checks its `expect` lines.
    public static func judge(_ problem: TrajectoryProblem) -> TrajectoryVerdict {
        let scale = problem.paths.flatMap(\.points).map { problem.function.gradient(at: $0).length }.max() ?? 0
        let threshold = stationaryFraction * scale
        let paths = problem.paths.map { judge($0, in: problem, stationaryThreshold: threshold) }
        let results = problem.expectations.map { expectation in
            ExpectationResult(expectation, judged: paths.first { $0.name == expectation.pathName }!, mode: problem.mode)
        }
        return TrajectoryVerdict(problem: problem, paths: paths, expectations: results)
    }

    /// Judges one path. `stationaryThreshold` is an absolute gradient length.
    public static func judge(
        _ path: DrawnPath, in problem: TrajectoryProblem, stationaryThreshold: Double
    ) -> PathJudgement {
        let mode = problem.mode
        let tol = problem.angleTolerance
        var steps = zip(path.points, path.points.dropFirst()).enumerated().map { k, pair in
            StepJudgement(
                index: k + 1, from: pair.0, to: pair.1, function: problem.function, mode: mode,
                angleTolerance: tol, stationaryThreshold: stationaryThreshold)
        }
        var sentences: [Int: String] = [:]  // first offending sentence per step
        for step in steps where !step.issues.isEmpty {
            sentences[step.index] = Explanation.sentence(for: step, mode: mode, angleTolerance: tol)
        }

        var fit: LearningRateFit?
        var rateMessage: String?
        switch problem.stepRule {
        case .any: break
        case .fixed(let alpha):
            fit = LearningRateFit(steps.filter(\.followsGradient), tolerance: problem.stepTolerance)
            for i in steps.indices where steps[i].followsGradient {
                guard let rate = steps[i].learningRate,
                      !LearningRateFit.fits(rate, alpha: alpha, tolerance: problem.stepTolerance) else { continue }
                steps[i].issues.append(.stepSize)
                let message = Explanation.fixedRateMismatch(steps[i], alpha: alpha, tolerance: problem.stepTolerance)
                if rateMessage == nil { rateMessage = message }
                sentences[steps[i].index] = sentences[steps[i].index].map { $0 + "; and " + message } ?? message
            }
        case .fixedUnknown:
            fit = LearningRateFit(steps.filter(\.followsGradient), tolerance: problem.stepTolerance)
            if let fit, !fit.isConsistent {
                rateMessage = Explanation.fittedRateMismatch(fit, tolerance: problem.stepTolerance)
            }
        }

        var reasons: [PathJudgement.Reason] = []
        for kind in StepIssue.Kind.allCases {
            var offending = steps.filter { $0.issues.contains(kind) }.map(\.index)
            if kind == .stepSize, case .fixedUnknown = problem.stepRule, let fit, !fit.isConsistent {
                offending = Array(Set([fit.smallestStep, fit.largestStep])).sorted()
            }
            guard let first = offending.first else { continue }
            let message = kind == .stepSize
                ? rateMessage!
                : Explanation.sentence(for: steps[first - 1], mode: mode, angleTolerance: tol)
            reasons.append(.init(kind: kind, code: kind.code(for: mode), steps: offending, message: message))
        }

        let feasible = reasons.isEmpty
        let explanation: String
        if let firstStep = sentences.keys.min() {
            explanation = sentences[firstStep]!
        } else if let rateMessage {
            explanation = rateMessage
        } else {
            explanation = feasibleSummary(steps, mode: mode, tolerance: tol, fit: fit)
        }
        return PathJudgement(
            name: path.name, location: path.location, steps: steps, feasible: feasible,
            explanation: explanation, reasons: reasons, notes: notes(for: steps, mode: mode),
            learningRateFit: fit)
    }

    /// "every step leaves within 6° of ∇f (tolerance 20°); f rises from 0.12 to 0.98 over 5 steps".
    static func feasibleSummary(
        _ steps: [StepJudgement], mode: TrajectoryProblem.Mode, tolerance: Double, fit: LearningRateFit?
    ) -> String {
        let worst = steps.compactMap(\.angle).max() ?? 0
        let first = steps.first!.valueBefore, last = steps.last!.valueAfter
        let verb = last > first ? "rises" : last < first ? "falls" : "stays"
        let each = steps.count == 1 ? "its step leaves" : "every step leaves"
        var text = "\(each) within \(Explanation.degrees(worst)) of \(mode.stepSymbol) "
            + "(tolerance \(Explanation.degrees(tolerance))); f \(verb) from \(Format.number(first, digits: 3)) "
            + "to \(Format.number(last, digits: 3)) over \(steps.count == 1 ? "1 step" : "\(steps.count) steps")"
        if let fit {
            text += "; one learning rate α ≈ \(Format.number(fit.fitted, digits: 3)) fits every step "
                + "(spread \(Format.number(fit.spread, digits: 3))×)"
        }
        return text
    }

    /// Observations that do not decide feasibility.
    static func notes(for steps: [StepJudgement], mode: TrajectoryProblem.Mode) -> [String] {
        var notes: [String] = []
        let overshoots = steps.filter { $0.followsGradient && $0.valueMovedWrongWay(mode) }
        if let first = overshoots.first {
            let verb = mode == .ascent ? "falls" : "rises"
            notes.append(
                "\(Explanation.stepList(overshoots.map(\.index), of: steps.count)) overshoot: "
                    + "\(overshoots.count == 1 ? "it leaves" : "each leaves") along \(mode.stepSymbol) but lands past the "
                    + "\(mode == .ascent ? "top" : "bottom") (at step \(first.index) f \(verb) from "
                    + "\(Format.number(first.valueBefore, digits: 3)) to \(Format.number(first.valueAfter, digits: 3))), "
                    + "as gradient \(mode.rawValue) does with a large learning rate")
        }
        let turns = zip(steps, steps.dropFirst()).filter { a, b in
            ((a.to - a.from).angle(to: b.to - b.from) ?? 0) > 90
        }
        if turns.count >= 2 {
            notes.append(
                "it zigzags: the direction turns by more than 90° at \(turns.count) of \(steps.count - 1) turns, "
                    + "typical of a learning rate too large for the curvature")
        }
        // Where a path stops matters only if the algorithm could have drawn it.
        if steps.allSatisfy(\.followsGradient), let end = endNote(steps, mode: mode) { notes.append(end) }
        return notes
    }

    /// "the path ends away from any stationary point although its steps are still large".
    ///
    /// Said when the gradient at the last point is still more than a quarter of
    /// the largest gradient along the path and the last step is at least half
    /// the median step length. Not an offence: the algorithm may simply have
    /// been stopped after a fixed number of iterations.
    static func endNote(_ steps: [StepJudgement], mode: TrajectoryProblem.Mode) -> String? {
        guard let last = steps.last else { return nil }
        let endGradient = last.gradientAfter.length
        let largest = (steps.map(\.gradient.length) + [endGradient]).max() ?? 0
        let lengths = steps.map(\.length).sorted()
        let median = lengths[lengths.count / 2]
        guard largest > 0, endGradient > 0.25 * largest, last.length >= 0.5 * median else { return nil }
        return "the path ends away from any stationary point although its steps are still large: "
            + "|∇f| = \(Format.number(endGradient, digits: 3)) at its last point "
            + "(\(Format.number(100 * endGradient / largest, digits: 2))% of the largest along the path), "
            + "so gradient \(mode.rawValue) would carry on"
    }
}
