import NetworkModel
import Reporting

/// Everything needed to check one key's statements against one network:
/// the checks for chains, updates and definitions, and their diagnostics.
struct CheckContext {
    let document: KeyDocument
    let symbols: KeySymbols
    let points: TestPoints
    let notation: KeyNotation
    let agreement: Agreement
    /// Free variables of the key: key → LaTeX.
    let freeNames: [String: String]
    let evaluator: KeyEvaluator
    let search: RepairSearch
    /// Whether to search for repairs. Not at points held to given values or conditions: there
    /// coincidences abound (at z_1 = 0, ∂z_2/∂w_2 = a_1 = 1/2), so a repair found there proves nothing.
    var repairs = true

    init(document: KeyDocument, symbols: KeySymbols, points: TestPoints, notation: KeyNotation,
         agreement: Agreement, freeNames: [String: String], definitions: [String: MathTerm] = [:],
         givenValues: Set<Double> = []) {
        self.document = document
        self.symbols = symbols
        self.points = points
        self.notation = notation
        self.agreement = agreement
        self.freeNames = freeNames
        var evaluator = KeyEvaluator(symbols: symbols, points: points)
        evaluator.definitions = definitions
        evaluator.givenValues = givenValues
        self.evaluator = evaluator.marking(Array(definitions.values))
        self.search = RepairSearch(evaluator: evaluator, notation: notation, agreement: agreement)
    }

    struct Outcome {
        var evaluated: Bool
        var diagnostics: [Diagnostic]
    }

    // MARK: Chains

    /// `A = B = C`: every term should agree with every other.
    func checkChain(_ statement: KeyStatement) -> Outcome {
        let marked = evaluator.marking(statement.terms)
        if statement.terms.contains(where: marked.isRounded) { return checkNumericChain(statement, evaluator: marked) }
        let terms = statement.terms
        var diagnostics: [Diagnostic] = []
        var values: [Int: [Double]] = [:]
        for (i, t) in terms.enumerated() {
            do {
                values[i] = try evaluator.values(t)
            } catch {
                diagnostics.append(cannotEvaluate(error))
            }
        }
        let valid = terms.indices.filter { values[$0] != nil }
        guard valid.count >= 2 else { return Outcome(evaluated: false, diagnostics: diagnostics) }

        // Group the terms that agree with each other.
        var clusters: [[Int]] = []
        for i in valid {
            if let c = clusters.firstIndex(where: { agreement.agree(values[$0[0]]!, values[i]!) }) {
                clusters[c].append(i)
            } else {
                clusters.append([i])
            }
        }
        if clusters.count == 1 {
            diagnostics += structureWarnings(terms)
            return Outcome(evaluated: true, diagnostics: diagnostics)
        }
        let ranked = clusters.sorted { $0.count > $1.count }
        if ranked[0].count >= 2 && ranked[0].count > ranked[1].count {
            // The majority is right; each term outside it is wrong.
            let reference = ranked[0]
            let ends = chainEnds(reference.map { terms[$0] })
            for i in valid where !reference.contains(i) {
                let repair = repairs ? search.best(for: terms[i], target: values[reference[0]]!, chainEnds: ends) : nil
                diagnostics.append(wrongTerm(terms[i], values: values[i]!, reference: terms[reference[0]],
                                             referenceValues: values[reference[0]]!, repair: repair, chainEnds: ends,
                                             update: nil))
            }
            return Outcome(evaluated: true, diagnostics: diagnostics)
        }
        // No majority: blame the term for which a repair exists (the cheapest), else the later term.
        var best: (i: Int, j: Int, repair: Repair)?
        for i in valid where !isDefinedName(terms[i]) && i != statement.trustedTerm {
            for j in valid where j != i && !agreement.agree(values[i]!, values[j]!) {
                let ends = chainEnds([terms[j]])
                if repairs, let r = search.best(for: terms[i], target: values[j]!, chainEnds: ends),
                   best == nil || r.cost < best!.repair.cost {
                    best = (i, j, r)
                }
            }
        }
        if let best {
            diagnostics.append(wrongTerm(terms[best.i], values: values[best.i]!, reference: terms[best.j],
                                         referenceValues: values[best.j]!, repair: best.repair,
                                         chainEnds: chainEnds([terms[best.j]]), update: nil))
        } else {
            // The first disagreeing pair; the later term is the claim being made.
            var j = valid[0]
            var i = valid.first { !agreement.agree(values[$0]!, values[j]!) }!
            if isDefinedName(terms[i]) || i == statement.trustedTerm { swap(&i, &j) }
            diagnostics.append(wrongTerm(terms[i], values: values[i]!, reference: terms[j], referenceValues: values[j]!,
                                         repair: nil, chainEnds: chainEnds([terms[j]]), update: nil))
        }
        return Outcome(evaluated: true, diagnostics: diagnostics)
    }

    /// Whether `t` is a name the key defined (`\delta_2`): it is what its definition says, never the culprit.
    func isDefinedName(_ t: MathTerm) -> Bool {
        guard case .name(let n) = t.kind, case .free(let key) = symbols.value(of: n) else { return false }
        return evaluator.definitions[key] != nil
    }

