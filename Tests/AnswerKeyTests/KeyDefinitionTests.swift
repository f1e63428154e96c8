import NetworkModel
import Testing
@testable import AnswerKey

@Suite("KeyDefinition: the key's own loss and activations")
struct KeyDefinitionTests {
    @Test("1/(1 + e^{-z}) is recognised as the sigmoid when it replaces a unit")
    func recognisedSigmoid() throws {
        let network = try Fixtures.network("q2-tanh")
        let symbols = KeySymbols(network: network)
        let span = MathExtractor.extract("$g_1(z) = \\frac{1}{1+e^{-z}}$").spans[0]
        var parser = MathParser(span: span, vocabulary: symbols, firstID: 0)
        let statement = try parser.parseRows()[0]
        let definition = try #require(KeyDefinition(statement, index: 0, symbols: symbols))
        #expect(definition.targets == [.activation(0)])
        let e = try #require(definition.networkExpression(for: .activation(0), symbols))
        #expect(e.description == "sigmoid(z1)")
        let replaced = try #require(network.replacing([network.slot(of: "a1")!: e], file: "x"))
        #expect(replaced.activation(of: "a1") == .sigmoid)
        #expect(replaced.slotNames == network.slotNames)
    }

    @Test("a body that uses the function itself, or non-name parameters, is not a definition")
    func notDefinitions() throws {
        let symbols = KeySymbols(network: try Fixtures.network("q2"))
        for math in ["Loss(a_2, y^*) = Loss(g_2(z_2), y^*)", "g(2) = 1", "a_2 = g_2(z_2)"] {
            let span = MathExtractor.extract("$\(math)$").spans[0]
            var parser = MathParser(span: span, vocabulary: symbols, firstID: 0)
            #expect(KeyDefinition(try parser.parseRows()[0], index: 0, symbols: symbols) == nil, "\(math)")
        }
    }

    /// `$g_1 = \tanh$` in a heading gave two warnings ("g_1 is a function and needs an argument").
    @Test("an equation between functions (g_1 = \\tanh) is the activation's definition, compared with the network")
    func functionEquation() throws {
        let text = "## Q2 with $g_1 = \\tanh$ and $g_2 = \\sigma$\n"
        let tanh = try Fixtures.check(text, network: "q2-tanh")
        #expect(tanh.diagnostics.isEmpty, "\(tanh.diagnostics.map(\.message))")
        #expect(tanh.coverage == .init(found: 2, unread: 0, checked: 2))
        let sigmoid = try Fixtures.check(text, network: "q2")
        #expect(sigmoid.diagnostics.map(\.ruleID) == ["definition-mismatch"])
        #expect(sigmoid.diagnostics.first?.position == TextPosition(line: 1, column: 19))
        let symbols = KeySymbols(network: try Fixtures.network("q2"))
        for math in ["Loss = \\frac12 (a_2 - y^*)^2", "g = g_2(z)", "Loss = g"] {
            let span = MathExtractor.extract("$\(math)$").spans[0]
            var parser = MathParser(span: span, vocabulary: symbols, firstID: 0)
            #expect(try parser.parseRows()[0].appliedToArgument(symbols) == nil, "\(math)")
        }
    }

    /// `L = (a_2 - y^*)^2` was a claim: one error for it and one for every derivative after it.
    @Test("the loss set equal to a formula in its arguments is the key's loss, reported once")
    func bareLossDefinition() throws {
        let text = """
            We use the squared error $L = (a_2 - y^*)^2$ (no factor one half).

            $$\\frac{\\partial L}{\\partial a_2} = 2 (a_2 - y^*), \\qquad \\frac{\\partial L}{\\partial w_2} = 2 (a_2 - y^*)\\, a_2 (1 - a_2)\\, a_1$$
            """
        let report = try Fixtures.check(text)
        #expect(report.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.ruleID)" } == ["1:31 definition-mismatch"])
        #expect(report.diagnostics.first?.notes.last == "the rest of the key is checked against its own definition, not the network's")
        let symbols = KeySymbols(network: try Fixtures.network("q2"))
        for math in ["L = \\frac12 (0.3 - 1)^2", "L = \\frac12 (\\sigma(z_2) - y^*)^2", "Loss = \\delta_2"] {
            let span = MathExtractor.extract("$\(math)$").spans[0]
            var parser = MathParser(span: span, vocabulary: symbols, firstID: 0)
            #expect(KeyDefinition(try parser.parseRows()[0], index: 0, symbols: symbols) == nil, "\(math)")
        }
    }

    @Test("the loss takes its label last, whatever order the network file writes")
    func lossParameters() throws {
        let symbols = KeySymbols(network: try Fixtures.network("q2-cross-entropy"))
        #expect(symbols.loss.parameters == ["a2", "y"])
    }
}
