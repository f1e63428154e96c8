import _Differentiation
import Foundation
import Testing
import NetworkModel
@testable import AnalyticGradients

#if canImport(Glibc)
import Glibc
#endif

/// Swift's own automatic differentiation as an outside oracle: the exam's
/// loss written as a `@differentiable(reverse)` Swift function with Glibc's
/// `exp`, differentiated by the compiler, against ReverseMode and the closed form.
///
/// Reproduce: `swift test --disable-xctest --filter DifferentiationOracleTests`.
@Suite(.tags(.slow), .skippedWhenQuick)
struct DifferentiationOracleTests {
    /// `g(z) = 1/(1 + e^-z)`, as the exam writes it.
    @differentiable(reverse)
    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// `Loss = 1/2 (a2 - y*)²` with `z1 = x w1, a1 = g(z1), z2 = a1 w2, a2 = g(z2)`.
    @differentiable(reverse, wrt: (w1, w2))
    static func loss(w1: Double, w2: Double, x: Double, y: Double) -> Double {
        let a1 = sigmoid(x * w1)
        let a2 = sigmoid(a1 * w2)
        return 0.5 * (a2 - y) * (a2 - y)
    }

    static func oracle(_ p: [Double]) -> (w1: Double, w2: Double) {
        let (x, y) = (p[0], p[1])
        let g = gradient(at: p[2], p[3]) { w1, w2 in loss(w1: w1, w2: w2, x: x, y: y) }
        return (g.0, g.1)
    }

    static let network = try! NetworkParser.parse(ClosedForm.q2.source, file: "q2.net")

    static func points(_ range: ClosedRange<Double>, count: Int = 5000) -> [[Double]] {
        var rng = SplitMix64(seed: 2026)
        return (0..<count).map { _ in
            [Double.random(in: range, using: &rng), Double(rng.next() & 1),
             Double.random(in: range, using: &rng), Double.random(in: range, using: &rng)]
        }
    }

    struct Worst { var reverse = 0.0, closedForm = 0.0, compared = 0 }

    static func measure(_ range: ClosedRange<Double>) -> Worst {
        var worst = Worst()
        for p in points(range) {
            let o = oracle(p)
            let r = ReverseMode.gradient(of: network, at: p)
            let c = ClosedForm.q2.gradient(for: network, at: network.forward(p))
            for (i, exact) in [o.w1, o.w2].enumerated() where abs(exact) > 1e-290 {
                worst.compared += 1
                worst.reverse = max(worst.reverse, relativeError(r[i], exact))
                worst.closedForm = max(worst.closedForm, relativeError(c[i], exact))
            }
        }
        print("oracle \(range): worst relative error reverse \(worst.reverse), closed form \(worst.closedForm) over \(worst.compared) gradients")
        return worst
    }

    /// No sigmoid saturated (|z1| <= 4): all three agree to 1e-13.
    /// Measured: reverse 1.2e-15, closed form 1.2e-15.
    @Test func oracleMatchesReverseModeAndClosedFormTo1e13() {
        let worst = Self.measure(-2...2)
        #expect(worst.reverse <= 1e-13)
        #expect(worst.closedForm <= 1e-13)
    }

    /// Over [-8, 8] (|z1| up to 64) ReverseMode still matches the oracle:
    /// it computes sigmoid' as `s(x) s(-x)`, which does not cancel. (The
    /// closed form, `a(1 - a)` as the exam writes it, cannot: see below.)
    @Test func oracleAtSaturatedSigmoids() {
        let worst = Self.measure(-8...8)
        #expect(worst.reverse <= 1e-13, "worst relative error of reverse mode vs the oracle: \(worst.reverse)")
    }

    /// The closed form is exactly as accurate as its factors allow: within
    /// `1e-13 + 4 eps (1/(1-a1) + 1/(1-a2) + 1/a1 + 1/a2 + 1/|a2 - y|)` relative of the oracle.
    @Test func closedFormIsWithinItsConditioningEverywhere() {
        for p in Self.points(-8...8) {
            let o = Self.oracle(p)
            let values = Self.network.forward(p)
            let c = ClosedForm.q2.gradient(for: Self.network, at: values)
            let a1 = values[Self.network.slot(of: "a1")!], a2 = values[Self.network.slot(of: "a2")!]
            let condition = 1 / (1 - a1) + 1 / (1 - a2) + 1 / a1 + 1 / a2 + 1 / abs(a2 - p[1])
            let allowed = 1e-13 + 4 * Double.ulpOfOne * condition
            for (i, exact) in [o.w1, o.w2].enumerated() where abs(exact) > 1e-290 {
                #expect(relativeError(c[i], exact) <= allowed, "at \(p): closed form \(c[i]) vs oracle \(exact)")
            }
        }
    }
}

private func relativeError(_ a: Double, _ b: Double) -> Double {
    let scale = max(abs(a), abs(b))
    return scale == 0 ? 0 : abs(a - b) / scale
}
