@testable import GradientSweep
import GradientCheck
import NetworkModel
import Testing

/// A point whose error estimate is NaN (the rounding bound sums a NaN adjoint:
/// `∂(a^b)/∂b = a^b log a` at `a < 0`) still agrees when the analytic value is
/// within the plain tolerance of the estimate; otherwise it is inconclusive,
/// never a mismatch: its bound is unknown. The same verdict on every evaluator.
@Suite("Unknown error bound")
struct UnknownErrorBoundTests {
    @Test("a NaN error estimate: agree within the plain tolerance, else inconclusive")
    func judge() {
        #expect(Verdict.judge(analytic: -2, estimate: -2, errorEstimate: .nan) == .agree)
        #expect(Verdict.judge(analytic: -2, estimate: -2.1, errorEstimate: .nan).name == "inconclusive")
        #expect(VerdictTally.verdictCode(absolute: 0, estimate: -2, errorEstimate: .nan, tolerance: .default) == 0)
        #expect(VerdictTally.verdictCode(absolute: 0.1, estimate: -2, errorEstimate: .nan, tolerance: .default) == 1)
        #expect(VerdictTally.verdictCode(absolute: 0.1, estimate: -2, errorEstimate: 1e-9, tolerance: .default) == 2)
    }

    @Test("sweep: the gradient of a at a = -1.5 agrees though b's adjoint is NaN",
          arguments: [SweepSettings.EvaluatorChoice.compiled, .broadcast])
    func sweep(evaluator: SweepSettings.EvaluatorChoice) throws {
        let network = try NetworkParser.parse("param a b\nloss L = a^b + a*a\n", file: "negpow.net")
        let domain = try SweepDomain.grid(for: network, axes: [("a", [-1.5]), ("b", [1, 2])])
        let s = SweepRunnerTests.run(network, domain, threads: 1, block: 64, evaluator: evaluator, worst: 10)
        let a = try #require(s.parameters.first { $0.parameter == "a" })
        #expect(a.agree == 2, "\(a.worst.map(\.verdict))")
        #expect(a.worst.allSatisfy { $0.errorEstimate.isNaN }, "the test needs NaN error estimates")
    }
}
