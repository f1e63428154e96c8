import Foundation
import Testing
import AnalyticGradients
import NetworkModel
@testable import FiniteDifferences

/// The property tests: finite differences against an exact gradient
/// over random points, negative values and saturated sigmoids included.
///
/// Reproduce the figures: `swift test --disable-xctest --filter NetworkAgreementTests`
/// (each test prints its worst case).
@Suite(.tags(.slow), .skippedWhenQuick)
struct NetworkAgreementTests {
    /// The worst relative error over many points, and how often the error
    /// exceeded the method's own error estimate or the claimed accuracy.
    struct Worst: CustomStringConvertible {
        let claim: Double
        var relative = 0.0
        var at = ""
        var compared = 0
        var aboveClaim = 0
        var errorExceedsEstimate = 0
        /// Worst relative error among gradients with |g| above 1e-8, 1e-6, 1e-4, 1e-2.
        var worstAbove: [Double: Double] = [1e-8: 0, 1e-6: 0, 1e-4: 0, 1e-2: 0]

        mutating func record(_ estimate: Double, _ exact: Double, errorEstimate: Double, _ where: @autoclosure () -> String) {
            compared += 1
            let r = relativeError(estimate, exact)
            for t in worstAbove.keys where abs(exact) > t { worstAbove[t] = max(worstAbove[t]!, r) }
            if r > claim { aboveClaim += 1 }
            if r > relative { relative = r; at = `where`() }
            if abs(estimate - exact) > errorEstimate { errorExceedsEstimate += 1 }
        }

        var description: String {
            "worst relative error \(relative) over \(compared) gradients (at \(at)); above \(claim) at \(aboveClaim); "
                + "error above the method's error estimate at \(errorExceedsEstimate); by |g| > "
                + worstAbove.keys.sorted().map { "\($0): \(worstAbove[$0]!)" }.joined(separator: ", ")
        }
    }

    enum Reference { case reverseMode, complexStep }

    /// Compares `method` with the reference at `count` random points, for
    /// every parameter whose gradient exceeds `threshold` in magnitude.
    static func measure(
        _ method: FiniteDifferenceMethod, _ file: String, claim: Double, count: Int = 2000, seed: UInt64 = 7,
        range: ClosedRange<Double> = -8...8, threshold: Double = 1e-8, reference: Reference = .complexStep
    ) throws -> Worst {
        let network = try Fixtures.load(file)
        var worst = Worst(claim: claim)
        for point in Fixtures.randomPoints(network, count: count, seed: seed, range: range) {
            let exact: [Double]
            switch reference {
            case .reverseMode: exact = ReverseMode.gradient(of: network, at: point)
            case .complexStep:
                // The complex extension of relu is exact away from its kink,
                // so this reference serves q2-relu.net too (the kink is measure zero).
                exact = network.parameters.map { p in
                    let f = LossFunction(network, variable: p, at: point)!
                    return ComplexStep.estimate(of: f.complex, at: f.x).value
                }
            }
            for (i, p) in network.parameters.enumerated() where abs(exact[i]) > threshold {
                let f = LossFunction(network, variable: p, at: point)!
                guard let e = KinkAwareEstimator.estimate(method, f).estimate else { continue }
                worst.record(e.value, exact[i], errorEstimate: e.errorEstimate, "\(p) at \(point)")
            }
        }
        print("\(method.name) \(file) \(range): \(worst)")
        return worst
    }

    // MARK: complex step = reverse mode

    /// Where no sigmoid saturates (|z| <= 4), reverse mode is accurate to a
    /// few ulps and complex step matches it to 1e-13 (measured: 1.1e-15).
    @Test(arguments: Fixtures.smooth)
    func complexStepMatchesReverseModeTo1e13(file: String) throws {
        let worst = try Self.measure(.complexStep, file, claim: 1e-13, range: -2...2, threshold: 1e-290, reference: .reverseMode)
        #expect(worst.relative <= 1e-13, "\(worst)")
    }

    /// Over [-8, 8] (|z| up to 64) complex step still matches reverse mode,
    /// which computes sigmoid' as `s(x) s(-x)` and tanh' as `1/cosh²(x)`
    /// (the textbook `s(1 - s)` and `1 - t²` lose all digits as s, t -> 1).
    @Test(arguments: Fixtures.smooth)
    func complexStepMatchesReverseModeAtSaturatedSigmoids(file: String) throws {
        let worst = try Self.measure(.complexStep, file, claim: 1e-13, threshold: 1e-290, reference: .reverseMode)
        #expect(worst.relative <= 1e-13, "\(worst)")
    }

    // MARK: finite differences against complex step

    /// Central differences are within their own error estimate at every
    /// point, so a correct gradient is never called a mismatch. The issue's
    /// "1e-7 relative wherever |g| > 1e-8" does not hold and cannot: the loss
    /// (~0.5) carries rounding noise of at least an ulp (~1e-16, and tens of
    /// ulps for `-log(1 - a2)` with `a2` near 1), which divided by the step
    /// h ≈ 6e-6 is ~2e-11 absolute, i.e. 2e-3 relative for |g| = 1e-8. The
    /// relative claim holds wherever |g| > 1e-2 (measured worst: 3.7e-8).
    @Test(arguments: Fixtures.all)
    func centralDifferences(file: String) throws {
        for range in [-3.0...3.0, -8.0...8.0] {
            let worst = try Self.measure(.central, file, claim: 1e-7, range: range)
            #expect(worst.errorExceedsEstimate == 0, "\(worst)")
            #expect(worst.worstAbove[1e-2]! <= 1e-7, "\(worst)")
        }
    }

    /// Richardson: within its error estimate everywhere; 1e-10 relative
    /// wherever |g| > 1e-2 over [-3, 3] (measured worst 1.0e-11). Over
    /// [-8, 8] the saturated cross-entropy's noisy loss (see above) costs a
    /// little more: measured worst 1.3e-10, asserted <= 2e-10.
    @Test(arguments: Fixtures.all)
    func richardsonExtrapolation(file: String) throws {
        let moderate = try Self.measure(.richardson, file, claim: 1e-10, range: -3...3)
        #expect(moderate.errorExceedsEstimate == 0, "\(moderate)")
        #expect(moderate.worstAbove[1e-2]! <= 1e-10, "\(moderate)")
        let wide = try Self.measure(.richardson, file, claim: 1e-10)
        #expect(wide.errorExceedsEstimate == 0, "\(wide)")
        #expect(wide.worstAbove[1e-2]! <= 2e-10, "\(wide)")
    }

    @Test(arguments: Fixtures.all, [FiniteDifferenceMethod.forward, .backward, .fivePoint])
    func otherMethodsStayWithinTheirErrorEstimates(file: String, method: FiniteDifferenceMethod) throws {
        let claim = method == .fivePoint ? 1e-9 : 1e-5
        let worst = try Self.measure(method, file, claim: claim)
        #expect(worst.errorExceedsEstimate == 0, "\(worst)")
    }
}
