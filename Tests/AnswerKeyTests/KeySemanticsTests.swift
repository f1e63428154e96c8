import Reporting
import Testing
@testable import AnswerKey

/// Keys as people write them: numeric worked examples, local definitions, conditions.
@Suite("Key semantics: given values, rounding, definitions, conditions")
struct KeySemanticsTests {
    func lines(_ report: DiagnosticReport, _ severity: Diagnostic.Severity = .error) -> [Int] {
        report.diagnostics.filter { $0.severity == severity }.map(\.location.line)
    }

    // MARK: The bundled style fixtures

    @Test("the correct style fixtures give no finding and no warning", arguments: [
        "numeric-example", "delta-notation", "conditions",
    ])
    func correctFixtures(_ name: String) throws {
        let report = try Fixtures.check(try Fixtures.key(name))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map { "\($0.location.line): \($0.message)" })")
        #expect(report.checked >= 14)
    }

    @Test("the injected copies: exactly the injected errors, on their lines", arguments: [
        ("numeric-example-errors", [15, 25, 31, 42]),
        ("delta-notation-errors", [10, 16, 22, 28, 34]),
        ("conditions-errors", [8, 14, 19, 21, 27]),
    ])
    func injectedFixtures(_ name: String, _ expected: [Int]) throws {
        let report = try Fixtures.check(try Fixtures.key(name))
        #expect(lines(report) == expected, "\(report.diagnostics.map { "\($0.location.line): \($0.message)" })")
        #expect(lines(report, .warning).isEmpty)
    }

    /// Held-out keys that gave false alarms (an adversarial review of this session).
    @Test("a case word before two of the network's quantities set equal makes a condition, not a claim")
    func conditionBetweenNodes() throws {
        let text = """
            If $a_2 = y^*$ then $\\frac{\\partial Loss}{\\partial w_2} = 0$.

            When the prediction is perfect ($a_2 = y^*$), $\\frac{\\partial Loss}{\\partial w_1} = 0$.

            For a perfect prediction ($a_2 = y^*$) the gradient $\\frac{\\partial Loss}{\\partial w_2} = 0$.

            In general $\\frac{\\partial Loss}{\\partial w_2} = (a_2 - y^*) a_2 (1 - a_1) a_1$.
            """
        let report = try Fixtures.check(text)
        #expect(lines(report) == [7], "\(report.diagnostics.map { "\($0.location.line): \($0.message)" })")
        #expect(report.diagnostics.filter { $0.ruleID == "unchecked-condition" }.map(\.location.line) == [1, 3, 5])
    }

    @Test("a function gradcheck does not know, \\operatorname{sech}, is unread math, not a variable sampled at random")
    func unknownOperatorName() throws {
        let text = """
            Using $\\operatorname{sech}^2 z = 1 - \\tanh^2 z$: $\\frac{\\partial a_1}{\\partial z_1} = \\operatorname{sech}^2(z_1)$.

            And $\\frac{\\partial a_1}{\\partial z_1} = 1 - a_1^2$.
            """
        let report = try Fixtures.check(text, network: "q2-tanh")
        #expect(lines(report).isEmpty, "\(report.diagnostics.map { "\($0.location.line): \($0.message)" })")
        #expect(report.diagnostics.filter { $0.ruleID == "parse-error" }.count == 2)
        #expect(report.diagnostics.allSatisfy { $0.message.contains("unknown function \\operatorname{sech}") })
    }

    @Test("a wrong number names the value computed and suggests it rounded as the key rounds")
    func numericMessage() throws {
        let report = try Fixtures.check(try Fixtures.key("numeric-example-errors"))
        let first = try #require(report.diagnostics.first)
        #expect(first.message == "a_1 = 0.26894, but the key says 0.2869")
        #expect(first.suggestion == "0.2689")
        #expect(first.ruleID == "wrong-number")
        #expect(first.notes == ["at x = 2, y^* = 0, w_1 = -0.5, w_2 = 1.2"])
    }

    // MARK: Given values and rounding

    @Test("given values are never findings (the old '1.5 should be ∂z_1/∂w_1' and '0.5 does not equal \\alpha')")
    func givenValues() throws {
        let report = try Fixtures.check("""
            Take $x = 1.5$, $w_1 = 0.3$, $w_2 = -0.7$ and $y^* = 1$, with learning rate $\\alpha = 0.5$.

            $$a_1 = \\sigma(z_1) = \\frac{1}{1 + e^{-0.45}} \\approx 0.6106$$
            """)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.checked == 3)
    }

    @Test("rounding propagates through the arithmetic shown", arguments: [
        ("$0.6106 \\times (-0.7) \\approx -0.4274$", true),
        ("$\\sigma(0.45) \\approx 0.6160$", false),
        ("$\\sigma(0.45) \\approx 0.6106$", true),
        ("$\\frac{1}{2}(0.3947 - 1)^2 \\approx 0.1832$", true),
        ("$\\frac{1}{2}(0.3947 - 1)^2 \\approx 0.1823$", false),
        ("$2^{-1} = 0.5$", true),
        ("$\\sigma(0) = 0.49$", false),
    ])
    func rounding(_ math: String, _ holds: Bool) throws {
        let report = try Fixtures.check(math)
        #expect(report.checked == 1)
        #expect(lines(report).isEmpty == holds, "\(report.diagnostics.map(\.message))")
    }

    /// σ(1) = 0.7310586: `=` allows half a unit of the last digit, `\approx` a whole unit.
    @Test("= is half a unit of the last digit, \\approx a whole unit", arguments: [
        ("$\\sigma(1) = 0.7311$", true),
        ("$\\sigma(1) = 0.7310$", false),
        ("$\\sigma(1) \\approx 0.7310$", true),
        ("$\\sigma(1) \\approx 0.7312$", false),
        ("$\\sigma(1) \\simeq 0.731$", true),
        ("$\\sigma(1) ≈ 0.73$", true),
        ("$\\sigma(1) \\doteq 0.74$", true),
        ("$\\sigma(1) \\doteq 0.72$", false),
    ])
    func approxVersusEquals(_ math: String, _ holds: Bool) throws {
        let report = try Fixtures.check(math)
        #expect(report.checked == 1)
        #expect(lines(report).isEmpty == holds, "\(report.diagnostics.map(\.message))")
    }

    @Test("a number compared with a quantity whose variables have no value is a warning, not an error")
    func uncheckableNumber() throws {
        let report = try Fixtures.check("Here $w_1 = 0.3$ and $x = 1.5$.\n\n$$a_2 = \\sigma(z_2) \\approx 0.3947$$")
        #expect(lines(report).isEmpty)
        #expect(report.diagnostics.map(\.ruleID) == ["unchecked-number"])
        #expect(report.diagnostics[0].message.contains("w_2"))
    }

    @Test("given values hold until the section ends or they are given again")
    func sections() throws {
        let report = try Fixtures.check("""
            # First
            Take $x = 1$, $w_1 = 0$, $w_2 = 0$ and $y^* = 1$: $a_2 = 0.5$, $a_1 = 0.5$.

            Now $w_2 = 2$: $z_2 = 1$ and $a_2 \\approx 0.7311$.

            # Second
            $a_2 = 0.5$
            """)
        #expect(lines(report).isEmpty)
        #expect(report.diagnostics.map(\.ruleID) == ["unchecked-number"])
        #expect(report.diagnostics.map(\.location.line) == [7])
    }

    static let subsectionKey = """
        ## Solution

        **Given:** $x = 1.5$, $y^* = 1$, $w_1 = 0.3$, $w_2 = -0.7$, learning rate $\\eta = 0.1$.

        ### Forward pass

        1. $z_1 = w_1 x = 0.3 \\cdot 1.5 = 0.45$
        2. $a_1 = \\sigma(0.45) = \\frac{1}{1+e^{-0.45}} ≈ 0.6106$

        ### Backward pass

        $$\\frac{\\partial a_2}{\\partial z_2} = a_2(1-a_2) = 0.3947 \\times 0.6053 ≈ 0.2389$$

        $$w_2^{\\text{new}} = -0.7 - 0.1(-0.0883) ≈ -0.6912$$

        ## Another question

        $a_1 = 0.6106$
        """

    @Test("values given under a heading hold through its subsections, not past the next heading of its level")
    func subsections() throws {
        let report = try Fixtures.check(Self.subsectionKey)
        #expect(lines(report).isEmpty, "\(report.diagnostics.map(\.message))")
        #expect(report.diagnostics.map(\.location.line) == [18])
        #expect(report.diagnostics.map(\.ruleID) == ["unchecked-number"])
        let wrong = Self.subsectionKey.replacingOccurrences(of: "= 0.45$", with: "= 0.54$")
            .replacingOccurrences(of: "≈ -0.6912", with: "≈ -0.7088")
        #expect(lines(try Fixtures.check(wrong)) == [7, 14])
    }

    // MARK: Held-out keys in each style (not the fixtures' network, point or wording)

    static let crossEntropyKey = """
        Let the input be $x = 0.5$ with $y^* = 1$; the weights are $w_1 = 2$ and $w_2 = -1.5$, and $\\eta = 0.2$.

        Then $z_1 = 0.5 \\cdot 2 = 1$, so $a_1 = \\sigma(1) \\approx 0.731$ and $z_2 = -1.5 \\cdot 0.731 \\approx -1.097$.

        $a_2 = \\sigma(z_2) \\approx 0.2504$ and $Loss = -\\log a_2 \\approx 1.385$.

        $$\\frac{\\partial Loss}{\\partial z_2} = a_2 - y^* \\approx -0.7496$$

        $$\\frac{\\partial Loss}{\\partial w_2} = (a_2 - y^*)\\, a_1 \\approx -0.7496 \\times 0.731 \\approx -0.548$$

        $$w_2 \\leftarrow w_2 - \\eta \\frac{\\partial Loss}{\\partial w_2} \\approx -1.5 + 0.2 \\times 0.548 \\approx -1.390$$
        """

    @Test("a numeric example on the cross-entropy network: correct, then with three wrong numbers")
    func crossEntropyNumeric() throws {
        let correct = try Fixtures.check(Self.crossEntropyKey, network: "q2-cross-entropy")
        #expect(correct.diagnostics.isEmpty, "\(correct.diagnostics.map(\.message))")
        let wrong = Self.crossEntropyKey
            .replacingOccurrences(of: "0.731$ and", with: "0.713$ and")
            .replacingOccurrences(of: "\\approx 1.385", with: "\\approx 1.358")
            .replacingOccurrences(of: "-1.5 + 0.2 \\times 0.548 \\approx -1.390", with: "-1.5 - 0.2 \\times 0.548 \\approx -1.610")
        let report = try Fixtures.check(wrong, network: "q2-cross-entropy")
        #expect(lines(report) == [3, 5, 11], "\(report.diagnostics.map(\.message))")
        #expect(report.diagnostics[1].message == "Loss = 1.3848, but the key says 1.358")
    }

    static let tanhDeltaKey = """
        Define $\\delta^{(2)} := \\frac{\\partial L}{\\partial z_2}$ and let the output be $\\hat{y} = a_2$. Then
        $$\\delta^{(2)} = (\\hat{y} - y^*)\\, \\hat{y} (1 - \\hat{y}), \\quad \\frac{\\partial L}{\\partial w_1} = \\delta^{(2)} w_2 (1 - a_1^2)\\, x$$
        $$\\frac{\\partial L}{\\partial w_2} = \\delta_2 \\, a_1 \\quad\\text{and}\\quad g_1'(z_1) = 1 - \\tanh^2(z_1)$$
        $$\\frac{\\partial L}{\\partial w_2} = \\Delta\\, a_1, \\qquad \\text{where } \\Delta = \\frac{\\partial L}{\\partial \\hat{y}}\\, \\sigma'(z_2)$$
        """

    @Test("error signals on the tanh network: correct, then with three wrong equations")
    func tanhDelta() throws {
        let correct = try Fixtures.check(Self.tanhDeltaKey, network: "q2-tanh")
        #expect(correct.diagnostics.isEmpty, "\(correct.diagnostics.map(\.message))")
        let wrong = Self.tanhDeltaKey
            .replacingOccurrences(of: "(1 - a_1^2)", with: "(1 - a_1)^2")
            .replacingOccurrences(of: "\\delta_2 \\, a_1", with: "\\delta_2 \\, z_1")
            .replacingOccurrences(of: "\\sigma'(z_2)$$", with: "\\sigma'(z_1)$$")
        let report = try Fixtures.check(wrong, network: "q2-tanh")
        #expect(lines(report) == [2, 3, 4], "\(report.diagnostics.map(\.message))")
    }

    @Test("a definition contradicted later is reported on the later line, not on the definition")
    func contradiction() throws {
        let report = try Fixtures.check("""
            Let $\\delta_2 = \\frac{\\partial Loss}{\\partial z_2}$.

            $$\\delta_2 = (a_2 - y^*) a_2 (1 - a_2) a_1$$
            """)
        #expect(lines(report) == [3])
    }

    static let tanhConditionsKey = """
        At $z_1 = 0$: $a_1 = 0$ and $g_1'(z_1) = 1$.

        When $y^* = 1$, $\\frac{\\partial L}{\\partial a_2} = a_2 - 1$; when $y^* = 0$ it is $\\frac{\\partial L}{\\partial a_2} = a_2$.

        $$\\frac{\\partial L}{\\partial w_2} = 0 \\quad \\text{if } x = 0, \\qquad \\frac{\\partial L}{\\partial w_1} = 0 \\quad \\text{for } w_2 = 0$$

        $$|z_1| = \\begin{cases} z_1 & z_1 \\geq 0 \\\\ -z_1 & \\text{otherwise} \\end{cases}$$

        For $x > 0$ and $w_1 > 0$, $a_1 > 0$ and $\\frac{\\partial L}{\\partial w_1} = \\frac{\\partial L}{\\partial a_1} (1 - a_1^2)\\, x$.
        """

    @Test("conditions on the tanh network: correct, then with four wrong statements")
    func tanhConditions() throws {
        let correct = try Fixtures.check(Self.tanhConditionsKey, network: "q2-tanh")
        #expect(correct.diagnostics.isEmpty, "\(correct.diagnostics.map(\.message))")
        let wrong = Self.tanhConditionsKey
            .replacingOccurrences(of: "g_1'(z_1) = 1$", with: "g_1'(z_1) = 0$")
            .replacingOccurrences(of: "= a_2 - 1$", with: "= a_2 + 1$")
            .replacingOccurrences(of: "\\frac{\\partial L}{\\partial w_1} = 0 \\quad", with: "\\frac{\\partial L}{\\partial w_2} = 0 \\quad")
            .replacingOccurrences(of: "-z_1 & \\text{otherwise}", with: "z_1 & \\text{otherwise}")
        let report = try Fixtures.check(wrong, network: "q2-tanh")
        #expect(lines(report) == [1, 3, 5, 7], "\(report.diagnostics.map(\.message))")
    }

    @Test("a condition governs its sentence; 'i.e.' does not end it, a full stop does")
    func sentenceScope() throws {
        let report = try Fixtures.check("""
            For $y^* = 1$ (i.e. a positive example), $\\frac{\\partial L}{\\partial a_2} = a_2 - 1$. Then again
            $\\frac{\\partial L}{\\partial a_2} = a_2 - 1$.
            """)
        #expect(lines(report) == [2])
    }

    @Test("a condition that cannot be sampled or satisfied is a warning, never an error")
    func unusableConditions() throws {
        let report = try Fixtures.check("""
            $$\\frac{\\partial Loss}{\\partial w_2} = 0 \\quad \\text{when } a_2 = y^*$$

            $$a_1 = 7 \\quad \\text{when } a_1 = 2$$
            """)
        #expect(lines(report).isEmpty)
        #expect(report.diagnostics.map(\.ruleID) == ["unchecked-condition", "unchecked-condition"])
    }

    /// `0 < \sigma'(z) \le \frac14` was unread math ("unsupported LaTeX command \le"): the row
    /// ended after the first comparison. Each neighbouring pair is now a comparison, in prose
    /// and in a `\text{for}` clause alike.
    @Test("a chain of comparisons is one comparison per pair, not unread math")
    func comparisonChain() throws {
        let text = """
            Since $0 < \\sigma'(z) \\le \\frac14$, the gradient is bounded.

            $$\\frac{\\partial Loss}{\\partial w_1} = (a_2 - y^*) a_2 (1 - a_2) w_2 a_1 (1 - a_1) x \\quad \\text{for } 0 < x \\leq 1$$

            $$\\frac{\\partial Loss}{\\partial w_1} = (a_2 - y^*) a_2 (1 - a_2) w_2 a_1 (1 - a_1) \\quad \\text{for } 0 < x \\leq 1$$
            """
        let report = try Fixtures.check(text)
        #expect(report.coverage == DiagnosticReport.Coverage(found: 2, unread: 0, checked: 2))
        #expect(report.diagnostics.map(\.location.line) == [5])
        #expect(report.diagnostics.map(\.severity) == [.error])
        // Both comparisons on x hold at the point shown (the second used to replace the first).
        #expect(report.diagnostics.first?.notes.first?.hasPrefix("at x = 0.233895, ") == true)
    }

    /// "For $x_1 = 1$, …: … Then $\\frac{\\partial E}{\\partial w_2} \\approx 0.9404$." left every number after
    /// the first sentence unchecked (a warning), so a wrong sign there passed (reviewed key k10).
    @Test("a sentence whose conditions set every variable is a worked example for the section's numbers")
    func conditionsThatSetEveryVariable() throws {
        let text = """
            ## Example

            For $x = 1$, $w_1 = 0.5$, $w_2 = 2$ and $y^* = 0$: $z_1 = 0.5$.
            Then $\\frac{\\partial Loss}{\\partial w_2} \\approx 0.0839$ and $a_1 \\approx 0.3775$.
            In general $\\frac{\\partial Loss}{\\partial w_1} = (a_2 - y^*) a_2 (1 - a_2) w_2 a_1 (1 - a_1)$.

            ## One value only

            When $x = 0$, $\\frac{\\partial Loss}{\\partial w_1} = 0$.
            Then $\\frac{\\partial Loss}{\\partial w_2} \\approx 0.1$.
            """
        let report = try Fixtures.check(text)
        #expect(report.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity)" } == ["4:75 error", "5:13 error", "10:50 warning"])
        #expect(report.diagnostics.first?.message == "a_1 = 0.62246, but the key says 0.3775")
        #expect(report.diagnostics.last?.ruleID == "unchecked-number")
        // The example's point is for numbers: a formula after it is still checked everywhere
        // (at x = 1 the missing factor x would go unseen).
        #expect(report.diagnostics[1].notes.first?.hasPrefix("at x = -0.476075") == true)
    }

    /// `\\left. E \\right|_{x = 1}` and `E \\Big|_{x = 0}` were unread math ("unexpected '_'").
    @Test("an evaluation bar is a condition on its row")
    func evaluationBar() throws {
        let text = """
            $$\\left.\\frac{\\partial Loss}{\\partial w_2}\\right|_{x = 1} = (a_2 - y^*)\\, a_2 (1 - a_2)\\, a_1$$

            $$\\frac{\\partial Loss}{\\partial w_1}\\Big|_{x = 0} = 0, \\qquad \\frac{\\partial Loss}{\\partial w_1}\\bigg\\rvert_{w_2 = 0} = 0$$

            $$\\left.\\frac{\\partial Loss}{\\partial w_2}\\right|_{x = 0, y^* = 1} = (a_2 - 1)\\, a_2 (1 - a_2) \\cdot \\frac12$$

            $$\\left.\\frac{\\partial Loss}{\\partial w_1}\\right|_{w_2 = 0} = x$$
            """
        let report = try Fixtures.check(text)
        #expect(report.coverage == DiagnosticReport.Coverage(found: 5, unread: 0, checked: 5))
        #expect(report.diagnostics.map(\.location.line) == [7])
        #expect(report.diagnostics.first?.notes.first?.contains("w_2 = 0: ∂Loss/∂w_1 = 0, but x = ") == true)
    }

    /// `\\implies`, `\\therefore` and `\\text{hence}` were unread math, so the \\delta_2 they defined was
    /// sampled at random and a correct line after them was reported wrong; `z_1 > 0 \\Rightarrow …`
    /// is the condition of what it implies, not of the claims before it.
    @Test("connectives separate statements; a comparison before \\Rightarrow is the condition of the next row")
    func connectives() throws {
        let text = """
            $$\\delta_2 = (a_2 - y^*)\\, a_2 (1 - a_2) \\implies \\frac{\\partial Loss}{\\partial w_2} = \\delta_2\\, a_1$$

            $$\\therefore \\frac{\\partial Loss}{\\partial w_1} = \\delta_2 w_2 \\mathbb{1}[z_1 > 0] x \\text{, hence } \\frac{\\partial Loss}{\\partial z_1} = \\delta_2 w_2$$

            $$z_1 > 0 \\Rightarrow \\frac{\\partial a_1}{\\partial z_1} = 1, \\qquad z_1 < 0 \\Rightarrow \\frac{\\partial a_1}{\\partial z_1} = 1$$
            """
        let report = try Fixtures.check(text, network: "q2-relu")
        #expect(report.coverage == DiagnosticReport.Coverage(found: 6, unread: 0, checked: 6))
        #expect(report.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["3:102", "5:125"])
        #expect(report.diagnostics.map(\.severity) == [.error, .error])
    }

    /// `w_1 = w_2 = 0` was a claim checked at random points ("w_1 should be w_2 here"), and
    /// `(x, y^*) = (2, 1)` unread math, leaving the example's numbers unchecked.
    @Test("one value given to several names, and tuples of given values")
    func chainedAndTupleGivens() throws {
        let text = """
            ## Example 1

            Let $x = 1$, $y^* = 0$ and $w_1 = w_2 = 0.5$.
            Then $z_1 = 0.5$ and $a_1 = \\sigma(0.5) \\approx 0.6225$.

            ## Example 2

            Take $(x, y^*) = (2, 1)$ and initialise $w_1 = w_2 = 0$.
            Then $a_1 = a_2 = 0.5$ and $\\frac{\\partial Loss}{\\partial w_2} = (0.5 - 1)(0.25)(0.5) = 0.0625$.
            """
        let report = try Fixtures.check(text)
        #expect(report.coverage == DiagnosticReport.Coverage(found: 4, unread: 0, checked: 4))
        #expect(report.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["9:89"])
        #expect(report.diagnostics.first?.message == "∂Loss/∂w_2 = -0.06250, but the key says 0.0625")
    }

    /// "With target $t$" left t a free variable sampled at random: every correct use was an error.
    @Test("a bare name after 'target' is the label, after 'prediction' the loss's other argument")
    func labelAndOutputAliases() throws {
        let text = """
            With target $t$ (the label) and the network's prediction $p$:

            $$\\frac{\\partial Loss}{\\partial p} = p - t, \\qquad \\frac{\\partial Loss}{\\partial w_2} = (p + t)\\, p (1 - p)\\, a_1$$
            """
        let report = try Fixtures.check(text)
        #expect(report.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["3:92"])
        #expect(report.diagnostics.first?.suggestion == "-")
        // On three weights the prediction is a_3: p - t holds, the second statement is still wrong.
        let other = try Fixtures.check(text, network: "q2-three-weights")
        #expect(other.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["3:89"])
    }

    /// `\\Delta w_1 = -\\eta …` multiplied a random `\\Delta` by w_1: every correct step was an error.
    @Test("\\Delta w_1 = E is the update w_1 \\leftarrow w_1 + E; a chain after it stays a chain")
    func incrementUpdates() throws {
        let text = """
            Take $x = 1.5$, $w_1 = 0.8$, $w_2 = -1.1$, $y^* = 1$ and $\\eta = 0.5$.

            The weight change is $\\Delta w_1 = \\eta \\frac{\\partial Loss}{\\partial w_1}$ and $\\Delta w_2 = -\\eta\\, (a_2 - y^*)\\, a_2 (1 - a_2)\\, a_2$.

            $$\\Delta w_1 = -\\eta \\frac{\\partial Loss}{\\partial w_1} \\approx -0.0216, \\qquad \\Delta w_2 = -\\eta \\frac{\\partial Loss}{\\partial w_2} \\approx 0.0665$$
            """
        let report = try Fixtures.check(text)
        #expect(report.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.ruleID)" }
            == ["3:36 ascent-update", "3:95 wrong-update", "5:143 wrong-number"])
        #expect(report.coverage == DiagnosticReport.Coverage(found: 6, unread: 0, checked: 6))
    }

    /// `\\frac{\\partial}{\\partial w_2} \\frac12 (a_2 - y^*)^2` differentiated the ½ alone (0), and
    /// `L(w_1, w_2) = …` was taken for a loss function of other arguments ("another network").
    @Test("a derivative operator applies to the rest of its product; the loss of the weights is the loss")
    func operatorAndLossOfWeights() throws {
        func text(_ v: String, _ inner: String) -> String {
            """
            $$\\frac{\\partial Loss}{\\partial w_2} = (a_2 - y^*)\\, a_2 (1 - a_2)\\, a_1 = \\frac{\\partial}{\\partial \(v)} \\frac{1}{2}(a_2 - y^*)^2$$

            $$L(w_1, w_2) = \\frac12 \\left(\\sigma(\(inner)) - y^*\\right)^2$$
            """
        }
        let correct = try Fixtures.check(text("w_2", "w_2 \\sigma(w_1 x)"))
        #expect(correct.diagnostics.isEmpty, "\(correct.diagnostics.map(\.message))")
        #expect(correct.coverage == DiagnosticReport.Coverage(found: 2, unread: 0, checked: 2))
        let wrong = try Fixtures.check(text("w_1", "w_1 \\sigma(w_2 x)"))
        #expect(wrong.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["1:76", "3:17"])
    }

    /// `\\underbrace{…}_{…}` made the whole display unread; its label is now a claim about the term.
    @Test("an underbrace is its term, and its label is checked against it")
    func underbraceLabels() throws {
        func text(_ label: String) -> String {
            """
            $$
            \\frac{\\partial Loss}{\\partial w_2}
              = \\underbrace{(a_2 - y^*)}_{\\partial Loss / \\partial a_2}
                \\underbrace{a_2 (1 - a_2)}_{\\partial a_2 / \\partial z_2}
                \\underbrace{a_1}_{\\partial z_2 / \\partial \(label)}
            $$
            """
        }
        let correct = try Fixtures.check(text("w_2"))
        #expect(correct.diagnostics.isEmpty, "\(correct.diagnostics.map(\.message))")
        #expect(correct.coverage == DiagnosticReport.Coverage(found: 4, unread: 0, checked: 4))
        let wrong = try Fixtures.check(text("a_1"))
        #expect(wrong.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["5:22"])
        #expect(wrong.diagnostics.first?.suggestion == "\\frac{\\partial z_2}{\\partial w_2}")
    }

    /// `H(z_1)` was H·z_1 with H sampled at random: a false error on relu's derivative.
    @Test("H, \\Theta and step are the unit step, relu's derivative")
    func heaviside() throws {
        let text = """
            $$\\frac{\\partial a_1}{\\partial z_1} = H(z_1) \\quad \\text{where } H \\text{ is the Heaviside step}$$

            $$\\frac{\\partial Loss}{\\partial w_1} = (a_2 - y^*) a_2 (1 - a_2) w_2 \\Theta(z_1) x, \\qquad \\frac{\\partial Loss}{\\partial w_1} = (a_2 - y^*) a_2 (1 - a_2) w_2 \\Theta(z_1)$$
            """
        let report = try Fixtures.check(text, network: "q2-relu")
        #expect(report.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["3:92"])
        #expect(report.coverage == DiagnosticReport.Coverage(found: 3, unread: 0, checked: 3))
    }

    /// `0{,}5` (a decimal comma as LaTeX writes it) was unread math: the example's values were lost.
    @Test("a decimal comma 0{,}5 is a number with its rounding")
    func decimalComma() throws {
        let text = """
            Take $x = 1$, $w_1 = 0{,}5$, $w_2 = 2$ and $y^* = 0$.

            Then $z_1 = 0{,}5$ and $a_1 = \\sigma(0{,}5) \\approx 0{,}6252$, $z_2 \\approx 1{,}2449$.
            """
        let report = try Fixtures.check(text)
        #expect(report.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["3:53"])
        #expect(report.diagnostics.first?.message == "a_1 = 0.62246, but the key says 0{,}6252")
        #expect(report.coverage == DiagnosticReport.Coverage(found: 3, unread: 0, checked: 3))
    }

    /// A numeric step `2 - 0.1 \\times 0.0839` took its step size from itself, so any number passed,
    /// though the key gave `\\eta = 0.1`; with that size it must hold within the numbers' rounding.
    @Test("a numeric update step uses the step size the key gave, within its rounding", arguments: [
        ("2 - 0.1 \\times 0.0673", [String]()),
        ("2 - 0.1 \\times 0.0839", ["5:18 wrong-update"]),
        ("2 + 0.1 \\times 0.0673", ["5:20 ascent-update"]),
    ])
    func numericStep(_ step: String, _ expected: [String]) throws {
        let text = """
            Start from $w_1^{(0)} = 0.5$, $w_2^{(0)} = 2$ with $x = 1$, $y^* = 0$ and $\\eta = 0.1$.

            After one step, $w_1^{(1)} = w_1^{(0)} - \\eta \\frac{\\partial Loss}{\\partial w_1} \\approx 0.5 - 0.1 \\times 0.2290 = 0.4771$.

            And $w_2^{(1)} = \(step) \\approx 1.9933$.
            """
        let report = try Fixtures.check(text, network: "q2-tanh")
        #expect(report.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.ruleID)" } == expected)
    }

    @Test("a bare condition is not a claim; special values are checked as numbers")
    func bareConditions() throws {
        #expect(try Fixtures.check("$z_1 > 0$ and $a_2 \\leq y^*$").checked == 0)
        let special = try Fixtures.check("$\\sigma(0) = \\frac12$, $\\sigma'(0) = \\frac{1}{4}$, $\\sigma'(0) = \\frac{1}{2}$")
        #expect(special.checked == 3)
        #expect(special.diagnostics.map(\.location.column) == [66])
    }
}
