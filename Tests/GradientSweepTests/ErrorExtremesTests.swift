@testable import GradientSweep
import NetworkModel
import Testing

/// The maximum absolute and relative errors do not depend on `--worst`, the
/// evaluator, the thread count or the block size: they equal those of a sweep
/// that records every point in full (a worst list as long as the grid). The
/// network has non-finite points (`1/w1` at `w1 = 0`, `log` of a negative
/// number), which go to the head of the worst list: once they fill it, a
/// finite point can no longer enter the list but can still raise the maximum
/// relative error (it was skipped: `--worst 1` reported 9.94e-12 for 2.12e-11).
@Suite("Error extremes")
struct ErrorExtremesTests {
    static let network = """
        input x
        param w1 w2
        loss L = x / w1 + w2 / (x + w1) + log(w2^2 + 1) + sqrt(abs(w1)) + log(w1 + 1)
        """

    @Test("equal to recording every point, for any worst-list length, evaluator, thread count and block size",
          arguments: [SweepSettings.EvaluatorChoice.compiled, .broadcast])
    func extremesIgnoreTheWorstList(evaluator: SweepSettings.EvaluatorChoice) throws {
        let network = try NetworkParser.parse(Self.network, file: "extremes.net")
        let domain = try SweepDomain.grid(for: network, axes: [
            ("x", [-1, -0.5, 0.25, 1]), ("w1", [-1, -0.5, 0, 0.5, 1]), ("w2", [-0.5, 0, 0.5, 1, 1.5]),
        ])
        let all = SweepRunnerTests.run(network, domain, threads: 1, block: 1 << 15, evaluator: evaluator, worst: 100)
        for p in all.parameters {
            #expect(p.nonFinite > 0, "the grid must have non-finite points for \(p.parameter)")
        }
        for worst in [0, 1, 3, 5] {
            for (threads, block) in [(1, 1 << 15), (2, 7)] {
                let s = SweepRunnerTests.run(network, domain, threads: threads, block: block, evaluator: evaluator, worst: worst)
                for (p, q) in zip(s.parameters, all.parameters) {
                    #expect(p.maxRelativeError?.value == q.maxRelativeError?.value, "\(p.parameter), worst \(worst)")
                    #expect(p.maxRelativeError?.point == q.maxRelativeError?.point, "\(p.parameter), worst \(worst)")
                    #expect(p.maxAbsoluteError?.value == q.maxAbsoluteError?.value, "\(p.parameter), worst \(worst)")
                }
            }
        }
    }
}
