import Testing
import FiniteDifferences
import NetworkModel
import Reporting
@testable import GradientCheck

/// A verdict of mismatch rests only on an error estimate that can be trusted.
struct TrustedVerdictTests {
    static func estimate(_ method: FiniteDifferenceMethod, _ value: Double, error: Double, doubt: String? = nil) -> PartialEstimate {
        .smooth(DerivativeEstimate(method: method, value: value, roundingError: error, truncationError: 0, step: 1e-6,
                                   evaluations: 4, doubt: doubt))
    }

    static func result(_ method: FiniteDifferenceMethod, _ value: Double, error: Double, doubt: String? = nil,
                       analytic: Double = 1) -> MethodResult {
        MethodResult(method: method, estimate: estimate(method, value, error: error, doubt: doubt), analytic: analytic,
                     tolerance: .default, decidingMethod: "richardson")
    }

    @Test func anUntrustedEstimateIsNeverAMismatch() {
        #expect(Verdict.judge(analytic: 1, estimate: 2, errorEstimate: 1e-9, trusted: false) == .inconclusive(decidingMethod: "complex-step"))
        #expect(Verdict.judge(analytic: 1, estimate: 1, errorEstimate: 1e-9, trusted: false) == .agree)
        #expect(Self.result(.central, 2, error: 1e-9, doubt: "not asymptotic").verdict?.name == "inconclusive")
        #expect(Self.result(.central, 2, error: 1e-9).verdict == .mismatch)
    }

    @Test func anUntrustedKinkIsNeverAFailure() {
        #expect(Verdict.judgeKink(analytic: 5, left: 0, right: 1, errorEstimate: 1e-9, trusted: false).name == "inconclusive")
        #expect(Verdict.judgeKink(analytic: 5, left: 0, right: 1, errorEstimate: 1e-9).isFailure)
    }

    /// The forward difference at --step 0.5 missed by more than its own
    /// estimate; a more accurate method that agrees decides.
    @Test func aMoreAccurateAgreeingMethodOverrulesAFailure() {
        let p = ParameterCheck(parameter: "w", analytic: 1, closedForm: nil, results: [
            Self.result(.forward, 1.01, error: 1e-3), Self.result(.richardson, 1 + 1e-14, error: 1e-13),
        ])
        #expect(p.verdict == .agree)
        #expect(p.overruled.map(\.method) == [.forward])
        #expect(p.overrulingMethod?.method == .richardson)
    }

    @Test func aLessAccurateAgreeingMethodDoesNotOverruleAFailure() {
        let p = ParameterCheck(parameter: "w", analytic: 1, closedForm: nil, results: [
            Self.result(.forward, 1 + 1e-7, error: 1e-3), Self.result(.richardson, 1.01, error: 1e-13),
        ])
        #expect(p.verdict == .mismatch)
        #expect(p.overruled.isEmpty)
    }

    /// An untrusted agreement overrules nothing, and an untrusted complex step decides nothing.
    @Test func untrustedEstimatesDecideNothing() {
        let p = ParameterCheck(parameter: "w", analytic: 1, closedForm: nil, results: [
            Self.result(.richardson, 1.01, error: 1e-13), Self.result(.complexStep, 1, error: 1e-16, doubt: "not asymptotic"),
        ])
        #expect(p.verdict == .mismatch)
        #expect(p.decisiveComplexStep == nil)
    }

    @Test func anAbsurdStepIsRefusedBeforeAnyWork() throws {
        let network = try GradientCheckerTests.load("q2.net")
        let point = [1.0, 1, 1, 1]
        try GradientChecker.requireUsable(step: 0.5, for: network, at: point, methods: FiniteDifferenceMethod.allCases)
        let error = try #require(throws: InputError.self) {
            try GradientChecker.requireUsable(step: 1e300, for: network, at: point, methods: FiniteDifferenceMethod.allCases)
        }
        #expect(error.message.hasPrefix("--step 1e+300 cannot be used for w1 = 1.0: forward evaluates 4·h away from w1"))
    }

    /// At x = 1e308 every method's step is far above the scale 1e-308 on
    /// which the loss varies with w1: inconclusive, not a mismatch.
    @Test func aPointBeyondEveryStepIsInconclusive() throws {
        let check = GradientChecker.check(try GradientCheckerTests.load("q2.net"), at: [1e308, 0, 0, 0.5])
        let w1 = check.parameters[0]
        #expect(w1.verdict.name == "inconclusive")
        #expect(w1.results.allSatisfy { $0.verdict?.name == "inconclusive" && $0.doubt != nil })
        #expect(check.parameters[1].verdict == .agree)
        #expect(check.passed)
    }

    /// Points the honesty harness found, each once a false mismatch of one
    /// method: five-point at x·h ≈ 4 (a single ratio test passed by chance),
    /// Richardson extrapolating a tanh of 6788·w1 (8e-3 off, estimate 1.5e-4).
    @Test(arguments: [
        ("q2.net", [3431.5119404871702, 1.0, -0.0004740014953336313, -0.3811474471338849]),
        ("q2.net", [8421.41512913118, 0.0, -0.0004585679259446989, 0.03764994010236731]),
        ("q2-cross-entropy.net", [-6470.2519671105365, 0.0, -0.00046401014778108083, 24.362155143703085]),
        ("q2-three-weights.net", [3833.8516648197833, 1.0, 0.0004741609979818499, 0.05882396135402007, 0.01041257098244731]),
        ("q2-tanh.net", [6787.849297387597, 0.0, -0.0001673822822658349, -2.493094452111565]),
    ])
    func harnessFindingsStayFixed(file: String, point: [Double]) throws {
        let check = GradientChecker.check(try GradientCheckerTests.load(file), at: point)
        for p in check.parameters {
            for r in p.results {
                #expect(r.verdict?.isFailure != true, "\(file) \(p.parameter) \(r.method.name): \(String(describing: r.value))")
                if let e = r.estimate.estimate, e.isReliable {
                    #expect(abs(e.value - p.analytic) <= e.errorEstimate + Tolerance.default.base(reference: e.value),
                            "\(file) \(p.parameter) \(r.method.name)")
                }
            }
        }
    }
}
