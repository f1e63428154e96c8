#if canImport(_Differentiation)
import _Differentiation
import Foundation
import Testing
import FiniteDifferences
@testable import GradientCheck

/// softplus with a hand-registered derivative: right, and with a wrong formula.
func softplus(_ x: Double) -> Double { log1p(exp(x)) }

@derivative(of: softplus)
func softplusVJP(_ x: Double) -> (value: Double, pullback: (Double) -> Double) {
    (softplus(x), { v in v / (1 + exp(-x)) })  // σ(x)
}

func badSoftplus(_ x: Double) -> Double { log1p(exp(x)) }

@derivative(of: badSoftplus)
func badSoftplusVJP(_ x: Double) -> (value: Double, pullback: (Double) -> Double) {
    (badSoftplus(x), { v in v / (1 + exp(x)) })  // σ(-x): the sign in the exponent is wrong
}

func cube(_ x: Float) -> Float { x * x * x }

@derivative(of: cube)
func cubeVJP(_ x: Float) -> (value: Float, pullback: (Float) -> Float) {
    (cube(x), { v in v * 3 * x * x })
}

struct DifferentiableCheckTests {
    static let points = randomPoints(100, dimension: 2, in: -3...3, seed: 12)

    @Test func aRightDerivativePassesAtManyRandomPoints() {
        let result = checkDerivatives(of: { (p: [Double]) -> Double in softplus(p[0]) * p[1] + sin(p[1]) }, at: Self.points)
        #expect(result.passed, "\(result)")
        #expect(result.components.count == 200)
        #expect(result.components.allSatisfy { $0.source == "pullback" })
    }

    @Test func aWrongDerivativeOfIsCaught() {
        let result = checkDerivatives(of: { (p: [Double]) -> Double in badSoftplus(p[0]) * p[1] + sin(p[1]) }, at: Self.points)
        #expect(!result.passed)
        // Only ∂/∂p[0] goes through the wrong pullback; it is wrong wherever σ(x) ≠ σ(-x) matters.
        #expect(result.failures.allSatisfy { $0.index == 0 })
        #expect(result.failures.count > 90)
    }

    @Test func vectorFunctionsAndFloatAreChecked() {
        let f: @differentiable(reverse) ([Float]) -> [Float] = { p in [cube(p[0]) * p[1], p[0] + p[1]] }
        let points = Self.points.map { $0.map { Float($0) } }
        let result = checkDerivatives(of: f, at: points)
        #expect(result.passed, "\(result)")
        #expect(result.components.count == 400)
    }
}
#endif
