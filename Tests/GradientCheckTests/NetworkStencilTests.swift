import Foundation
import Testing
import FiniteDifferences
import NetworkModel
import GradientCheck

/// The stencils `check` and `sweep` evaluate, read from another module than the one that
/// defines them. A release build once inlined `StencilErrorModel.multiples` with its two
/// array literals swapped (each module numbers the outlined literals in its own order and
/// the linker keeps one of each name): five-point got central's four multiples and
/// `gradcheck check --x 1.5 --w1 0.3 --w2 -0.7 --y 1` crashed on `losses[4]`. Debug builds
/// never inline, so these pass there either way; under `swift test -c release` they guard it.
struct NetworkStencilTests {
    @Test func theMultiplesOfEachStencil() {
        #expect(StencilErrorModel.multiples(.central) == [1, -1, 2, -2])
        #expect(StencilErrorModel.multiples(.fivePoint) == [1, -1, 2, -2, 4, -4])
        #expect(StencilErrorModel.multiples(.central) == StencilErrorModel.centralMultiples)
        #expect(StencilErrorModel.multiples(.fivePoint) == StencilErrorModel.fivePointMultiples)
    }

    /// Five-point evaluates the loss at `w` and six stencil points, central at `w` and four.
    @Test func fivePointEvaluatesSevenLossesAndCentralFive() throws {
        let network = try GradientCheckerTests.load("q2.net")
        let f = try #require(LossFunction(network, variable: "w1", at: [1.5, 1, 0.3, -0.7]))
        let five = try #require(NetworkStencil.estimate(.fivePoint, f, lossError: 0).estimate)
        let central = try #require(NetworkStencil.estimate(.central, f, lossError: 0).estimate)
        #expect(five.evaluations == 7)
        #expect(central.evaluations == 5)
        #expect(Swift.abs(five.value - central.value) < 1e-8, "five-point \(five.value), central \(central.value)")
    }
}
