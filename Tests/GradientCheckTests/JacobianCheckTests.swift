import Foundation
import Testing
import FiniteDifferences
@testable import GradientCheck

/// f(x, y, z) = (x y, sin x + z², exp(y z) / 3): a 3 → 3 function with a known Jacobian.
struct JacobianCheckTests {
    static func f(_ p: [Double]) -> [Double] { [p[0] * p[1], sin(p[0]) + p[2] * p[2], exp(p[1] * p[2]) / 3] }
    static func jacobian(_ p: [Double]) -> [[Double]] {
        let e = exp(p[1] * p[2]) / 3
        return [[p[1], p[0], 0], [cos(p[0]), 0, 2 * p[2]], [0, p[2] * e, p[1] * e]]
    }
    static func jvp(_ p: [Double], _ u: [Double]) -> [Double] {
        jacobian(p).map { row in zip(row, u).reduce(0) { $0 + $1.0 * $1.1 } }
    }
    static func vjp(_ p: [Double], _ v: [Double]) -> [Double] {
        let j = jacobian(p)
        return (0..<3).map { c in (0..<3).reduce(0) { $0 + v[$1] * j[$1][c] } }
    }
    static let points = randomPoints(100, dimension: 3, in: -1.5...1.5, seed: 3)

    @Test func theRightJacobianAndProductsPassAtManyRandomPoints() {
        let claim = JacobianClaim<Double>(jacobian: Self.jacobian, jvp: Self.jvp, vjp: Self.vjp)
        let full = checkJacobian(of: Self.f, claim: claim, at: Self.points, mode: .full)
        #expect(full.passed, "\(full)")
        #expect(full.components.count == 100 * 9 * 3)  // 100 points × 9 entries × 3 claims
        let fast = checkJacobian(of: Self.f, claim: claim, at: Self.points, mode: .fast(directions: 3, seed: 5))
        #expect(fast.passed, "\(fast)")
        #expect(fast.projections.count == 100 * 3 * 3)
    }

    @Test func aWrongJacobianEntryIsReportedWithRowColumnAndPoint() {
        // ∂f[2]/∂z loses its factor y.
        let wrong: ([Double]) -> [[Double]] = { p in
            var j = Self.jacobian(p)
            j[2][2] = exp(p[1] * p[2]) / 3
            return j
        }
        let result = checkJacobian(of: Self.f, claim: .jacobian(wrong), at: [[0.5, -1.2, 0.7]], mode: .full)
        #expect(!result.passed)
        #expect(result.failures.count == 1)
        let failure = try! #require(result.failures.first)
        #expect(failure.row == 2 && failure.column == 2 && failure.point == [0.5, -1.2, 0.7] && failure.source == "jacobian")
        #expect("\(result)".contains("∂f[2]/∂p[2] at point 1 [0.5, -1.2, 0.7]: claimed"))
    }

    @Test func fastModeNarrowsAWrongVJPDownToItsEntry() {
        // The VJP's second component forgets v[2]'s term z e: only entry (2, 1) is wrong.
        let wrongVJP: ([Double], [Double]) -> [Double] = { p, v in
            var r = Self.vjp(p, v)
            r[1] -= v[2] * Self.jacobian(p)[2][1]
            return r
        }
        let result = checkJacobian(of: Self.f, claim: .products(jvp: Self.jvp, vjp: wrongVJP), at: [[0.5, -1.2, 0.7]],
                                   mode: .fast(directions: 2, seed: 11))
        #expect(!result.passed)
        #expect(!result.failingProjections.isEmpty)
        #expect(result.failingProjections.allSatisfy { $0.source == "vjp" })
        #expect(result.failures.map { [$0.row, $0.column] } == [[2, 1]])
        #expect(result.mode == "fast, 2 directions per point, seed 11")
    }

    @Test func aClaimOfTheWrongShapeIsAProblem() {
        let result = checkJacobian(of: Self.f, claim: .jacobian { _ in [[1, 2, 3]] }, at: [[1, 2, 3]])
        #expect(!result.passed)
        #expect(result.problems == ["at point 1 [1.0, 2.0, 3.0]: the jacobian has shape 1×3, f has 3 outputs and 3 inputs"])
    }

    @Test func theDescriptionStartsAtTheCallersLine() {
        let line = #line + 1
        let result = checkJacobian(of: Self.f, claim: .jacobian(Self.jacobian), at: [[1, 2, 0.5]])
        #expect(result.caller.line == line)
        #expect(result.caller.filePath == #filePath)
        #expect("\(result)".hasPrefix("GradientCheckTests/JacobianCheckTests.swift:\(line):"))
    }
}

struct CheckModeTests {
    @Test func fastModeWithoutDirectionsIsAProblemNotATrap() {
        let result = checkGradient(of: { p in p[0] }, gradient: { _ in [1] }, at: [[1]], mode: .fast(directions: -1))
        #expect(!result.passed)
        #expect(result.problems == ["fast mode needs at least one direction, not -1"])
    }

    @Test func automaticSwitchesToFastAboveTheStatedDimension() {
        let small = checkGradient(of: { p in p.reduce(0, +) }, gradient: { p in p.map { _ in 1 } },
                                  at: randomPoints(1, dimension: CheckMode.fastModeDimension))
        let large = checkGradient(of: { p in p.reduce(0, +) }, gradient: { p in p.map { _ in 1 } },
                                  at: randomPoints(1, dimension: CheckMode.fastModeDimension + 1))
        #expect(small.mode == "full" && small.passed)
        #expect(large.mode == "fast, 2 directions per point, seed 0" && large.passed)
    }
}
