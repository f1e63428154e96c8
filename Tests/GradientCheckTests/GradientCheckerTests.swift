import Foundation
import Testing
import AnalyticGradients
import FiniteDifferences
import NetworkModel
@testable import GradientCheck

struct GradientCheckerTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/networks")

    static func load(_ name: String) throws -> Network {
        try NetworkParser.load(path: fixtures.appendingPathComponent(name).path)
    }

    @Test func theExamPointAgreesByEveryMethod() throws {
        let check = GradientChecker.check(try Self.load("q2.net"), at: [1.5, 1, 0.3, -0.7])
        #expect(check.passed)
        #expect(check.verdictName == "agree")
        #expect(check.closedFormName == "q2")
        for p in check.parameters {
            #expect(abs(p.analytic - p.closedForm!) <= 1e-15 * abs(p.analytic))
            for r in p.results { #expect(r.verdict == .agree, "\(p.parameter) \(r.method.name): \(String(describing: r.verdict))") }
        }
    }

    /// A correct gradient is never flagged: every method, every bundled
    /// network, 300 random points including saturated sigmoids.
    @Test(arguments: ["q2.net", "q2-cross-entropy.net", "q2-tanh.net", "q2-relu.net", "q2-three-weights.net"])
    func aCorrectGradientIsNeverAMismatch(file: String) throws {
        let network = try Self.load(file)
        var rng = SplitMix64(seed: 3)
        var counts: [String: Int] = [:]
        for _ in 0..<300 {
            let point = network.variables.map { network.role(of: $0) == .label ? Double(rng.next() & 1) : Double.random(in: -8...8, using: &rng) }
            let check = GradientChecker.check(network, at: point)
            for p in check.parameters {
                for r in p.results { counts[r.verdict?.name ?? "unavailable", default: 0] += 1 }
                #expect(!p.verdict.isFailure, "\(p.parameter) at \(point): \(p.results.map { "\($0.method.name) \(String(describing: $0.verdict))" })")
            }
        }
        print("\(file): verdicts over 300 points × every method: \(counts.sorted { $0.key < $1.key })")
    }

    /// Values near the largest Double, where x w1 overflows to ±inf but the
    /// loss stays finite (sigmoid saturates): never a mismatch. Complex step
    /// used to return 0 for ∂Loss/∂w2 here (a false mismatch), and Richardson
    /// to loop forever on q2-relu.net.
    @Test(arguments: ["q2.net", "q2-cross-entropy.net", "q2-tanh.net", "q2-relu.net", "q2-three-weights.net"])
    func overflowingPointsAreNeverAMismatch(file: String) throws {
        let network = try Self.load(file)
        for (x, w1) in [(1.7e308, 1.7e308), (-1.7e308, 1.7e308), (1e300, 1e300), (1e154, -1e154)] {
            let point = network.variables.map { name -> Double in
                switch name {
                case "x": return x
                case "w1": return w1
                case "y": return 1
                default: return 0.5
                }
            }
            guard (try? CheckablePoint.require(network, at: point)) != nil else { continue }
            let check = GradientChecker.check(network, at: point)
            for p in check.parameters {
                #expect(!p.verdict.isFailure, "\(file) \(p.parameter) at \(point): \(p.results.map { "\($0.method.name) \(String(describing: $0.verdict))" })")
            }
        }
    }

    @Test func theVerdictLineCountsParametersInTheRightNumber() throws {
        let one = try NetworkParser.parse("param w\nloss L = w * w\n", file: "square.net")
        #expect(GradientChecker.check(one, at: [0.5]).text().contains("verdict: agree (1 parameter; atol"))
        #expect(GradientChecker.check(try Self.load("q2.net"), at: [1.5, 1, 0.3, -0.7]).text()
            .contains("verdict: agree (2 parameters; atol"))
    }

    /// A gradient that is wrong by 1% is caught at every point where it is not tiny.
    @Test func aWrongGradientIsCaught() throws {
        let network = try Self.load("q2.net")
        let point = [1.5, 1, 0.3, -0.7]
        var check = GradientChecker.check(network, at: point)
        // Re-judge with the analytic values scaled by 1.01.
        for i in check.parameters.indices {
            let wrong = check.parameters[i].analytic * 1.01
            check.parameters[i].analytic = wrong
            check.parameters[i].results = check.parameters[i].results.map {
                MethodResult(method: $0.method, estimate: $0.estimate, analytic: wrong, tolerance: .default, decidingMethod: "x")
            }
        }
        #expect(!check.passed)
        #expect(check.parameters.allSatisfy { $0.verdict == .mismatch })
    }

    /// relu at 0 is reported as not differentiable, never as a mismatch,
    /// and the analytic subgradient lies between the one-sided derivatives.
    @Test(arguments: [0.5, 1.5, -2.0])
    func reluAtZeroIsNotDifferentiable(x: Double) throws {
        let network = try Self.load("q2-relu.net")
        let check = GradientChecker.check(network, at: [x, 1, 0, -0.7])
        let w1 = check.parameters[0]
        guard case .notDifferentiable(let left, let right, let between) = w1.verdict else {
            Issue.record("expected not-differentiable, got \(w1.verdict)")
            return
        }
        #expect(between)
        #expect(min(left, right) <= w1.analytic && w1.analytic <= max(left, right))
        #expect(check.passed)
        let complex = try #require(w1.results.first { $0.method == .complexStep })
        #expect(complex.verdict == nil)  // refused, with its reason
        #expect(check.parameters[1].verdict == .agree)
    }

    @Test func aWrongValueAtAKinkFails() throws {
        let network = try Self.load("q2-relu.net")
        let check = GradientChecker.check(network, at: [1.5, 1, 0, -0.7], methods: [.central])
        let r = MethodResult(method: .central, estimate: check.parameters[0].results[0].estimate, analytic: 1,
                             tolerance: .default, decidingMethod: "richardson")
        #expect(r.verdict?.isFailure == true)
    }

    /// `log(w)` at `w = 1e-6`, below the central step: `w - h < 0`, the loss is NaN there, and
    /// central and five-point are inconclusive, saying why; complex step decides.
    @Test func aStencilOutsideTheLossesDomainIsInconclusive() throws {
        let network = try NetworkParser.parse("param w\nloss L = log(w)\n", file: "log.net")
        let check = GradientChecker.check(network, at: [1e-6])
        for method in [FiniteDifferenceMethod.central, .fivePoint] {
            let r = try #require(check.parameters[0].results.first { $0.method == method })
            #expect(r.verdict?.name == "inconclusive", "\(method)")
            #expect(r.doubt == "the function is not finite on the stencil", "\(method): \(String(describing: r.doubt))")
        }
        #expect(check.parameters[0].verdict == .agree)
    }

    @Test func jsonHasTheDocumentedFields() throws {
        let check = GradientChecker.check(try Self.load("q2.net"), at: [1.5, 1, 0.3, -0.7])
        let object = try JSONSerialization.jsonObject(with: Data(check.json().utf8)) as! [String: Any]
        #expect(object["verdict"] as? String == "agree")
        #expect(object["exitStatus"] as? Int == 0)
        let gradients = try #require(object["gradients"] as? [String: Any])
        let w2 = try #require(gradients["w2"] as? [String: Any])
        #expect(w2["analytic"] is Double)
        #expect(w2["closedForm"] is Double)
        let estimates = try #require(w2["estimates"] as? [String: Any])
        #expect(Set(estimates.keys) == Set(FiniteDifferenceMethod.allCases.map(\.name)))
        let central = try #require(estimates["central"] as? [String: Any])
        for key in ["value", "error", "errorEstimate", "roundingError", "truncationError", "step", "evaluations", "allowance", "verdict"] {
            #expect(central[key] != nil, "missing \(key)")
        }
        let values = try #require(object["values"] as? [String: Any])
        #expect(Set(values.keys) == ["z1", "a1", "z2", "a2", "Loss"])
    }

    @Test func textIsAnAlignedTable() throws {
        let text = GradientChecker.check(try Self.load("q2.net"), at: [1.5, 1, 0.3, -0.7]).text()
        #expect(text.contains("Forward values"))
        #expect(text.contains("dLoss/dw1"))
        #expect(text.contains("verdict: agree"))
        let rows = text.split(separator: "\n").filter { $0.contains("central") || $0.contains("richardson") }
        let columns = Set(rows.map { $0.range(of: "agree")!.lowerBound.utf16Offset(in: $0) })
        #expect(columns.count == 1, "verdict column not aligned:\n\(text)")
    }
}
