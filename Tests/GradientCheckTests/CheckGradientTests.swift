import Foundation
import Testing
@testable import GradientCheck

struct CheckGradientTests {
    static func f(_ p: [Double]) -> Double { p[0] * p[0] * p[1] + sin(p[1]) }

    @Test func aWrongComponentIsNamedWithPointAndSize() {
        // The second component forgets cos(y).
        let result = checkGradient(of: Self.f, gradient: { p in [2 * p[0] * p[1], p[0] * p[0]] }, at: [[1.5, -0.3]])
        #expect(!result.passed)
        let failure = try! #require(result.failures.first)
        #expect(result.failures.count == 1)
        #expect(failure.index == 1)
        #expect(failure.point == [1.5, -0.3])
        #expect(abs(failure.difference - cos(-0.3)) < 1e-9)
        #expect(failure.estimate.errorEstimate < 1e-9)
        let text = "\(result)"
        #expect(text.contains("gradient check FAILED"))
        #expect(text.contains("∂f/∂p[1] at point 1 [1.5, -0.3]: claimed 2.25"))
    }

    @Test(arguments: FiniteDifferenceMethodName.all)
    func everyRealMethodAcceptsTheRightGradient(method: FiniteDifferenceMethodName) {
        let result = checkGradient(of: Self.f, gradient: { p in [2 * p[0] * p[1], p[0] * p[0] + cos(p[1])] },
                                   randomPoints: 50, dimension: 2, in: -5...5, seed: 1, method: method.method)
        #expect(result.passed, "\(result)")
        #expect(result.components.count == 100)
    }

    @Test func randomPointsAreReproducible() {
        var seen: [[Double]] = []
        _ = checkGradient(of: { p in seen.append(p); return p[0] }, gradient: { _ in [1] }, randomPoints: 3, dimension: 1, seed: 9, method: .central)
        var again: [[Double]] = []
        _ = checkGradient(of: { p in again.append(p); return p[0] }, gradient: { _ in [1] }, randomPoints: 3, dimension: 1, seed: 9, method: .central)
        #expect(seen == again)
    }

    @Test func aGradientOfTheWrongLengthFails() {
        let result = checkGradient(of: Self.f, gradient: { _ in [1] }, at: [[1, 2]])
        #expect(!result.passed)
        #expect(result.problems == ["at point 1 [1.0, 2.0]: the gradient has 1 components, the point 2"])
    }
}

import FiniteDifferences

/// The real methods, as test arguments.
struct FiniteDifferenceMethodName: CustomStringConvertible, Sendable {
    let method: FiniteDifferenceMethod
    var description: String { method.name }
    static let all = FiniteDifferenceMethod.realMethods.map(FiniteDifferenceMethodName.init)
}
