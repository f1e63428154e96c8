@testable import GradientSweep
import FiniteDifferences
import Foundation
import GradientCheck
import NetworkModel
import Testing

/// `check` and `sweep` share one step and one error model (``StencilErrorModel``): at the same
/// point, `GradientChecker.check`'s central and five-point results equal the sweep's, estimate
/// and error estimate bit for bit, and the verdict. Every bundled network and one with
/// tanh, log, division, powers, sqrt, softplus and abs; random points that are moderate,
/// saturated (|z| up to 1e6), huge (|x| up to 1e150) or on a kink (relu/abs argument exactly 0).
@Suite("CheckSweepAgreement")
struct CheckSweepAgreementTests {
    /// tanh, abs (a kink at x = w3 = w2 = 0), log, division, an integer and a real power, sqrt, softplus.
    static let mixed = """
        input x
        label y
        param w1 w2 w3

        z1 = x * w1 + w3
        a1 = tanh(z1)
        k = abs(a1 - w2) + 0.5
        a2 = log(k) / (1 + a1^2)
        p = softplus(a2 * w2)
        loss Loss = (p - y)^2 / (1 + sqrt(1 + w1^2)) + k^1.5
        """

    static func networks() throws -> [Network] {
        try Fixtures.names.map(Fixtures.network) + [NetworkParser.parse(mixed, file: "mixed.net")]
    }

    /// Rows in the network's variable order: inputs from four regimes, labels 0 or 1,
    /// parameters in [-3, 3]; every fifth row puts the first input and every parameter at 0 (a kink
    /// for relu and abs), every seventh only the first parameter.
    static func points(for network: Network, count: Int, seed: UInt64) -> [[Double]] {
        var g = SplitMix(state: seed)
        let parameters = Set(network.parameters)
        return (0..<count).map { i in
            let scale: Double = [1, 1e3, 1e6, 1e150][i % 4]
            return network.variables.enumerated().map { v, name in
                if parameters.contains(name) {
                    if i % 5 == 0 || (i % 7 == 0 && name == network.parameters[0]) { return 0 }
                    return Double.random(in: -3...3, using: &g)
                }
                if name == "y" { return Double(Int.random(in: 0...1, using: &g)) }
                if i % 5 == 0, v == 0 { return 0 }
                return (Bool.random(using: &g) ? 1 : -1) * scale * Double.random(in: 0.1...1, using: &g)
            }
        }
    }

    static func sweep(_ network: Network, _ rows: [[Double]], _ method: FiniteDifferenceMethod, _ tolerance: Tolerance,
                      _ evaluator: SweepSettings.EvaluatorChoice) throws -> SweepSummary {
        var s = SweepSettings()
        s.method = method
        s.tolerance = tolerance
        s.evaluator = evaluator
        s.worst = rows.count  // every point in the worst list, by its index
        s.threads = 2
        return SweepRunner.run(network: network, domain: try SweepDomain.points(for: network, rows: rows), settings: s)
    }

    /// The counts a sweep would make of check's verdicts.
    struct Counts: Equatable {
        var agree = 0, inconclusive = 0, mismatch = 0, notDifferentiable = 0, notDifferentiableFailures = 0, nonFinite = 0
    }

    @Test(arguments: [FiniteDifferenceMethod.central, .fivePoint],
          [Tolerance.default, Tolerance(atol: 0, rtol: 1e-12, widening: 0), Tolerance(atol: 1e-12, rtol: 1e-10, widening: 0.5)])
    func checkAndSweepAgree(method: FiniteDifferenceMethod, tolerance: Tolerance) throws {
        var seen = Counts()
        for (n, network) in try Self.networks().enumerated() {
            let rows = Self.points(for: network, count: 240, seed: 0x5eed + UInt64(n))
            let checks = rows.map { GradientChecker.check(network, at: $0, methods: [method], tolerance: tolerance) }
            for evaluator in [SweepSettings.EvaluatorChoice.compiled, .broadcast, .automatic] {
                let summary = try Self.sweep(network, rows, method, tolerance, evaluator)
                for (pi, parameter) in summary.parameters.enumerated() {
                    var counts = Counts()
                    let byPoint = Dictionary(uniqueKeysWithValues: parameter.worst.map { ($0.point, $0) })
                    #expect(byPoint.count == rows.count)
                    for (i, check) in checks.enumerated() {
                        let where_ = "\(network.file) \(parameter.parameter) \(method.name) \(evaluator) at \(rows[i])"
                        let p = check.parameters[pi], r = p.results[0]
                        let point = try #require(byPoint[i], "\(where_): not in the sweep's list")
                        #expect(p.analytic.bitPattern == point.analytic.bitPattern, "\(where_): analytic")
                        let estimate: DerivativeEstimate
                        switch r.estimate {
                        case .smooth(let e), .straddle(let e, _, _): estimate = e
                        default: Issue.record("\(where_): \(r.estimate)"); continue
                        }
                        #expect(estimate.value.bitPattern == point.estimate.bitPattern || (estimate.value.isNaN && point.estimate.isNaN),
                                "\(where_): estimate \(estimate.value) vs \(point.estimate)")
                        let verdict = try #require(r.verdict)
                        guard point.isFinite else {
                            counts.nonFinite += 1
                            // Nothing verified: check is inconclusive, or fails a non-finite analytic value.
                            #expect(point.verdict == PointError.nonFiniteVerdict)
                            #expect(p.analytic.isFinite ? verdict.name == "inconclusive" : verdict.isFailure, "\(where_): \(verdict)")
                            continue
                        }
                        #expect(estimate.errorEstimate.bitPattern == point.errorEstimate.bitPattern,
                                "\(where_): error estimate \(estimate.errorEstimate) vs \(point.errorEstimate)")
                        #expect(verdict.name == point.verdict, "\(where_): \(verdict) vs \(point.verdict)")
                        switch verdict {
                        case .agree: counts.agree += 1
                        case .inconclusive: counts.inconclusive += 1
                        case .mismatch: counts.mismatch += 1
                        case .notDifferentiable(_, _, let between):
                            counts.notDifferentiable += 1
                            if !between { counts.notDifferentiableFailures += 1 }
                        }
                    }
                    let swept = Counts(agree: parameter.agree, inconclusive: parameter.inconclusive, mismatch: parameter.mismatch,
                                       notDifferentiable: parameter.notDifferentiable,
                                       notDifferentiableFailures: parameter.notDifferentiableFailures, nonFinite: parameter.nonFinite)
                    #expect(counts == swept, "\(network.file) \(parameter.parameter) \(method.name) \(evaluator)")
                    if evaluator == .compiled {
                        seen.agree += counts.agree
                        seen.inconclusive += counts.inconclusive
                        seen.mismatch += counts.mismatch
                        seen.notDifferentiable += counts.notDifferentiable
                        seen.notDifferentiableFailures += counts.notDifferentiableFailures
                        seen.nonFinite += counts.nonFinite
                    }
                }
            }
        }
        // The points reach every verdict the tolerance allows: the comparison is not vacuous.
        #expect(seen.agree > 0 && seen.notDifferentiable > 0 && seen.nonFinite == 0, "\(seen)")
        if tolerance.widening > 0 { #expect(seen.inconclusive > 0, "\(seen)") }
        // Correct gradients: no mismatch under the default tolerance; the plain isclose test with rtol 1e-12 finds some.
        if tolerance.widening == 0 { #expect(seen.mismatch > 0, "\(seen)") }
        if tolerance == .default { #expect(seen.mismatch == 0, "\(seen)") }
        print("check = sweep, \(method.name), \(tolerance): \(seen)")
    }
}
