import NetworkModel
import Testing
@testable import AnswerKey

@Suite("MathParser: the LaTeX of answer keys")
struct MathParserTests {
    let symbols: KeySymbols

    init() throws { symbols = KeySymbols(network: try Fixtures.network("q2")) }

    func rows(_ math: String) throws -> [KeyStatement] {
        let span = MathExtractor.extract("$$\(math)$$").spans[0]
        var parser = MathParser(span: span, vocabulary: symbols, firstID: 0)
        return try parser.parseRows()
    }

    func term(_ math: String) throws -> MathTerm {
        let r = try rows(math)
        try #require(r.count == 1 && r[0].terms.count == 1)
        return r[0].terms[0]
    }

    func error(_ math: String) -> MathSyntaxError? {
        let span = MathExtractor.extract("$$\(math)$$").spans[0]
        var parser = MathParser(span: span, vocabulary: symbols, firstID: 0)
        do { _ = try parser.parseRows(); return nil } catch { return error }
    }

    @Test("juxtaposition: a_2(1 - a_2) is a product, g_2(z_2) an application")
    func productVersusApplication() throws {
        guard case .product(let fs) = try term("a_2(1 - a_2)").kind else { Issue.record("not a product"); return }
        #expect(fs.count == 2)
        guard case .apply(let f, let args) = try term("g_2(z_2)").kind else { Issue.record("not an application"); return }
        #expect(f == KeyName(base: "g", subscriptText: "2"))
        #expect(args.count == 1)
        guard case .apply(let loss, let two) = try term("Loss(a_2, y^*)").kind else { Issue.record("not an application"); return }
        #expect(loss.base == "Loss")
        #expect(two.count == 2)
    }

    @Test("names: subscripts in braces, star superscripts, emphasis, wrappers", arguments: [
        ("w_{1}", "w1"), ("w_1", "w1"), ("y^*", "y*"), ("y^{\\star}", "y*"), ("y^\\ast", "y*"), ("y^{*}", "y*"),
        ("*Loss*", "Loss"), ("**Loss**", "Loss"), ("\\text{Loss}", "Loss"), ("\\mathrm{Loss}", "Loss"),
        ("\\mathit{Loss}", "Loss"), ("\\alpha", "alpha"), ("α", "alpha"), ("a2", "a2"),
    ])
    func names(_ math: String, key: String) throws {
        guard case .name(let n) = try term(math).kind else { Issue.record("\(math) is not a name"); return }
        #expect(n.key == key)
    }

    @Test("a derivative, and the operator form \\frac{\\partial}{\\partial v} u")
    func derivatives() throws {
        let d = try term("\\frac{\\partial Loss}{\\partial w_2}")
        let (u, v) = try #require(d.derivativeParts)
        #expect(u.text == "Loss")
        #expect(v.key == "w2")
        let op = try term("\\frac{\\partial}{\\partial z} g(z)")
        #expect(op.derivativeParts?.variable.key == "z")
    }

    @Test("e^{-z}, (…)^2, \\frac12, \\left( \\right), \\cdot, \\times, \\, all parse")
    func notation() throws {
        for math in ["\\frac{1}{1+e^{-z}}", "\\frac12 (a_2 - y^*)^2", "\\left(a_2 - y^*\\right) \\cdot a_1",
                     "w_2 \\times x", "a_1\\,(1 - a_1)", "\\tanh^2(z)", "\\log a_2", "\\max(0, z)", "\\mathbb{1}[z_1 > 0]",
                     "|x|", "\\sqrt{x^2}", "\\exp(-z)"] {
            #expect(throws: Never.self, "\(math)") { _ = try rows(math) }
        }
    }

    @Test("relations: chains, updates, continuation rows, aligned rows")
    func relations() throws {
        let chain = try rows("a = b = c")
        #expect(chain.count == 1 && chain[0].terms.count == 3 && chain[0].relation == .equality)
        #expect(try rows("w_1 \\leftarrow w_1 - \\alpha x")[0].relation == .update)
        #expect(try rows("w_1 := w_1 - \\alpha x")[0].relation == .update)
        let continued = try rows("= x")
        #expect(continued[0].continues)
        let aligned = try rows("\\begin{aligned} a &= b \\\\ &= c \\end{aligned}")
        #expect(aligned.count == 2 && aligned[1].continues)
        let prose = try rows("g(z)(1-g(z)) \\quad \\text{for the sigmoid}")
        #expect(prose[0].terms.count == 1)
    }

    @Test("errors carry the offset where reading stopped")
    func errors() throws {
        let e = try #require(error("a = (b + c"))
        #expect(e.offset == 10)
        #expect(error("\\frac{\\partial^2 L}{\\partial w^2}") != nil)
        #expect(error("a \\foo b")?.message.contains("\\foo") == true)
        #expect(error(String(repeating: "(", count: 500) + "x" + String(repeating: ")", count: 500))?.message
            .contains("nested too deeply") == true)
    }

    /// Sums and `^` chains are built in loops, not by recursion: before the
    /// parser bounded the tree's height, `a_2 + a_2 + … + a_2` (500 terms)
    /// overflowed the stack of the evaluator that recursed through it.
    @Test("long sums, power chains and runs of minus signs are too deep, with the offset of the operator")
    func tallTrees() throws {
        let limit = MathParser.maximumDepth
        let fits = Array(repeating: "a_2", count: limit).joined(separator: " + ")
        #expect(error(fits) == nil)
        let sum = Array(repeating: "a_2", count: limit + 1).joined(separator: " + ")
        let e = try #require(error(sum))
        #expect(e.message.contains("nested too deeply"))
        #expect(e.offset == 6 * limit - 2)  // the '+' before the last term
        #expect(error(Array(repeating: "a_2", count: 100_000).joined(separator: " - ")) != nil)
        #expect(error("a_2" + String(repeating: "^a_2", count: 1000)) != nil)
        #expect(error("a_2^" + String(repeating: "-", count: 100_000) + "1") != nil)
    }
}
