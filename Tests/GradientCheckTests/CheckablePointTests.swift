import Testing
import NetworkModel
import Reporting
@testable import GradientCheck

/// A point is checkable only where the loss and its gradient are finite.
struct CheckablePointTests {
    @Test func theExamPointIsCheckable() throws {
        try CheckablePoint.require(try GradientCheckerTests.load("q2.net"), at: [1.5, 1, 0.3, -0.7])
    }

    /// a2 rounds to 1, so -log(1 - a2) is +inf: reported at the loss's definition.
    @Test func anInfiniteLossIsReportedAtItsDefinition() throws {
        let network = try GradientCheckerTests.load("q2-cross-entropy.net")
        let error = try #require(throws: InputError.self) { try CheckablePoint.require(network, at: [40, 0, 40, 40]) }
        #expect(error.location?.line == 11)
        #expect(error.location?.column == 6)
        #expect(error.message == "the loss is not finite at x = 40, y = 0, w1 = 40, w2 = 40: Loss = inf in double "
            + "precision, so no gradient can be checked there")
    }

    /// x w1 = 1e600 overflows; the loss becomes 0 · -inf = NaN: the first node that is not finite is named.
    @Test func aNaNLossNamesTheFirstNodeThatIsNotFinite() throws {
        let network = try GradientCheckerTests.load("q2-cross-entropy.net")
        let error = try #require(throws: InputError.self) {
            try CheckablePoint.require(network, at: [1e300, 1, 1e300, 1e300])
        }
        #expect(error.location?.line == 7)
        #expect(error.message.contains("Loss = nan in double precision (the first node that is not finite is z1 = inf)"))
    }

    /// sqrt(w) at 0: the loss is 0, its derivative infinite.
    @Test func anInfiniteGradientIsReportedAtTheParameter() throws {
        let network = try NetworkParser.parse("param w\nloss L = sqrt(w)\n", file: "sqrt.net")
        let error = try #require(throws: InputError.self) { try CheckablePoint.require(network, at: [0]) }
        #expect(error.description == "sqrt.net:1:7: error: the gradient is not finite at w = 0: dL/dw = inf in double "
            + "precision, so there is nothing to check the estimates against")
        try CheckablePoint.require(network, at: [0.25])
    }
}
