import Foundation
import Testing
@testable import Trajectories

/// The exam's six paths get the exam's six verdicts, for the exam's reasons.
@Suite struct ExamPathsTests {
    let verdict: TrajectoryVerdict

    init() throws { verdict = try Fixtures.verdict("exam-paths.txt") }

    @Test("A: every step along the gradient, uphill to the maximum")
    func pathA() throws {
        let a = try #require(verdict.path("A"))
        #expect(a.feasible && a.reasons.isEmpty)
        #expect(a.explanation == "every step leaves within 6° of ∇f (tolerance 20°); f rises from 0.0903 to 0.99 over 5 steps")
        #expect(a.steps.allSatisfy { ($0.angle ?? 180) <= 6.5 })
    }

    @Test("B: a high learning rate overshoots and zigzags, yet every step starts along the gradient")
    func pathB() throws {
        let b = try #require(verdict.path("B"))
        #expect(b.feasible)
        // f falls over steps 3-7: the criterion is the direction at each start, not a rising f.
        #expect(b.steps.filter { $0.valueAfter < $0.valueBefore }.map(\.index) == [3, 4, 5, 6, 7])
        #expect(b.steps.allSatisfy { ($0.angle ?? 180) <= 4 })
        // One learning rate, 0.6, made every step (to the 3-decimal rounding of the points).
        #expect(b.steps.allSatisfy { abs(($0.learningRate ?? 0) - 0.6) < 0.002 })
        #expect(b.notes.contains { $0.hasPrefix("steps 3, 4, 5, 6 and 7 of 7 overshoot") })
        #expect(b.notes.contains { $0.hasPrefix("it zigzags: the direction turns by more than 90° at 6 of 6 turns") })
    }

    @Test("C: goes downhill, toward the minimum (along −∇f: gradient descent)")
    func pathC() throws {
        let c = try #require(verdict.path("C"))
        #expect(!c.feasible)
        #expect(c.reasons.map(\.code) == ["downhill"])
        #expect(c.reasons[0].steps == [1, 2, 3, 4, 5])
        #expect(c.explanation == "step 1 goes downhill: f falls from -0.0469 to -0.141, so it heads toward a minimum: "
            + "it leaves along −∇f (179° from ∇f), which is a gradient descent step")
    }

    @Test("D: its steps are not perpendicular to the contour lines")
    func pathD() throws {
        let d = try #require(verdict.path("D"))
        #expect(d.reasons.map(\.code) == ["not-perpendicular"])
        #expect(d.explanation == "step 1 makes 55° with the gradient ∇f, so it does not leave perpendicular "
            + "to the contour line (tolerance 20°)")
        // Every step is uphill; the offence is the direction alone. Well outside the tolerance:
        #expect(d.steps.allSatisfy { $0.valueAfter > $0.valueBefore })
        #expect(d.steps.compactMap(\.contourDeviation).min()! > 44)
    }

    @Test("E: starts toward the minimum, then climbs")
    func pathE() throws {
        let e = try #require(verdict.path("E"))
        #expect(e.reasons.map(\.code) == ["downhill"])
        #expect(e.reasons[0].steps == [1])
        #expect(e.explanation.hasPrefix("step 1 goes downhill: f falls from 0.148 to -0.126, so it heads toward a minimum"))
        #expect(e.steps.dropFirst().allSatisfy { $0.issues.isEmpty })
    }

    @Test("F: toward the minimum and not perpendicular")
    func pathF() throws {
        let f = try #require(verdict.path("F"))
        #expect(f.reasons.map(\.code) == ["downhill", "not-perpendicular"])
        #expect(f.explanation == "step 1 goes downhill, toward a minimum: f falls from -0.0672 to -0.137, and it does "
            + "not leave perpendicular to the contour line either: it makes 140° with the gradient ∇f, 40° off the "
            + "contour's normal (tolerance 20°)")
        #expect(f.steps.compactMap(\.contourDeviation).min()! > 39)
    }

    @Test("the file's expect lines all agree")
    func expectations() {
        #expect(verdict.expectations.count == 6)
        #expect(verdict.mismatches.isEmpty)
        #expect(verdict.paths.filter(\.feasible).map(\.name) == ["A", "B"])
    }
}

