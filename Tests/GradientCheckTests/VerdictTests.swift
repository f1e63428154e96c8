import Testing
@testable import GradientCheck

struct VerdictTests {
    @Test func withinThePlainToleranceIsAgree() {
        #expect(Verdict.judge(analytic: 1, estimate: 1 + 5e-6, errorEstimate: 0) == .agree)
    }

    @Test func withinTheErrorEstimateOnlyIsInconclusive() {
        #expect(Verdict.judge(analytic: 1, estimate: 1.001, errorEstimate: 0.01) == .inconclusive(decidingMethod: "complex-step"))
    }

    @Test func beyondBothIsMismatch() {
        #expect(Verdict.judge(analytic: 1, estimate: 1.1, errorEstimate: 0.01) == .mismatch)
        #expect(Verdict.judge(analytic: .nan, estimate: 1, errorEstimate: 0) == .mismatch)
    }

    /// A NaN or infinite estimate (a stencil point outside the loss's domain)
    /// says nothing about the analytic value: undecided, not a mismatch.
    @Test func aNonFiniteEstimateIsInconclusive() {
        #expect(Verdict.judge(analytic: 1, estimate: .nan, errorEstimate: .infinity, decidingMethod: "richardson")
            == .inconclusive(decidingMethod: "richardson"))
        #expect(Verdict.judge(analytic: 1, estimate: .infinity, errorEstimate: 0) == .inconclusive(decidingMethod: "complex-step"))
    }

    /// A NaN error estimate (a bound summing a NaN adjoint) is unknown: a difference within the plain
    /// tolerance still agrees, any other is inconclusive, never a mismatch.
    @Test func aNaNErrorEstimateAgreesWithinThePlainToleranceOnly() {
        #expect(Verdict.judge(analytic: 1, estimate: 1, errorEstimate: .nan) == .agree)
        #expect(Verdict.judge(analytic: 1, estimate: 1.1, errorEstimate: .nan) == .inconclusive(decidingMethod: "complex-step"))
    }

    @Test func kinkAcceptsASubgradientAndRejectsAValueOutside() {
        #expect(Verdict.judgeKink(analytic: 0, left: 0, right: -0.05, errorEstimate: 1e-10)
            == .notDifferentiable(left: 0, right: -0.05, analyticBetween: true))
        let outside = Verdict.judgeKink(analytic: 0.3, left: 0, right: -0.05, errorEstimate: 1e-10)
        #expect(outside == .notDifferentiable(left: 0, right: -0.05, analyticBetween: false))
        #expect(outside.isFailure)
    }

    @Test func defaultsAreTheDocumentedOnes() {
        #expect(Tolerance.default == Tolerance(atol: 1e-7, rtol: 1e-5, widening: 1))
    }
}
