import Foundation
import Testing
import FiniteDifferences
@testable import GradientCheck

/// Float32 code, checked with steps and tolerances from Float's epsilon.
struct FloatPrecisionTests {
    /// f(x, y, z) = sin(x) y + exp(z / 2) x² + log(1 + y²) z, in Float.
    static func f(_ p: [Float]) -> Float { sin(p[0]) * p[1] + exp(p[2] / 2) * p[0] * p[0] + log(1 + p[1] * p[1]) * p[2] }
    static func gradient(_ p: [Float]) -> [Float] {
        [cos(p[0]) * p[1] + 2 * exp(p[2] / 2) * p[0],
         sin(p[0]) + 2 * p[1] * p[2] / (1 + p[1] * p[1]),
         exp(p[2] / 2) * p[0] * p[0] / 2 + log(1 + p[1] * p[1])]
    }
    /// ∂f/∂x with the 2 of x² dropped.
    static func droppedFactor(_ p: [Float]) -> [Float] {
        var g = gradient(p)
        g[0] = cos(p[0]) * p[1] + exp(p[2] / 2) * p[0]
        return g
    }
    static let points = randomPoints(500, dimension: 3, in: -3...3, seed: 21).map { $0.map { Float($0) } }

    @Test(arguments: [FiniteDifferenceMethod.richardson, .central, .fivePoint])
    func noFalseAlarmOnCorrectFloatCode(method: FiniteDifferenceMethod) {
        let result = checkGradient(of: Self.f, gradient: Self.gradient, at: Self.points, method: method)
        #expect(result.failures.isEmpty, "\(result)")
        #expect(result.passed)
        #expect(result.components.count == 1500)
        #expect(result.tolerance == .default(for: Float.self))
    }

    @Test func aDroppedFactorIsCaughtWhereverItMatters() {
        let result = checkGradient(of: Self.f, gradient: Self.droppedFactor, at: Self.points)
        // The error is exp(z/2) x², missed only where that is within the tolerance.
        let matters = Self.points.indices.filter { i in
            let p = Self.points[i].map { Double($0) }
            let g = Double(Self.gradient(Self.points[i])[0])
            return exp(p[2] / 2) * abs(p[0]) > 2 * (result.tolerance.atol + result.tolerance.rtol * abs(g))
        }
        #expect(matters.count > 450)
        let caught = Set(result.failures.filter { $0.index == 0 }.map(\.pointIndex))
        #expect(Set(matters).isSubset(of: caught))
        #expect(result.failures.allSatisfy { $0.index == 0 })
    }

    @Test func doubleTolerancesWouldRaiseFalseAlarmsOnFloatCode() {
        // Why the tolerance follows the type: Double's rtol 1e-5 is below Float's central-difference accuracy.
        let result = checkGradient(of: Self.f, gradient: Self.gradient, at: Self.points, method: .central,
                                   tolerance: Tolerance(widening: 0))
        #expect(!result.failures.isEmpty)
    }

    @Test func theFloatToleranceIsScaledFromEpsilon() {
        let t = Tolerance.default(for: Float.self)
        #expect(abs(t.rtol - 1e-5 * cbrt(Double(Float.ulpOfOne) / Double.ulpOfOne)) < 1e-12)
        #expect(Tolerance.default(for: Double.self) == .default)
    }
}
