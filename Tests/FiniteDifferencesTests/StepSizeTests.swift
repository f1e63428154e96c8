import Foundation
import Testing
@testable import FiniteDifferences

struct StepSizeTests {
    @Test func factorsArePowersOfEpsilon() {
        #expect(StepSize.firstOrder == Double.ulpOfOne.squareRoot())
        #expect(abs(StepSize.secondOrder - 6.055454e-6) < 1e-12)
        #expect(abs(StepSize.fourthOrder - 7.400960e-4) < 1e-9)
    }

    @Test(arguments: FiniteDifferenceMethod.allCases)
    func defaultStepsScaleWithTheVariable(method: FiniteDifferenceMethod) {
        #expect(method.defaultStep(at: 0.25) == method.defaultStep(at: 1))
        #expect(method.defaultStep(at: -300) == 300 * method.defaultStep(at: 1))
    }

    /// Stencil points `x + k h` are exact unless `x + kh` climbs into a
    /// binade with a coarser ulp than `x`'s (only when `|x| < 4h`); even then
    /// the point is off by less than one ulp of `kh`.
    @Test(arguments: [0.3, -7.25, 1e6, 1e-12])
    func roundedStepsArePowersOfTwoAndExact(x: Double) {
        for method in FiniteDifferenceMethod.realMethods where method != .richardson {
            let h = FiniteDifference.step(for: method, at: x)
            #expect(h.significand == 1, "\(method.name) step \(h) is not a power of two")
            #expect(h <= method.defaultStep(at: x) && h > method.defaultStep(at: x) / 2)
            for k in [-4.0, -2, -1, 1, 2, 4] {
                let taken = (x + k * h) - x
                if abs(x) >= 4 * h { #expect(taken == k * h) }
                #expect(abs(taken - k * h) <= (k * h).ulp)
            }
        }
    }

    @Test func representableStepIsTheStepTaken() {
        let x = 0.1, h = 1e-9
        let r = StepSize.representable(h, at: x)
        #expect(r != h)
        #expect((x + r) - x == r)
        #expect(StepSize.representable(1e-30, at: 1) == 1e-30)  // below half an ulp: unchanged, never 0
    }

    /// `x + h` overflows near the largest Double: the step stays finite
    /// (an infinite step made Richardson's step-halving loop run forever).
    @Test func representableStepNeverOverflows() {
        let x = 1.7e308, h = 0.1 * x
        #expect(StepSize.representable(h, at: x) == h)
        #expect(StepSize.representable(h, at: -x).isFinite)
        for method in FiniteDifferenceMethod.realMethods {
            #expect(FiniteDifference.step(for: method, at: x).isFinite, "\(method.name)")
        }
    }

    @Test func methodNamesMatchTheCommandLine() {
        #expect(FiniteDifferenceMethod.allCases.map(\.name)
            == ["forward", "backward", "central", "five-point", "richardson", "complex-step"])
        #expect(FiniteDifferenceMethod(name: "five-point") == .fivePoint)
        #expect(FiniteDifferenceMethod(name: "fivePoint") == nil)
    }
}
