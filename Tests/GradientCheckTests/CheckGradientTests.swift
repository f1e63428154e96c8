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

/// Issue 12 item 5: nothing to check, or a function that is not finite, never passes.
struct CheckGradientRefusalTests {
    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func aFunctionThatIsNotFiniteFails(value: Double) {
        let result = checkGradient(of: { _ in value }, gradient: { _ in [0, 0] }, at: [[1, 2]])
        #expect(!result.passed)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.contains("at point 1 [1.0, 2.0]: f is not finite") == true)
    }

    @Test func aFunctionNotFiniteNearThePointFails() {
        // Finite at the point, NaN on one side of it: no finite difference is possible.
        let result = checkGradient(of: { p in p[0] > 1 ? .nan : p[0] }, gradient: { _ in [1] }, at: [[1]])
        #expect(!result.passed)
        #expect(result.problems.first?.contains("f is not finite within the finite-difference step of p[0]") == true)
    }

    @Test func noPointsFails() {
        let result = checkGradient(of: { p in p[0] }, gradient: { _ in [1] }, at: [])
        #expect(!result.passed)
        #expect(result.problems == ["no points to check"])
        #expect(!checkGradient(of: { p in p[0] }, gradient: { _ in [1] }, randomPoints: 0, dimension: 1).passed)
    }

    @Test func aZeroDimensionalPointChecksNothingAndFails() {
        let result = checkGradient(of: { _ in 1 }, gradient: { _ in [] }, at: [[]])
        #expect(!result.passed)
        #expect("\(result)".contains("nothing was checked"))
    }
}

/// Item 6: a failure can be recorded at the line that called the check (Swift Testing's `SourceLocation`).
struct CallerLocationTests {
    /// The README's helper: records a failing result at the check's call site.
    static func record(_ result: GradientCheckResult) {
        guard !result.passed else { return }
        Issue.record(Comment(rawValue: "\(result)"),
                     sourceLocation: SourceLocation(fileID: result.caller.fileID, filePath: result.caller.filePath,
                                                    line: result.caller.line, column: result.caller.column))
    }

    @Test func aFailureIsRecordedAtTheCallersLine() {
        let line = #line + 3
        withKnownIssue {
            // The check below is on `line`.
            Self.record(checkGradient(of: { p in p[0] * p[0] }, gradient: { _ in [0] }, at: [[1]]))
        } matching: { issue in
            issue.sourceLocation?.line == line && issue.sourceLocation?.fileName == "CheckGradientTests.swift"
                && "\(issue.comments)".contains("∂f/∂p[0] at point 1 [1.0]: claimed 0.0")
        }
    }
}
