import Foundation
import Testing
import FiniteDifferences
@testable import GradientCheck

/// f(x, y) = x² y + sin(y) x: second order.
struct HessianCheckTests {
    static func f(_ p: [Double]) -> Double { p[0] * p[0] * p[1] + sin(p[1]) * p[0] }
    static func gradient(_ p: [Double]) -> [Double] { [2 * p[0] * p[1] + sin(p[1]), p[0] * p[0] + cos(p[1]) * p[0]] }
    static func hessian(_ p: [Double]) -> [[Double]] {
        [[2 * p[1], 2 * p[0] + cos(p[1])], [2 * p[0] + cos(p[1]), -sin(p[1]) * p[0]]]
    }
    static func hvp(_ p: [Double], _ u: [Double]) -> [Double] { hessian(p).map { $0[0] * u[0] + $0[1] * u[1] } }
    static let points = randomPoints(100, dimension: 2, in: -3...3, seed: 8)

    @Test func theRightHessianAndHVPPassAtManyRandomPoints() {
        let result = checkHessian(of: Self.f, gradient: Self.gradient, hessian: Self.hessian, hvp: Self.hvp, at: Self.points)
        #expect(result.passed, "\(result)")
        #expect(result.components.filter { $0.source == "gradient" }.count == 200)
        #expect(result.components.filter { $0.source == "hessian" }.count == 400)
        #expect(result.components.filter { $0.source == "hvp" }.count == 800)  // as JVP and as VJP
    }

    @Test func aWrongHVPIsCaught() {
        // ∂²f/∂y² with the wrong sign.
        let wrong: ([Double], [Double]) -> [Double] = { p, u in
            let h = Self.hessian(p)
            return [h[0][0] * u[0] + h[0][1] * u[1], h[1][0] * u[0] - h[1][1] * u[1]]
        }
        let result = checkHessian(of: Self.f, gradient: Self.gradient, hvp: wrong, at: [[1.2, 0.8]])
        #expect(!result.passed)
        #expect(Set(result.failures.map { [$0.row, $0.column] }) == [[1, 1]])
        #expect("\(result)".contains("∂²f/∂p[1]∂p[1] at point 1 [1.2, 0.8]"))
    }

    @Test func anAsymmetricHVPFailsAsAVJP() {
        // Right as J u for u = e_0, but H[0][1] is claimed as 0: vᵀH ≠ (Hv)ᵀ.
        let lopsided: ([Double], [Double]) -> [Double] = { p, u in
            let h = Self.hessian(p)
            return [h[0][0] * u[0], h[1][0] * u[0] + h[1][1] * u[1]]
        }
        let result = checkHessian(of: Self.f, gradient: Self.gradient, hvp: lopsided, at: [[1.2, 0.8]])
        #expect(!result.passed)
        #expect(result.failures.contains { $0.row == 0 && $0.column == 1 })
    }

    @Test func aGradientThatIsNotTheDerivativeOfFFailsTheFirstOrderPart() {
        let result = checkHessian(of: Self.f, gradient: { p in [2 * p[0] * p[1], p[0] * p[0]] }, hvp: Self.hvp, at: [[1.2, 0.8]])
        #expect(!result.passed)
        #expect(result.failures.contains { $0.source == "gradient" })
    }
}
