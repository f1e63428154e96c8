/// The sentences a student reads: what is wrong with a step, with the numbers
/// behind it. Pure functions of the measurements.
enum Explanation {
    /// Everything wrong with `step`, as one sentence starting "step k …".
    static func sentence(for step: StepJudgement, mode: TrajectoryProblem.Mode, angleTolerance tol: Double) -> String {
        let k = step.index
        if step.issues.contains(.stationaryStart) {
            return "step \(k) starts at a stationary point of f: ∇f\(step.from) = \(step.gradient) is zero, "
                + "so gradient \(mode.rawValue) cannot move from there"
        }
        guard let theta = step.angle, let deviation = step.contourDeviation else { return "step \(k) is fine" }
        let direction = mode == .ascent ? "the gradient ∇f" : "the descent direction −∇f"
        let wrongWay = step.issues.contains(.wrongWay)
        let offNormal = step.issues.contains(.notPerpendicular)
        let valueChange = change(step, mode: mode)
        if wrongWay && offNormal {
            return "step \(k) goes \(mode.wrongWay), \(mode.wrongTarget)\(valueChange), and it does not leave "
                + "perpendicular to the contour line either: it makes \(degrees(theta, tol)) with \(direction), "
                + "\(degrees(deviation, tol)) off the contour's normal (tolerance \(degrees(tol)))"
        }
        if wrongWay {
            return "step \(k) goes \(mode.wrongWay)\(valueChange), so it heads \(mode.wrongTarget): "
                + "it leaves along \(mode.oppositeSymbol) (\(degrees(theta, tol)) from \(mode.stepSymbol)), "
                + "which is a gradient \(mode.opposite.rawValue) step"
        }
        if offNormal {
            if Swift.abs(theta - 90) <= tol {
                return "step \(k) runs along the contour line instead of across it: it makes "
                    + "\(degrees(theta, tol)) with \(direction), so it does not leave perpendicular "
                    + "to the contour line (tolerance \(degrees(tol)))"
            }
            return "step \(k) makes \(degrees(theta, tol)) with \(direction), so it does not leave "
                + "perpendicular to the contour line (tolerance \(degrees(tol)))"
        }
        return "step \(k) leaves within \(degrees(theta, tol)) of \(direction)"
    }

    /// ": f falls from 0.42 to 0.17" when f moved the wrong way over the step, else "".
    static func change(_ step: StepJudgement, mode: TrajectoryProblem.Mode) -> String {
        guard step.valueMovedWrongWay(mode) else { return "" }
        let verb = mode == .ascent ? "falls" : "rises"
        return ": f \(verb) from \(Format.number(step.valueBefore, digits: 3)) to \(Format.number(step.valueAfter, digits: 3))"
    }

    /// A fixed α given by the file that `step` does not fit.
    static func fixedRateMismatch(_ step: StepJudgement, alpha: Double, tolerance: Double) -> String {
        let rate = step.learningRate ?? .nan
        return "step \(step.index) has length \(Format.number(step.length, digits: 3)) where "
            + "α|∇f| = \(Format.number(alpha)) × \(Format.number(step.gradient.length, digits: 3)) = "
            + "\(Format.number(alpha * step.gradient.length, digits: 3)): it needs α = \(Format.number(rate, digits: 3)), "
            + "not the fixed \(Format.number(alpha)) (step-tolerance \(percent(tolerance)))"
    }

    /// Learning rates that no single fixed α explains.
    static func fittedRateMismatch(_ fit: LearningRateFit, tolerance: Double) -> String {
        "the step sizes cannot come from one fixed learning rate: |step| / |∇f| ranges from "
            + "\(Format.number(fit.smallest, digits: 3)) (step \(fit.smallestStep)) to "
            + "\(Format.number(fit.largest, digits: 3)) (step \(fit.largestStep)), a \(Format.number(fit.spread, digits: 3))× spread; "
            + "one rate explains at most \(Format.number(fit.allowedSpread, digits: 3))× (step-tolerance \(percent(tolerance)))"
    }

    /// "steps 1, 2 and 4 of 5", "step 3 of 5", "all 4 steps".
    static func stepList(_ steps: [Int], of total: Int) -> String {
        if steps.count == total && total == 2 { return "both steps" }
        if steps.count == total && total > 2 { return "all \(total) steps" }
        let names = steps.map(String.init)
        let list = names.count <= 1 ? names.joined()
            : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return "\(steps.count == 1 ? "step" : "steps") \(list) of \(total)"
    }

    /// An angle in whole degrees, with one decimal when whole degrees would
    /// hide which side of the tolerance it is on (20.4° against 20°).
    static func degrees(_ value: Double, _ tolerance: Double? = nil) -> String {
        let whole = value.rounded()
        if let tolerance, whole == tolerance.rounded(), value != tolerance {
            return Format.number((value * 10).rounded() / 10, digits: 6) + "°"
        }
        return Format.number(whole) + "°"
    }

    static func percent(_ fraction: Double) -> String { Format.number(fraction * 100) + "%" }
}
