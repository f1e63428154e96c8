import Foundation
import NetworkModel
import Testing
@testable import AnswerKey

@Suite("KeyEvaluator: values and derivatives through the network")
struct KeyEvaluatorTests {
    let network: Network
    let evaluator: KeyEvaluator
    let symbols: KeySymbols

    init() throws {
        network = try Fixtures.network("q2")
        symbols = KeySymbols(network: network)
        evaluator = KeyEvaluator(symbols: symbols, points: TestPoints(network: network, freeNames: ["z", "alpha"]))
    }

    func values(_ math: String) throws -> [Double] {
        let span = MathExtractor.extract("$$\(math)$$").spans[0]
        var parser = MathParser(span: span, vocabulary: symbols, firstID: 0)
        return try evaluator.values(try parser.parseRows()[0].terms[0])
    }

    func slot(_ name: String) -> [Double] { evaluator.points.values.map { $0[network.slot(of: name)!] } }

    @Test("dz_2/da_1 = w_2, da_2/da_1 = a_2(1 - a_2) w_2, dz_1/da_1 = 0")
    func networkDerivatives() throws {
        let w2 = slot("w2"), a2 = slot("a2")
        #expect(try values("\\frac{\\partial z_2}{\\partial a_1}") == w2)
        let expected = zip(a2, w2).map { $0 * (1 - $0) * $1 }
        for (v, e) in zip(try values("\\frac{\\partial a_2}{\\partial a_1}"), expected) {
            #expect(Swift.abs(v - e) <= 1e-15 * Swift.max(1, Swift.abs(e)))
        }
        #expect(try values("\\frac{\\partial z_1}{\\partial a_1}").allSatisfy { $0 == 0 })
    }

    @Test("a derivative with respect to a free variable: d g(z)/dz = g(z)(1 - g(z))")
    func freeVariable() throws {
        let lhs = try values("\\frac{\\partial g(z)}{\\partial z}")
        let rhs = try values("g(z)(1 - g(z))")
        #expect(Agreement.default.agree(lhs, rhs))
    }

    @Test("Loss(u, v) applies the loss node's expression; g_2(z_2) is a_2")
    func functions() throws {
        #expect(Agreement.default.agree(try values("Loss(a_2, y^*)"), slot("Loss")))
        #expect(Agreement.default.agree(try values("Loss(g_2(w_2 * g_1(w_1 * x)), y^{\\star})"), slot("Loss")))
        #expect(Agreement.default.agree(try values("g_2(z_2)"), slot("a2")))
        #expect(Agreement.default.agree(try values("\\frac{1}{1 + e^{-z_2}}"), slot("a2")))
    }

    @Test("problems are failures naming the term, not crashes", arguments: [
        "g_3(z)", "g_i(z)", "Loss(a_2)", "\\frac{\\partial}{\\partial x} \\frac{\\partial z_1}{\\partial w_1}", "\\sigma",
        "\\frac{\\partial a_1}{\\partial e}",
    ])
    func failures(_ math: String) {
        #expect(throws: KeyEvaluator.Failure.self) { _ = try values(math) }
    }
}