    /// The numerator and variable of the first term that is a single derivative of network quantities.
    private func chainEnds(_ terms: [MathTerm]) -> (u: Int, v: Int)? {
        for t in terms {
            if let pair = ChainRule.slots(of: t, symbols) { return pair }
        }
        return nil
    }

    /// A correct chain-rule product whose factors do not link up is suspicious but not wrong.
    private func structureWarnings(_ terms: [MathTerm]) -> [Diagnostic] {
        guard let ends = chainEnds(terms) else { return [] }
        var result: [Diagnostic] = []
        for t in terms where t.factors.count > 1 {
            guard let chain = ChainRule(t, symbols: symbols), let i = chain.breaks(from: ends.u, to: ends.v).first,
                  i >= 0, i < chain.links.count - 1 else { continue }
            let next = chain.factors[i + 1]
            result.append(diagnostic(
                .warning, at: next.start, length: next.length,
                message: "the value is right, but the chain does not link up: \(brokenLink(chain, i))",
                ruleID: "broken-chain"))
        }
        return result
    }

    // MARK: Updates

    /// `w \leftarrow E`: E should be the gradient-descent step `w - α ∂Loss/∂w` for every step size α.
    func checkUpdate(_ statement: KeyStatement) -> Outcome {
        let target = statement.terms[0], step = statement.terms[1]
        guard case .name(let n) = target.kind, case .slot(let p) = symbols.value(of: n),
              symbols.network.parameters.contains(symbols.network.slotNames[p]) else {
            return Outcome(evaluated: false, diagnostics: [diagnostic(
                .warning, at: target.start, length: target.length,
                message: "an update's target should be one of the network's parameters (\(symbols.network.parameters.map { notation.name(symbols.network.slot(of: $0)!) }.joined(separator: ", "))), not \(target.text)",
                ruleID: "unsupported")])
        }
        let values: [Double]
        do { values = try evaluator.values(step) } catch {
            return Outcome(evaluated: false, diagnostics: [cannotEvaluate(error)])
        }
        let gradient = points.derivative(of: symbols.network.lossSlot, withRespectTo: p)
        let weight = points.values.map { $0[p] }
        var stepKeys: [String] = []
        step.visit { t in
            if case .name(let m) = t.kind, case .free(let key) = symbols.value(of: m), !stepKeys.contains(key) { stepKeys.append(key) }
        }
        let lossName = notation.name(symbols.network.lossSlot), pName = notation.name(p)
        // A numeric step (`2 - 0.1 \times 0.0839`) takes the step size the key gave (`\eta = 0.1`), if one.
        let givenStepSize = freeNames.keys.sorted().first { key in
            KeySymbols.stepSizeNames.contains(String(key.prefix { $0.isLetter }))
                && points.free.allSatisfy { $0[key] != nil && $0[key] == points.free.first?[key] }
        }
        let alphaKey = stepKeys.first { KeySymbols.stepSizeNames.contains(String($0.prefix { $0.isLetter })) } ?? stepKeys.first
            ?? givenStepSize
        let alpha: [Double]
        let alphaText: String
        if let alphaKey {
            alpha = points.free.map { $0[alphaKey] ?? .nan }
            alphaText = freeNames[alphaKey] ?? alphaKey
        } else {
            // A numeric step: E = w - c ∂Loss/∂w for one constant c; its size is read from E.
            let c = zip(zip(weight, values), gradient).map { ($0.0 - $0.1) / $1 }.filter(\.isFinite)
            let size = Swift.abs(c.first ?? 1)
            alpha = [Double](repeating: size, count: points.count)
            alphaText = KeyNotation.format(size)
        }
        let descent = zip(zip(weight, alpha), gradient).map { $0.0 - $0.1 * $1 }
        let ascent = zip(zip(weight, alpha), gradient).map { $0.0 + $0.1 * $1 }
        let referenceText = "\(pName) - \(alphaText) ∂\(lossName)/∂\(pName)"
        if agreement.agree(values, descent) { return Outcome(evaluated: true, diagnostics: []) }
        // A step written with rounded numbers (`2 - 0.1 \times 0.0673`) holds anywhere in its rounding.
        let marked = evaluator.marking([step])
        if marked.isRounded(step), let intervals = try? marked.intervals(step) {
            func within(_ target: [Double]) -> Bool { zip(intervals, target).allSatisfy { agreement.overlap($0, Interval($1)) } }
            if within(descent) { return Outcome(evaluated: true, diagnostics: []) }
            if within(ascent) {
                return Outcome(evaluated: true, diagnostics: [ascentDiagnostic(step, values: values, descent: descent,
                                                                              referenceText: referenceText, p: p)])
            }
        }
        if agreement.agree(values, ascent) {
            return Outcome(evaluated: true, diagnostics: [ascentDiagnostic(step, values: values, descent: descent,
                                                                          referenceText: referenceText, p: p)])
        }
        let repair = repairs ? search.best(for: step, target: descent, chainEnds: nil) : nil
        return Outcome(evaluated: true, diagnostics: [wrongTerm(
            step, values: values, reference: nil, referenceValues: descent, repair: repair, chainEnds: nil,
            update: referenceText)])
    }

