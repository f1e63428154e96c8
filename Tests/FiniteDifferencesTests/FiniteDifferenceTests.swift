import Foundation
import Testing
@testable import FiniteDifferences

/// Each real method on a table of functions with known derivatives: the
/// estimate is within its own error estimate and within the method's
/// typical accuracy (relative, for derivatives of order 1).
struct FiniteDifferenceTests {
    struct Row: CustomStringConvertible, Sendable {
        let name: String
        let f: @Sendable (Double) -> Double
        let derivative: @Sendable (Double) -> Double
        let x: Double
        var description: String { "\(name) at \(x)" }
    }

    static let rows: [Row] = [
        Row(name: "sin", f: { sin($0) }, derivative: { cos($0) }, x: 1),
        Row(name: "exp", f: { exp($0) }, derivative: { exp($0) }, x: 0.5),
        Row(name: "log", f: { log($0) }, derivative: { 1 / $0 }, x: 2),
        Row(name: "cube", f: { $0 * $0 * $0 }, derivative: { 3 * $0 * $0 }, x: -1.5),
        Row(name: "reciprocal", f: { 1 / $0 }, derivative: { -1 / ($0 * $0) }, x: 3),
        Row(name: "atan at large x", f: { atan($0) }, derivative: { 1 / (1 + $0 * $0) }, x: 40),
        Row(name: "sigmoid", f: { 1 / (1 + exp(-$0)) }, derivative: { let s = 1 / (1 + exp(-$0)); return s * (1 - s) }, x: -0.7),
    ]

    /// Relative accuracy each method reaches on these rows (measured worst, with a margin of ~10).
    static let accuracy: [FiniteDifferenceMethod: Double] = [
        .forward: 1e-6, .backward: 1e-6, .central: 1e-9, .fivePoint: 1e-11, .richardson: 1e-12,
    ]

    @Test(arguments: rows, FiniteDifferenceMethod.realMethods)
    func estimateIsWithinItsErrorEstimate(row: Row, method: FiniteDifferenceMethod) {
        let e = FiniteDifference.estimate(method, of: row.f, at: row.x)
        let exact = row.derivative(row.x)
        let error = abs(e.value - exact)
        #expect(error <= e.errorEstimate, "\(method.name) \(row): error \(error) > estimate \(e.errorEstimate)")
        #expect(error <= Self.accuracy[method]! * max(1, abs(exact)), "\(method.name) \(row): error \(error)")
        #expect(e.errorEstimate <= 100 * Self.accuracy[method]! * max(1, abs(exact)), "estimate \(e.errorEstimate) is uselessly loose")
    }

    @Test func centralDifferenceOfSinAtOneMatchesTheTextbookFigure() {
        // FiniteDifferences.jl's docs: central_fdm(5, 1)(sin, 1) - cos(1) ≈ 2.1e-14;
        // our second-order central difference with h = 2^-17 is good to ~1e-11.
        let e = FiniteDifference.estimate(.central, of: sin, at: 1)
        #expect(abs(e.value - cos(1)) < 1e-10)
        #expect(e.step == 0x1p-18)
    }

    @Test func aCallersStepIsUsedAsTheRepresentableStep() {
        let e = FiniteDifference.estimate(.forward, of: { $0 * $0 }, at: 1, step: 0.1)
        #expect(e.step == (1 + 0.1) - 1)
        #expect(abs(e.value - (2 + e.step)) < 1e-14)  // (x+h)² - x² over h = 2x + h exactly
    }

    @Test func nonFiniteValuesGiveAnInfiniteErrorEstimate() {
        let e = FiniteDifference.estimate(.central, of: { log($0) }, at: 0)
        #expect(e.errorEstimate == .infinity)
    }
}