@Suite struct DescentAndSaddleTests {
    @Test("descent with one fitted learning rate")
    func descent() throws {
        let v = try Fixtures.verdict("descent.txt")
        #expect(v.mismatches.isEmpty)
        let gd = try #require(v.path("gd"))
        let fit = try #require(gd.learningRateFit)
        #expect(abs(fit.fitted - 0.15) < 1e-3 && fit.spread < 1.002)
        let search = try #require(v.path("linesearch"))
        #expect(search.reasons.map(\.code) == ["step-size"])
        #expect(search.explanation == "the step sizes cannot come from one fixed learning rate: |step| / |∇f| ranges "
            + "from 0.08 (step 1) to 0.3 (step 4), a 3.75× spread; one rate explains at most 1.56× (step-tolerance 25%)")
        #expect(try #require(v.path("newton")).reasons.map(\.code) == ["not-perpendicular"])
        let climb = try #require(v.path("climb"))
        #expect(climb.explanation.hasPrefix("step 1 goes uphill: f rises from 1.89 to 3.2, so it heads away from the minimum"))
    }

    @Test("saddle: sliding in is feasible, leaving from the stationary point is not")
    func saddle() throws {
        let v = try Fixtures.verdict("saddle.txt")
        #expect(v.mismatches.isEmpty)
        #expect(try #require(v.path("stuck")).feasible)
        #expect(try #require(v.path("escape")).feasible)
        let through = try #require(v.path("through"))
        #expect(through.reasons.map(\.code) == ["stationary-start"])
        #expect(through.explanation == "step 3 starts at a stationary point of f: ∇f(0, 0) = (0, 0) is zero, "
            + "so gradient ascent cannot move from there")
        #expect(try #require(v.path("across")).reasons.map(\.code) == ["downhill"])
    }
}

/// The rule on single steps, on f = x (∇f = (1, 0) everywhere).
@Suite struct StepRuleTests {
    static func judge(_ to: Vector2, mode: String = "ascent") throws -> PathJudgement {
        try Fixtures.judge("function x\nmode \(mode)\npath P: (0, 0) \(String(format: "(%.17g, %.17g)", to.x, to.y))\n").paths[0]
    }

    @Test("angle bands for ascent", arguments: [
        // (direction in degrees from ∇f, expected codes)
        (0.0, [String]()), (19.0, []), (21.0, ["not-perpendicular"]), (89.0, ["not-perpendicular"]),
        (109.0, ["not-perpendicular"]), (111.0, ["downhill", "not-perpendicular"]),
        (159.0, ["downhill", "not-perpendicular"]), (161.0, ["downhill"]), (180.0, ["downhill"]),
    ])
    func bands(degrees: Double, codes: [String]) throws {
        let phi = degrees * .pi / 180
        let path = try Self.judge(Vector2(cos(phi), sin(phi)))
        #expect(path.reasons.map(\.code) == codes)
        #expect(abs(path.steps[0].angle! - degrees) < 1e-12)
    }

    @Test("descent measures angles from −∇f")
    func descent() throws {
        #expect(try Self.judge(Vector2(-1, 0), mode: "descent").feasible)
        #expect(try Self.judge(Vector2(1, 0), mode: "descent").reasons.map(\.code) == ["uphill"])
    }

    @Test("a step along the contour line is called that")
    func alongContour() throws {
        let path = try Self.judge(Vector2(0, 1))
        #expect(path.explanation == "step 1 runs along the contour line instead of across it: it makes 90° with the "
            + "gradient ∇f, so it does not leave perpendicular to the contour line (tolerance 20°)")
    }

    @Test("angles near the tolerance are shown with a decimal")
    func nearTolerance() throws {
        let phi = 20.4 * Double.pi / 180
        let path = try Self.judge(Vector2(cos(phi), sin(phi)))
        #expect(path.explanation.hasPrefix("step 1 makes 20.4° with the gradient ∇f"))
    }

    @Test("a given fixed learning rate: each step must fit it")
    func fixedRate() throws {
        // f = x^2 + y^2, ∇f = (2x, 2y); descent with α = 0.25 halves the point each step.
        let good = try Fixtures.judge("function x^2 + y^2\nmode descent\nstep 0.25\npath P: (2, 0) (1, 0) (0.5, 0)\n")
        #expect(good.paths[0].feasible)
        let bad = try Fixtures.judge("function x^2 + y^2\nmode descent\nstep 0.25\npath P: (2, 0) (1, 0) (0.1, 0)\n")
        #expect(bad.paths[0].reasons.map(\.code) == ["step-size"])
        #expect(bad.paths[0].explanation == "step 2 has length 0.9 where α|∇f| = 0.25 × 2 = 0.5: it needs α = 0.45, "
            + "not the fixed 0.25 (step-tolerance 25%)")
    }

    @Test("an expect line with the wrong reasons is a mismatch")
    func reasonMismatch() throws {
        let v = try Fixtures.judge("function x\npath P: (0, 0) (-1, 0)\nexpect P infeasible: not-perpendicular\n")
        #expect(v.mismatches.map(\.message) == [
            "path P: expected infeasible (not-perpendicular), judged infeasible (downhill)"])
    }
}
