@testable import GradientSweep
import AnalyticGradients
import GradientCheck
import NetworkModel
import Testing

/// The verdict without false alarms (issue 3): on the exam network's grid,
/// a plain relative test flags the correct gradient where the hidden sigmoid
/// saturates, the widened verdict flags nothing, and a wrong claim is flagged.
@Suite("Verdicts on the exam grid", .tags(.slow), .skippedWhenQuick)
struct VerdictModelTests {
    static func sweep(n: Int, tolerance: Tolerance, claims: [String] = [], worst: Int = 0) throws -> (SweepDomain, SweepSummary) {
        let network = try Fixtures.network("q2")
        let axes: [(name: String, values: [Double])] = [
            ("x", AxisSpecification.linspace(-4, 4, n)), ("y", [0, 1]),
            ("w1", AxisSpecification.linspace(-4, 4, n)), ("w2", AxisSpecification.linspace(-4, 4, n)),
        ]
        let domain = try SweepDomain.grid(for: network, axes: axes)
        var s = SweepSettings()
        s.tolerance = tolerance
        s.worst = worst
        s.claims = try claims.map { try GradientClaim.parse($0, network: network) }
        return (domain, SweepRunner.run(network: network, domain: domain, settings: s))
    }

    @Test("plain rtol test: 0.2-0.6% of correct gradients flagged, all where |x w1| >= 12; widened verdict: none")
    func correctGradient() throws {
        let n = 40
        let (_, plain) = try Self.sweep(n: n, tolerance: Tolerance(atol: 0, rtol: 1e-5, widening: 0))
        let (_, widened) = try Self.sweep(n: n, tolerance: Tolerance(atol: 0, rtol: 1e-5))
        let points = 2 * n * n * n
        let flagged = plain.parameters.map(\.failures)
        #expect(flagged == [516, 938])  // w1, w2 on the 40x2x40x40 grid, steps StepSize.step(for: .central, at: w)
        let fraction = Double(flagged.reduce(0, +)) / Double(2 * points)
        #expect(fraction > 0.002 && fraction < 0.006)
        #expect(widened.failures == 0)
        #expect(widened.parameters.map(\.inconclusive) == flagged)  // the same points, now undecided, not failed

        // Every point the plain test flags sits where the hidden sigmoid saturates.
        let (domain, listed) = try Self.sweep(n: 16, tolerance: Tolerance(atol: 0, rtol: 1e-5, widening: 0), worst: 2 * 16 * 16 * 16)
        var seen = 0
        for p in listed.parameters {
            for e in p.worst where e.verdict == "mismatch" {
                let v = domain.variableValues(at: e.point)
                #expect(abs(v[0] * v[2]) >= 12)
                seen += 1
            }
        }
        #expect(seen > 0)
    }

    @Test("a wrong claim, a2(1+a2) for a2(1-a2), fails wherever it differs from the truth by more than the estimated error")
    func wrongClaim() throws {
        let wrong = "w1=(a2 - y)*a2*(1+a2)*w2*a1*(1-a1)*x"
        let (domain, summary) = try Self.sweep(n: 16, tolerance: .default, claims: [wrong], worst: 2 * 16 * 16 * 16)
        let network = try Fixtures.network("q2")
        let w1 = summary.parameters[0]
        #expect(w1.failures > 0)
        #expect(summary.parameters[1].failures == 0)
        var checked = 0
        for e in w1.worst {
            let truth = ReverseMode.gradient(of: network, at: domain.variableValues(at: e.point))[0]
            let allowance = Tolerance.default.allowance(reference: e.estimate, errorEstimate: e.errorEstimate)
            // |fd - truth| is within the allowance (the correct-gradient test), so a claim
            // further than twice the allowance from the truth must be a mismatch.
            if abs(e.analytic - truth) > 2 * allowance { #expect(e.verdict == "mismatch"); checked += 1 }
            if e.analytic == truth { #expect(e.verdict != "mismatch") }
        }
        #expect(checked > 1000)
    }
}
