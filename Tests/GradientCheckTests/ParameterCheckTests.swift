import Testing
import NetworkModel
import FiniteDifferences
@testable import GradientCheck

/// Complex step decides when it applies: finite differences whose stencil
/// reaches a singularity are wrong about their own error, and must not turn
/// a correct gradient into a mismatch.
struct ParameterCheckTests {
    static func network(_ loss: String) throws -> Network {
        try NetworkParser.parse("param w\nloss L = \(loss)", file: "singular.net")
    }

    /// A singularity of `1/w` or `log(w)` within the finite-difference step:
    /// the stencils used to miss by more than their own error estimate (a
    /// false mismatch complex step had to overrule). Now their values at
    /// `h/2 … 4h` show the step is not in the asymptotic regime: they doubt
    /// their own estimate, never fail, and complex step decides.
    @Test(arguments: [("1 / w", 1e-5), ("log(w)", 1e-7)])
    func finiteDifferencesNearASingularityDoubtThemselves(loss: String, w: Double) throws {
        let check = GradientChecker.check(try Self.network(loss), at: [w])
        let p = check.parameters[0]
        #expect(p.verdict == .agree, "\(p.results.map { "\($0.method.name) \(String(describing: $0.verdict))" })")
        #expect(check.passed)
        #expect(p.results.allSatisfy { $0.verdict?.isFailure != true })
        let doubting = p.results.filter { $0.doubt != nil }.map(\.method)
        #expect(doubting.contains(.central) && doubting.contains(.fivePoint), "\(doubting)")
        #expect(check.text().contains("error estimate not trusted"))
    }

    @Test func complexStepStillFailsAWrongGradient() throws {
        let network = try Self.network("1 / w")
        var check = GradientChecker.check(network, at: [1e-5])
        let wrong = check.parameters[0].analytic * 1.001
        check.parameters[0].analytic = wrong
        check.parameters[0].results = check.parameters[0].results.map {
            MethodResult(method: $0.method, estimate: $0.estimate, analytic: wrong, tolerance: .default, decidingMethod: "x")
        }
        #expect(check.parameters[0].verdict == .mismatch)
        #expect(check.parameters[0].overruled.isEmpty)
    }
}
