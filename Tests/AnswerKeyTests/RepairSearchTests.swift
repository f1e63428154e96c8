import Reporting
import Testing
@testable import AnswerKey

/// Errors injected into correct keys: each must be found at the marked term, with the
/// marked repair; and correct notation variants must give no finding at all.
@Suite("RepairSearch: injected errors and the repairs found for them")
struct RepairSearchTests {
    struct Injected: CustomTestStringConvertible, Sendable {
        var name: String
        var key: String
        var rule: String
        var suggestion: String?
        var network = "q2"
        var testDescription: String { name }
    }

    static let injected: [Injected] = [
        Injected(name: "ascent sign in the update",
                 key: "$$w_1 \\leftarrow w_1 1️⃣+ \\alpha(a_2 - y^*) a_2(1 - a_2) w_2 a_1(1 - a_1) x$$",
                 rule: "ascent-update", suggestion: "-"),
        Injected(name: "ascent with a numeric step",
                 key: "$w_2 := w_2 1️⃣+ 0.1 (a_2 - y^*) a_2 (1-a_2) a_1$",
                 rule: "ascent-update", suggestion: "-"),
        Injected(name: "a_2(1 + a_2) for the sigmoid derivative",
                 key: "$$\\frac{\\partial a_2}{\\partial z_2} = a_2(1 1️⃣+ a_2)$$",
                 rule: "wrong-sign", suggestion: "-"),
        Injected(name: "a missing factor in a chain-rule product",
                 key: "$$\\frac{\\partial Loss}{\\partial w_1} = \\frac{\\partial Loss}{\\partial a_2} \\frac{\\partial a_2}{\\partial z_2} \\frac{\\partial z_2}{\\partial a_1} 1️⃣\\frac{\\partial z_1}{\\partial w_1}$$",
                 rule: "missing-factor",
                 suggestion: "\\frac{\\partial a_1}{\\partial z_1} \\frac{\\partial z_1}{\\partial w_1}"),
        Injected(name: "a missing factor in the expanded gradient",
                 key: "$$\\frac{\\partial Loss}{\\partial w_1} = (a_2 - y^*) a_2(1 - a_2) w_2 1️⃣x$$",
                 rule: "missing-factor", suggestion: "x a_1(1 - a_1)"),
        Injected(name: "a term right only for positive x",
                 key: "$$\\frac{\\partial z_1}{\\partial w_1} = 1️⃣|x|$$",
                 rule: "wrong-equation", suggestion: nil),
        Injected(name: "relu's derivative written as 1, right only for positive z_1",
                 key: "$$\\frac{\\partial a_1}{\\partial z_1} = 1️⃣1$$",
                 rule: "wrong-equation", suggestion: nil, network: "q2-relu"),
        Injected(name: "w_1 for w_2 in a local derivative",
                 key: "$$\\frac{\\partial z_2}{\\partial a_1} = 1️⃣w_1$$",
                 rule: "wrong-name", suggestion: "w_2"),
        Injected(name: "w_1 and w_2 swapped in the expanded gradient",
                 key: "$$\\frac{\\partial Loss}{\\partial w_1} = (a_2 - y^*) a_2(1 - a_2) 1️⃣w_1 a_1(1 - a_1) x$$",
                 rule: "wrong-name", suggestion: "w_2"),
        Injected(name: "the wrong weight in a chain's last factor, blamed by the majority",
                 key: "$$\\frac{\\partial Loss}{\\partial w_2} = (a_2 - y^*) a_2(1 - a_2) a_1 = \\frac{\\partial Loss}{\\partial a_2} \\frac{\\partial a_2}{\\partial z_2} 1️⃣\\frac{\\partial z_2}{\\partial w_1}$$",
                 rule: "wrong-derivative", suggestion: "\\frac{\\partial z_2}{\\partial w_2}"),
        Injected(name: "a wrong term in a continued display chain",
                 key: "$$\\frac{\\partial Loss}{\\partial w_2} = \\frac{\\partial Loss}{\\partial a_2} \\frac{\\partial a_2}{\\partial z_2} \\frac{\\partial z_2}{\\partial w_2}$$\n$$= (a_2 - y^*) a_2(1 1️⃣+ a_2) a_1$$",
                 rule: "wrong-sign", suggestion: "-"),
        Injected(name: "a wrong factor that no sign flip mends",
                 key: "$$\\frac{\\partial Loss}{\\partial w_2} = (a_2 - y^*) 1️⃣a_2^2 a_1$$",
                 rule: "wrong-equation", suggestion: "a_2(1 - a_2)"),
        Injected(name: "a name the network lacks, for the one it has",
                 key: "$$\\frac{\\partial z_2}{\\partial w_2} = 1️⃣a_3$$",
                 rule: "wrong-name", suggestion: "a_1"),
        Injected(name: "the tanh derivative with the wrong sign",
                 key: "$$\\frac{\\partial a_1}{\\partial z_1} = 1 1️⃣+ a_1^2$$",
                 rule: "wrong-sign", suggestion: "-", network: "q2-tanh"),
    ]

