import ComplexModule
import Foundation
import Testing
import NetworkModel
@testable import FiniteDifferences

/// Complex step through each analytic elementary function, against the
/// known derivative, to a few ulps; and its refusal of relu and abs.
struct ComplexStepTests {
    static let derivatives: [(ElementaryFunction, Double, Double)] = [
        // (f, x, f'(x)) computed in closed form
        (.exp, 0.7, exp(0.7)),
        (.log, 2.5, 1 / 2.5),
        (.sigmoid, -0.3, exp(-0.3) / ((1 + exp(-0.3)) * (1 + exp(-0.3)))),
        (.sigmoid, 40, exp(-40) / ((1 + exp(-40)) * (1 + exp(-40)))),    // saturated: ~4e-18, still exact
        (.sigmoid, -745, 0),                                             // underflows to 0 like the real one
        (.tanh, 0.4, 1 / (cosh(0.4) * cosh(0.4))),
        (.tanh, 30, 1 / (cosh(30) * cosh(30))),                          // ~3.5e-26: swift-numerics' tanh gives 0
        (.softplus, 1.3, 1 / (1 + exp(-1.3))),
        (.softplus, -50, exp(-50) / (1 + exp(-50))),
        (.sqrt, 3, 0.5 / sqrt(3)),
    ]

    @Test(arguments: 0..<derivatives.count)
    func complexStepIsExactToAFewUlps(row: Int) {
        let (f, x, exact) = Self.derivatives[row]
        let e = ComplexStep.estimate(of: { Complex<Double>.apply(f, to: $0) }, at: x)
        #expect(abs(e.value - exact) <= 4 * Double.ulpOfOne * abs(exact), "\(f)'(\(x)) = \(e.value), expected \(exact)")
        #expect(abs(e.value - exact) <= e.errorEstimate || exact == 0)
    }

    @Test(arguments: ElementaryFunction.allCases)
    func realPartIsTheRealFunctionBitwise(f: ElementaryFunction) {
        for x in [0.3, 2.0, 17.5] {
            let z = Complex<Double>.apply(f, to: Complex(x, 1e-20))
            #expect(z.real == Double.apply(f, to: x))
        }
    }

    @Test func logAndSqrtOfNegativeNumbersAreNaN() {
        #expect(Complex<Double>.apply(.log, to: Complex(-1, 1e-20)).imaginary.isNaN)
        #expect(Complex<Double>.apply(.sqrt, to: Complex(-1, 1e-20)).imaginary.isNaN)
    }

    /// A value the perturbed variable does not reach (imaginary part 0) is the
    /// real value, even when it overflowed: swift-numerics reads Complex(+inf, 0)
    /// as a NaN-valued point at infinity, and sigmoid of it came out 0, not 1.
    @Test(arguments: ElementaryFunction.allCases)
    func constantsAreTheRealValueEvenWhenInfinite(f: ElementaryFunction) {
        for x in [Double.infinity, -Double.infinity, 0.3, -2] {
            let z = Complex<Double>.apply(f, to: Complex(x, 0))
            let real = Double.apply(f, to: x)
            #expect(z.rawStorage.x == real || (z.rawStorage.x.isNaN && real.isNaN), "\(f)(\(x))")
            #expect(z.rawStorage.y == 0)
        }
    }

    /// x w1 overflows to +inf, so a1 = sigmoid(x w1) = 1 exactly and
    /// ∂Loss/∂w2 = (a2 - y) a2 (1 - a2) a1 is an ordinary number; complex step
    /// used to return 0 for it, with error estimate 0: a false mismatch.
    @Test func complexStepPastAnOverflowedNode() throws {
        let network = try Fixtures.load("q2.net")
        let point = [1.7e308, 1, 1.7e308, 1]  // x, y, w1, w2
        let f = LossFunction(network, variable: "w2", at: point)!
        let a2 = 1 / (1 + exp(-1.0))
        let exact = (a2 - 1) * a2 * (1 - a2)
        let e = ComplexStep.estimate(of: f.complex, at: f.x)
        #expect(abs(e.value - exact) <= 4 * Double.ulpOfOne * abs(exact), "\(e.value) vs \(exact)")
    }

    @Test func refusesAParameterThatReachesTheLossThroughRelu() throws {
        let network = try Fixtures.load("q2-relu.net")
        let reason = try #require(ComplexStep.refusal(for: "w1", in: network))
        #expect(reason.contains("relu(z1)"))
        #expect(reason.contains("q2-relu.net:9:1"))
        #expect(reason.contains("not analytic"))
        #expect(ComplexStep.refusal(for: "w2", in: network) == nil)  // w2 enters after the relu
        let point = [1.5, 1, 0.3, -0.7]
        let f = LossFunction(network, variable: "w1", at: point)!
        #expect(KinkAwareEstimator.estimate(.complexStep, f) == .unavailable(reason: reason))
    }

    @Test func networksWithoutKinksAreNeverRefused() throws {
        for file in Fixtures.smooth {
            let network = try Fixtures.load(file)
            for p in network.parameters { #expect(ComplexStep.refusal(for: p, in: network) == nil) }
        }
    }
}
