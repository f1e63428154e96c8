import ComplexModule
import Foundation
import Testing
@testable import FiniteDifferences

/// When `|D(h) - D(2h)| / (2^p - 1)` may be trusted as the truncation error.
struct TruncationEstimateTests {
    /// `D(h) = 1 + c h^p`: the classic estimate, trusted, and exact.
    @Test(arguments: [1, 2, 4])
    func anAsymptoticSequenceIsTrusted(order p: Int) {
        let h = 1e-3, c = 3.0
        func d(_ s: Double) -> Double { 1 + c * Foundation.pow(s, Double(p)) }
        let t = TruncationEstimate.fromSuccessiveSteps((d(h), d(2 * h), d(4 * h)), rounding: (0, 0, 0), order: p)
        #expect(t.doubt == nil)
        #expect(abs(t.error - c * Foundation.pow(h, Double(p))) <= 1e-3 * c * Foundation.pow(h, Double(p)))
    }

    /// Differences within the rounding noise: nothing to see, trusted.
    @Test func differencesWithinTheNoiseAreTrusted() {
        let t = TruncationEstimate.fromSuccessiveSteps((1, 1 + 1e-15, 1 - 1e-15), rounding: (1e-14, 1e-14, 1e-14), order: 2)
        #expect(t.doubt == nil)
    }

    /// `D(h) ∝ 1/h` (two plateaus seen through a step far above the
    /// function's scale): the differences halve instead of shrinking by 4.
    @Test func aSequenceGrowingAsTheStepShrinksIsDoubted() {
        let t = TruncationEstimate.fromSuccessiveSteps((1 / 1e-6, 1 / 2e-6, 1 / 4e-6), rounding: (0, 0, 0), order: 2)
        #expect(t.doubt?.contains("shrink by a factor of 0.5") == true, "\(String(describing: t.doubt))")
    }

    /// An error that changes sign, and a first difference that vanishes by coincidence.
    @Test(arguments: [(1.0, 2.0, 1.0), (1.0, 1.0, 5.0)])
    func inconsistentDifferencesAreDoubted(a: Double, b: Double, c: Double) {
        #expect(TruncationEstimate.fromSuccessiveSteps((a, b, c), rounding: (1e-16, 1e-16, 1e-16), order: 2).doubt != nil)
    }

    /// A ratio a little below 2^p still counts, with the larger error it implies.
    @Test func aSlowerRatioWidensTheEstimate() {
        // d1 = 1, d2 = 3: ratio 3 (>= 4/√2), error d1 / (3 - 1) = 0.5 rather than 1/3.
        let t = TruncationEstimate.fromSuccessiveSteps((0, -1, -4), rounding: (0, 0, 0), order: 2)
        #expect(t.doubt == nil)
        #expect(t.error == 0.5)
    }

    @Test func nonFiniteValuesAreDoubted() {
        let t = TruncationEstimate.fromSuccessiveSteps((.nan, 1, 1), rounding: (0, 0, 0), order: 2)
        #expect(t.doubt != nil)
        #expect(t.error == .infinity)
    }

    /// The stencils carry the doubt: f varies on the scale 1e-9 around x, far below the steps.
    @Test(arguments: [FiniteDifferenceMethod.forward, .backward, .central, .fivePoint, .richardson])
    func aStepFarAboveTheFunctionsScaleIsDoubted(method: FiniteDifferenceMethod) {
        let e = FiniteDifference.estimate(method, of: { tanh(($0 - 0.3) * 1e9) }, at: 0.3)
        #expect(e.doubt != nil, "\(method.name): \(e.value) ± \(e.errorEstimate)")
    }

    /// A smooth function at the default steps: no doubt.
    @Test(arguments: [FiniteDifferenceMethod.forward, .backward, .central, .fivePoint, .richardson])
    func aSmoothFunctionIsTrusted(method: FiniteDifferenceMethod) {
        let e = FiniteDifference.estimate(method, of: { sin($0) }, at: 1)
        #expect(e.doubt == nil, "\(method.name): \(String(describing: e.doubt))")
        #expect(abs(e.value - cos(1)) <= e.errorEstimate)
    }

    @Test func complexStepWithAStepFarAboveTheScaleIsDoubted() {
        let e = ComplexStep.estimate(of: { z in Complex<Double>.exp(z * Complex(1e3, 0)) }, at: 0, step: 0.5)
        #expect(e.doubt != nil)
        #expect(ComplexStep.estimate(of: { z in Complex<Double>.exp(z) }, at: 0).doubt == nil)
    }
}