    @Test("an injected error is found at the marked term", arguments: injected)
    func injectedError(_ case_: Injected) throws {
        let marked = MarkedText(case_.key)
        let report = try Fixtures.check(marked.text, network: case_.network)
        try #require(report.diagnostics.count == 1, "\(report.diagnostics.map(\.message))")
        let d = report.diagnostics[0]
        #expect(d.severity == .error)
        #expect(d.position == marked["1️⃣"])
        #expect(d.ruleID == case_.rule)
        #expect(d.suggestion == case_.suggestion)
        #expect(d.notes.first?.hasPrefix("at ") == true)
    }

    @Test("correct notation variants give no finding", arguments: [
        "$$\\frac{\\partial g(z)}{\\partial z} = \\sigma(z)(1-\\sigma(z))$$",
        "$$\\frac{\\partial g(z)}{\\partial z} = g(z)\\,(1 - g(z)) = \\frac{e^{-z}}{(1 + e^{-z})^2} = \\frac{\\exp(-z)}{\\left(1 + \\exp(-z)\\right)^2}$$",
        "$$\\frac{\\partial Loss}{\\partial w_2} = (a_2 - y^{\\star}) \\cdot a_2 \\cdot (1 - a_2) \\cdot a_1$$",
        "$$\\frac{\\partial Loss}{\\partial w_2} = \\left(a_2 - y^\\ast\\right) a_2 \\left(1 - a_2\\right) a_1$$",
        "$$\\frac{\\partial \\mathcal{L}}{\\partial w_{2}} = (a_2 - y^*) \\times a_2(1 - a_2) \\times a_1$$",
        "$$\\frac{\\partial \\text{Loss}}{\\partial w_1} = (a_2 - y^*)a_2(1 - a_2)w_2a_1(1 - a_1)x$$",
        "$$\\frac{\\partial *Loss*}{\\partial a_2} = a_2 - y^*$$",
        "$$\\frac{\\partial \\mathrm{Loss}}{\\partial z_2} = \\frac{\\partial \\mathit{Loss}}{\\partial a_2} \\frac{\\partial a_2}{\\partial z_2}$$",
        "$$Loss(a_2, y^*) = \\frac{1}{2}(a_2 - y^*)^2 = 0.5 (y^* - a_2)^2$$",
        "$$g(z) = \\frac{1}{1+e^{-z}}$$ and $\\ln(g(z)) = -\\log(1 + \\exp(-z))$",
        "$$w_1 \\gets w_1 - \\eta \\, \\frac{\\partial Loss}{\\partial w_1}$$",
        "$$\\begin{aligned} \\frac{\\partial Loss}{\\partial w_2} &= \\frac{\\partial Loss}{\\partial a_2}\\frac{\\partial a_2}{\\partial z_2}\\frac{\\partial z_2}{\\partial w_2} \\\\ &= (a_2 - y^*)\\,a_2(1-a_2)\\,a_1 \\end{aligned}$$",
        "$z_1 = x w_1$, $a_1 = g_1(z_1) = \\sigma(z_1)$, $z_2 = w_2 a_1$, $a_2 = g_2(z_2)$",
        "$$\\frac{\\partial a_2}{\\partial x} = a_2(1 - a_2) w_2 a_1(1 - a_1) w_1$$",
        "$$\\frac{\\partial a_2}{\\partial z_2} = g_2'(z_2) = \\sigma'(z_2) = g^{\\prime}(z_2) = a_2(1 - a_2)$$",
        "$\\partial Loss / \\partial w_2 = \\frac{dLoss}{da_2} \\frac{d a_2}{d z_2} \\frac{dz_2}{dw_2}$",
        // Sized brackets: \big) used to be read as the start of another factor ("expected a term, found ')'").
        "$$\\frac{\\partial Loss}{\\partial w_2} = \\big(a_2 - y^*\\big) a_2\\Big(1 - a_2\\Big) a_1$$",
        "$$\\frac{\\partial Loss}{\\partial w_2} = \\bigl(a_2 - y^*\\bigr) \\cdot a_2 \\Bigl[1 - a_2\\Bigr] \\cdot a_1$$",
        "$$\\frac{\\partial Loss}{\\partial a_2} = \\biggl(a_2 - y^*\\biggr) = \\Bigl|a_2\\Bigr| - y^*$$",
    ])
    func variants(_ key: String) throws {
        let report = try Fixtures.check(key)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.checked >= 1)
    }
}
