import Foundation
import Testing
import AnalyticGradients
import NetworkModel
@testable import FiniteDifferences

/// relu at 0: one-sided derivatives; a kink within the step: the point's own side.
struct KinkAwareEstimatorTests {
    /// At w1 = 0 (z1 = x w1 = 0 with x = 1.5) the loss has a kink in w1:
    /// left derivative 0 (relu flat), right derivative the closed form with relu' = 1.
    @Test(arguments: FiniteDifferenceMethod.realMethods)
    func reluAtZeroGivesOneSidedDerivatives(method: FiniteDifferenceMethod) throws {
        let network = try Fixtures.load("q2-relu.net")
        let point = [1.5, 1, 0, -0.7]
        let f = LossFunction(network, variable: "w1", at: point)!
        guard case .kink(let left, let right) = KinkAwareEstimator.estimate(method, f) else {
            Issue.record("\(method.name): expected a kink, got \(KinkAwareEstimator.estimate(method, f))")
            return
        }
        let values = network.forward(point)
        let a2 = values[network.slot(of: "a2")!]
        let rightExact = (a2 - 1) * a2 * (1 - a2) * -0.7 * 1.5  // relu'(0+) = 1
        #expect(abs(left.value) <= left.errorEstimate, "left \(left.value) ± \(left.errorEstimate)")
        #expect(abs(right.value - rightExact) <= right.errorEstimate, "right \(right.value) vs \(rightExact)")
        #expect(abs(right.value - rightExact) < 1e-9)
    }

    /// Near the largest Double, x + h overflows: every method still returns
    /// (Richardson's search for a step clear of the kink used to loop forever
    /// on an infinite step).
    @Test(arguments: FiniteDifferenceMethod.realMethods)
    func overflowingStencilsTerminate(method: FiniteDifferenceMethod) throws {
        let network = try Fixtures.load("q2-relu.net")
        let f = LossFunction(network, variable: "w1", at: [1.7e308, 1, 1.7e308, 1])!
        let estimate = KinkAwareEstimator.estimate(method, f)
        if let e = estimate.estimate { #expect(e.step.isFinite) }
    }

    /// Just right of the kink (z1 = 1.5e-9): differentiable, estimated from the right only.
    @Test func nearAKinkTheEstimateComesFromThePointsOwnSide() throws {
        let network = try Fixtures.load("q2-relu.net")
        let point = [1.5, 1, 1e-9, -0.7]
        let f = LossFunction(network, variable: "w1", at: point)!
        let result = KinkAwareEstimator.estimate(.central, f)
        guard case .oneSided(let e, side: .right) = result else {
            Issue.record("expected a right-sided estimate, got \(result) at step \(FiniteDifference.step(for: .central, at: 1e-9))")
            return
        }
        let exact = ReverseMode.gradient(of: network, at: point)[0]
        #expect(abs(e.value - exact) <= e.errorEstimate)
        #expect(abs(e.value - exact) < 1e-9)
    }

    /// x = 0 makes z1 = 0 whatever w1 is: relu's argument does not move with w1, no kink.
    @Test func aKinkThatDoesNotMoveWithTheVariableIsNoKink() throws {
        let network = try Fixtures.load("q2-relu.net")
        let f = LossFunction(network, variable: "w1", at: [0, 1, 0.3, -0.7])!
        guard case .smooth(let e) = KinkAwareEstimator.estimate(.central, f) else {
            Issue.record("expected a smooth estimate")
            return
        }
        #expect(e.value == 0)
    }

    /// Richardson shrinks its first step rather than go one-sided.
    @Test func richardsonShrinksItsStepAwayFromANearbyKink() throws {
        let network = try Fixtures.load("q2-relu.net")
        let point = [1.5, 1, 0.01, -0.7]  // kink at w1 = 0, inside h0 = 0.1
        let f = LossFunction(network, variable: "w1", at: point)!
        guard case .smooth(let e) = KinkAwareEstimator.estimate(.richardson, f) else {
            Issue.record("expected a smooth Richardson estimate")
            return
        }
        let exact = ReverseMode.gradient(of: network, at: point)[0]
        #expect(abs(e.value - exact) < 1e-11 * abs(exact))
    }

    @Test func absAtZeroIsAKinkWithSlopesMinusOneAndOne() throws {
        let network = try NetworkParser.parse("param w\nloss L = abs(w)", file: "abs.net")
        let f = LossFunction(network, variable: "w", at: [0])!
        guard case .kink(let left, let right) = KinkAwareEstimator.estimate(.central, f) else {
            Issue.record("expected a kink")
            return
        }
        #expect(left.value == -1)
        #expect(right.value == 1)
    }
}
