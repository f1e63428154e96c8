import Foundation
import Testing
@testable import FiniteDifferences

struct StepSizeTests {
    @Test func factorsArePowersOfEpsilon() {
        #expect(StepSize.firstOrder == Double.ulpOfOne.squareRoot())
        #expect(abs(StepSize.secondOrder - 6.055454e-6) < 1e-12)
        #expect(abs(StepSize.fourthOrder - 7.400960e-4) < 1e-9)
    }

    /// A sweep's axis may hold ±inf or NaN: the step is then not finite (and is returned at once;
    /// halving an infinite step never ended, which hung `sweep --w2 1,inf`).
    @Test(arguments: FiniteDifferenceMethod.allCases)
    func nonFiniteVariablesGetANonFiniteStep(method: FiniteDifferenceMethod) {
        #expect(StepSize.step(for: method, at: .infinity) == .infinity)
        #expect(StepSize.step(for: method, at: -.infinity) == .infinity)
        #expect(StepSize.step(for: method, at: .nan) == method.defaultStep(at: .nan))  // the estimate at a NaN is NaN anyway
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

    /// The one step policy `check` and `sweep` share: at w = 0.3 central takes
    /// 2^-18 (the largest power of two <= cbrt(eps)).
    @Test func theStepPolicyIsAPowerOfTwoBelowTheDerivedStep() {
        #expect(StepSize.step(for: .central, at: 0.3) == 0x1p-18)
        #expect(StepSize.step(for: .central, at: 0.3) == FiniteDifference.step(for: .central, at: 0.3))
        for method in FiniteDifferenceMethod.allCases {
            for x in [0.0, 0.3, -7.25, 1e6, -1e300] {
                let h = StepSize.step(for: method, at: x)
                #expect(h.significand == 1 && h <= method.defaultStep(at: x) && h > method.defaultStep(at: x) / 2,
                        "\(method.name) at \(x): \(h)")
            }
        }
    }

    /// Near the largest Double the step shrinks so every stencil point is finite.
    @Test(arguments: FiniteDifferenceMethod.allCases)
    func stencilPointsStayFinite(method: FiniteDifferenceMethod) {
        for x in [Double.greatestFiniteMagnitude, -1.7e308, 1e308] {
            let h = StepSize.step(for: method, at: x)
            #expect(h > 0 && h.isFinite)
            #expect((abs(x) + StepSize.reach(of: method) * h).isFinite, "\(method.name) at \(x): \(h)")
        }
    }

    @Test func ordinaryStepsAreAccepted() {
        for method in FiniteDifferenceMethod.allCases {
            #expect(StepSize.refusal(0.5, for: method, at: 1) == nil)
            #expect(StepSize.refusal(1e-3, for: method, at: -20) == nil)
            #expect(StepSize.refusal(StepSize.step(for: method, at: 1e300), for: method, at: 1e300) == nil)
        }
        #expect(StepSize.refusal(1e-30, for: .complexStep, at: 1) == nil)
    }

    @Test(arguments: [
        (0.0, FiniteDifferenceMethod.central, 1.0, "a step must be a finite number > 0"),
        (-1e-3, .central, 1, "a step must be a finite number > 0"),
        (.infinity, .central, 1, "a step must be a finite number > 0"),
        (.nan, .complexStep, 1, "a step must be a finite number > 0"),
        (1e300, .complexStep, 1, "complex-step evaluates 4·h away from w"),
        (1e300, .central, 1, "central evaluates 4·h away from w, and 4·h >= 2^52·max(1, |w|), so w is lost in the rounding of w + 4·h"),
        (1e308, .fivePoint, 1e308, "five-point evaluates at w ± 8·h, which overflows"),
        (1e-10, .forward, 1e10, "the step is below half an ulp of w"),
        (1e-320, .complexStep, 1, "Im f(w + ih) would underflow"),
    ])
    func absurdStepsAreRefused(h: Double, method: FiniteDifferenceMethod, x: Double, message: String) {
        let reason = StepSize.refusal(h, for: method, at: x, variable: "w")
        #expect(reason?.hasPrefix(message) == true, "\(String(describing: reason))")
    }
}
