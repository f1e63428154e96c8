import Foundation
import Testing
import NetworkModel
@testable import FiniteDifferences

/// The plan is what the estimators ask for, and replaying it changes no bit.
struct EvaluationPlanTests {
    static let values: [Double] = [0, 1e-9, -1e-9, 0.3, 1.5, -3, 7.25, 1e5, -2e-300, 1.7e308]

    /// Every request of the plain estimate, in order, is the plan's (Richardson:
    /// a prefix of it, the tableau may stop early), bit for bit, with and without a step.
    @Test(arguments: FiniteDifferenceMethod.realMethods)
    func theEstimatorAsksForThePlannedArguments(method: FiniteDifferenceMethod) {
        for x in Self.values {
            for step in [nil, 1e-3, 0.25] as [Double?] {
                for f in [{ (t: Double) in sin(t) }, { (t: Double) in t * t * t }, { (t: Double) in 1 / (1 + exp(-64 * t)) }] {
                    var requests: [Double] = []
                    _ = FiniteDifference.estimate(method, of: { requests.append($0); return f($0) }, at: x, step: step)
                    let plan = EvaluationPlan.arguments(method, at: x, step: step)
                    #expect(plan.count == EvaluationPlan.count(method))
                    #expect(plan.indices.allSatisfy {
                        EvaluationPlan.argument(method, index: $0, at: x, step: step).bitPattern == plan[$0].bitPattern
                    })
                    if method == .richardson {
                        #expect(requests.count <= plan.count && requests.count >= 13, "\(method.name) x \(x)")
                    } else {
                        #expect(requests.count == plan.count, "\(method.name) x \(x)")
                    }
                    #expect(zip(requests, plan).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(method.name) x \(x) step \(String(describing: step))")
                }
            }
        }
    }

    /// Central at 1 with h = 2^-18: `D(h)`, `D(2h)`, `D(4h)`, `D(h/2)`, then the noise grid's new points.
    @Test func aStencilsPlanInOrder() {
        let h = FiniteDifference.step(for: .central, at: 1)
        #expect(h == 0x1p-18)
        let plan = EvaluationPlan.arguments(.central, at: 1)
        let offsets: [Double] = [-1, 1, -2, 2, -4, 4, -0.5, 0.5, -1.5, 0, 1.5]
        #expect(plan == offsets.map { $0 == 0 ? 1 : 1 + $0 * h })
        #expect(EvaluationPlan.arguments(.richardson, at: 1).count == 9 + 2 * Richardson.maximumRows)
    }

    /// On every bundled network at random points, and at relu's kink, the estimate
    /// from replayed values equals the direct one bit for bit; a smooth network
    /// needs no fallback evaluation, the kink's one-sided steps do.
    @Test(arguments: FiniteDifferenceMethod.realMethods)
    func replayingThePlanChangesNoBit(method: FiniteDifferenceMethod) throws {
        var kinkFallbacks = 0
        for name in Fixtures.all {
            let network = try Fixtures.load(name)
            var points = Fixtures.randomPoints(network, count: 6, seed: 11)
            if name == "q2-relu.net" { points.append([1.5, 1, 0, -0.7]) }
            for point in points {
                for variable in network.parameters {
                    let f = LossFunction(network, variable: variable, at: point)!
                    let arguments = EvaluationPlan.arguments(method, at: f.x)
                    let replay = LossReplay(arguments: arguments, values: arguments.map(f.callAsFunction),
                                            fallback: f.callAsFunction)
                    let replayed = KinkAwareEstimator.estimate(method, f, values: replay.callAsFunction)
                    let direct = KinkAwareEstimator.estimate(method, f)
                    #expect(String(reflecting: replayed) == String(reflecting: direct), "\(name) \(variable) \(point)")
                    if Fixtures.smooth.contains(name) { #expect(replay.fallbacks == 0, "\(name) \(variable) \(point)") }
                    if name == "q2-relu.net", point == [1.5, 1, 0, -0.7], variable == "w1" { kinkFallbacks = replay.fallbacks }
                }
            }
        }
        #expect(kinkFallbacks > 0)
    }
}