    private func ascentDiagnostic(_ step: MathTerm, values: [Double], descent: [Double], referenceText: String,
                                  p: Int) -> Diagnostic {
        let k = agreement.firstDisagreement(values, descent) ?? 0
        var start = step.start, length = step.length
        var suggestion: String?
        switch step.kind {
        case .add, .subtract:
            if let op = step.operatorPosition {
                start = op
                length = 1
                if case .add = step.kind { suggestion = "-" }
            }
        default: break
        }
        return diagnostic(
            .error, at: start, length: length,
            message: "this is a gradient ascent step: it moves \(notation.name(p)) uphill on the loss; descent is \(referenceText)",
            notes: ["at \(pointText(k, [step])): \(referenceText) = \(KeyNotation.format(descent[k])), this step = \(KeyNotation.format(values[k]))"],
            suggestion: suggestion, ruleID: "ascent-update")
    }

    // MARK: Definitions

    enum DefinitionOutcome {
        case passed
        case failed(Diagnostic, [KeyDefinition.Target])
        case unusable(Diagnostic)
    }

    /// Compares the key's definition with the network's function at the test points.
    func checkDefinition(_ definition: KeyDefinition) -> DefinitionOutcome {
        guard case .apply(_, let args) = definition.head.kind else { return .passed }
        let bodyValues: [Double]
        var argValues: [[Double]] = []
        do {
            bodyValues = try evaluator.values(definition.body)
            for a in args { argValues.append(try evaluator.values(a)) }
        } catch {
            return .unusable(cannotEvaluate(error))
        }
        var failing: [(KeyDefinition.Target, [Double])] = []
        for target in definition.targets {
            let body = definition.functionBody(target, symbols)
            guard body.parameters.count == args.count else {
                return .unusable(diagnostic(
                    .warning, at: definition.head.start, length: definition.head.length,
                    message: "the key's \(definition.function.latex) takes \(args.count) argument\(args.count == 1 ? "" : "s"), the network's takes \(body.parameters.count) (\(body.parameters.joined(separator: ", ")))",
                    ruleID: "definition-mismatch"))
            }
            // Loss(a_2, y^*) names the quantities the loss is computed from: they must be the network's.
            let argumentSlots = definition.parameters.map { p -> Int? in
                if case .slot(let s) = symbols.value(of: p) { return s }
                return nil
            }
            let parameterSlots = body.parameters.map { symbols.network.slot(of: $0) }
            if argumentSlots.allSatisfy({ $0 != nil }), argumentSlots != parameterSlots {
                let theirs = parameterSlots.compactMap { $0 }.map { notation.name($0) }.joined(separator: ", ")
                return .failed(diagnostic(
                    .error, at: definition.head.start, length: definition.head.length,
                    message: "the key computes \(definition.function.latex) from \(definition.parameters.map(\.latex).joined(separator: ", ")), "
                        + "but the network computes \(body.nodeName) from \(theirs): the key describes another network",
                    notes: ["\(body.nodeName) is defined at \(symbols.network.nodes[body.slot - symbols.network.variableCount].location)"],
                    ruleID: "definition-mismatch"), [])
            }
            let networkValues = (0..<points.count).map { k in body.apply(argValues.map { $0[k] }) ?? .nan }
            if !agreement.agree(networkValues, bodyValues) { failing.append((target, networkValues)) }
        }
        guard let (first, networkValues) = failing.first else { return .passed }
        let k = agreement.firstDisagreement(networkValues, bodyValues) ?? 0
        let fb = definition.functionBody(first, symbols)
        let networkNode = symbols.network.nodes[fb.slot - symbols.network.variableCount]
        let described: String
        switch first {
        case .loss:
            described = "the key's loss is not the network's: the key defines \(definition.head.text) = \(definition.body.text), "
                + "the network defines \(fb.nodeName) = \(networkNode.expression.description)"
        case .activation(let i):
            let which = failing.map { target -> String in
                if case .activation(let j) = target.0 { return "g_\(j + 1)" }
                return ""
            }.joined(separator: " and ")
            described = "the key's \(definition.function.latex) is not the network's \(which): the key defines \(definition.head.text) = \(definition.body.text), "
                + "the network computes \(symbols.activations[i].nodeName) = \(networkNode.expression.description)"
        }
        let argText = zip(args, argValues).map { "\($0.text) = \(KeyNotation.format($1[k]))" }.joined(separator: ", ")
        let d = diagnostic(
            .error, at: definition.body.start, length: definition.body.length,
            message: described,
            notes: [
                "defined at \(networkNode.location)",
                "at \(argText): the key's \(definition.head.text) = \(KeyNotation.format(bodyValues[k])), the network's = \(KeyNotation.format(networkValues[k]))",
            ],
            ruleID: "definition-mismatch")
        // The key says every unit it names computes this function: replace them all, not only the differing ones.
        return .failed(d, definition.targets)
    }
}
