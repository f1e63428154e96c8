import Reporting

/// The wording of findings: what is wrong, the evidence at one test point, and the repair.
extension CheckContext {
    func diagnostic(_ severity: Diagnostic.Severity, at start: TextPosition, length: Int, message: String,
                    notes: [String] = [], suggestion: String? = nil, ruleID: String) -> Diagnostic {
        Diagnostic(severity: severity, location: document.location(start), length: length, message: message,
                   sourceLine: document.sourceLine(start.line), notes: notes, suggestion: suggestion, ruleID: ruleID)
    }

    func cannotEvaluate(_ failure: KeyEvaluator.Failure) -> Diagnostic {
        diagnostic(.warning, at: failure.term.start, length: failure.term.length,
                   message: "cannot check \(failure.term.text): \(failure.message)", ruleID: "unsupported")
    }

    /// A name for a checked statement, for JUnit test cases: `line 48: \frac{…} = …`.
    func itemName(_ statement: KeyStatement) -> String {
        let text = statement.terms.map(\.text).joined(separator: " = ")
        let short = text.count > 80 ? String(text.prefix(77)) + "..." : text
        return "line \(statement.terms[0].start.line): \(short)"
    }

    /// `∂a_2/∂w_2` for a derivative of network quantities, else the text (shortened).
    func shortName(_ t: MathTerm) -> String {
        if let (u, v) = ChainRule.slots(of: t, symbols) { return notation.partial(u, v) }
        if let chain = ChainRule(t, symbols: symbols) {
            return chain.links.map { notation.partial($0.u, $0.v) }.joined(separator: " ")
        }
        let text = t.text.replacingOccurrences(of: "\n", with: " ")
        return text.count > 48 ? String(text.prefix(45)) + "..." : text
    }

    /// The variables at point `k`, with the free variables that `terms` use.
    func pointText(_ k: Int, _ terms: [MathTerm]) -> String {
        var used: [String: String] = [:]
        for t in terms {
            t.visit { u in
                if case .name(let n) = u.kind, case .free(let key) = symbols.value(of: n), evaluator.definitions[key] == nil {
                    used[key] = freeNames[key] ?? key
                }
            }
        }
        return notation.point(k, points, free: used)
    }

    func brokenLink(_ chain: ChainRule, _ i: Int) -> String {
        let before = notation.partial(chain.links[i].u, chain.links[i].v)
        let after = notation.partial(chain.links[i + 1].u, chain.links[i + 1].v)
        return "\(before) ends at \(notation.name(chain.links[i].v)) but the next factor \(after) starts at \(notation.name(chain.links[i + 1].u))"
    }

    /// The finding for a term that disagrees with the reference values (another term, or the
    /// descent step of an update described by `update`).
    func wrongTerm(_ term: MathTerm, values: [Double], reference: MathTerm?, referenceValues: [Double],
                   repair: Repair?, chainEnds: (u: Int, v: Int)?, update: String?) -> Diagnostic {
        let k = agreement.firstDisagreement(values, referenceValues) ?? 0
        let referenceName = update ?? reference.map(shortName) ?? "the other side"
        var notes: [String] = []
        let evidenceTerms = [term] + (reference.map { [$0] } ?? [])
        notes.append("at \(pointText(k, evidenceTerms)): \(referenceName) = \(KeyNotation.format(referenceValues[k])), "
            + "but \(shortName(term)) = \(KeyNotation.format(values[k]))")
        let agreeing = agreement.agreements(values, referenceValues)
        if agreeing > 0 {
            notes.append("the sides agree at \(agreeing) of \(points.count) test points only")
        }
        var unknown: [String] = []
        term.visit { u in
            if case .name(let n) = u.kind, case .free(let key) = symbols.value(of: n), !symbols.isFunction(n),
               evaluator.definitions[key] == nil, !Set(points.free.map { $0[key] }).isSubset(of: [points.free.first?[key]]),
               !KeySymbols.stepSizeNames.contains(String(key.prefix { $0.isLetter })), !unknown.contains(n.latex) {
                unknown.append(n.latex)
            }
        }
        if !unknown.isEmpty {
            notes.append("\(unknown.joined(separator: ", ")) \(unknown.count == 1 ? "is" : "are") not in the network, so \(unknown.count == 1 ? "it was" : "they were") sampled at random")
        }
        notes += definitionNotes([term] + (reference.map { [$0] } ?? []))
        let chain = ChainRule(term, symbols: symbols)
        if let chain, let i = chain.breaks(from: chainEnds?.u, to: chainEnds?.v).first(where: { $0 >= 0 && $0 < chain.links.count - 1 }) {
            notes.append("the chain rule breaks here: \(brokenLink(chain, i))")
        }

        guard let repair else {
            let message = update.map { "this is not the gradient-descent step \($0)" }
                ?? "\(shortName(term)) does not equal \(referenceName)"
            return diagnostic(.error, at: term.start, length: term.length, message: message, notes: notes,
                              ruleID: update == nil ? "wrong-equation" : "wrong-update")
        }
        let message: String
        var ruleID = "wrong-equation"
        switch repair.kind {
        case .derivative(let u, let v):
            ruleID = "wrong-derivative"
            let wanted = withClosedForm(u, v)
            if let (ou, ov) = ChainRule.slots(of: repair.unit, symbols) {
                let isFactor = term.factors.count > 1
                if !symbols.network.depends(ou, on: ov) {
                    message = "\(notation.partial(ou, ov)) is 0 (\(notation.name(ou)) does not depend on \(notation.name(ov))), "
                        + "so it cannot equal \(referenceName); \(wanted)"
                } else if isFactor {
                    message = "this factor is \(withClosedForm(ou, ov)), but the chain needs \(wanted)"
                } else {
                    message = "this is \(withClosedForm(ou, ov)), but the equation needs \(wanted)"
                }
                let unitValues = points.derivative(of: ou, withRespectTo: ov)
                let wantedValues = points.derivative(of: u, withRespectTo: v)
                notes.append("here \(notation.partial(ou, ov)) = \(KeyNotation.format(unitValues[k])) and \(notation.partial(u, v)) = \(KeyNotation.format(wantedValues[k]))")
            } else {
                message = "this derivative does not fit; the equation holds with \(wanted)"
            }
        case .name(let from, let to):
            let written = from >= 0 ? notation.name(from) : repair.unit.text
            message = "\(repair.unit.text) should be \(notation.name(to)) here: with \(notation.name(to)) in place of \(written) the equation holds at every test point"
            ruleID = "wrong-name"
        case .sign:
            let isAscent = update != nil && repair.unit.id == term.id
            message = isAscent
                ? "this is a gradient ascent step; descent is \(update!)"
                : "wrong sign: with '\(repair.replacement)' here the equation holds at every test point"
            ruleID = isAscent ? "ascent-update" : "wrong-sign"
        case .factors(let u, let v):
            message = "\(repair.original) should be \(withClosedForm(u, v))"
        case .insertion(let u, let v):
            message = chain != nil
                ? "the chain rule is missing the factor \(withClosedForm(u, v))"
                : "a factor is missing: \(withClosedForm(u, v))"
            ruleID = "missing-factor"
        }
        return Diagnostic(severity: .error, location: document.location(repair.start), length: repair.length,
                          message: message, sourceLine: document.sourceLine(repair.start.line), notes: notes,
                          suggestion: repair.replacement, ruleID: update != nil && ruleID == "wrong-equation" ? "wrong-update" : ruleID)
    }

    /// "\\delta_2 is the key's \\frac{\\partial Loss}{\\partial z_2} (line 3)" for each name the key defined
    /// that `terms` use.
    func definitionNotes(_ terms: [MathTerm]) -> [String] {
        var notes: [String] = []
        var seen: Set<String> = []
        for t in terms {
            t.visit { u in
                guard case .name(let n) = u.kind, case .free(let key) = symbols.value(of: n),
                      let body = evaluator.definitions[key], seen.insert(key).inserted else { return }
                notes.append("\(n.latex) is the key's \(body.text) (line \(body.start.line))")
            }
        }
        return notes
    }

    /// `∂z_2/∂w_2 = a_1`, or just `∂z_2/∂w_2` without a closed form.
    func withClosedForm(_ u: Int, _ v: Int) -> String {
        guard let closed = search.closedForms.closedForm(u, v) else { return notation.partial(u, v) }
        return "\(notation.partial(u, v)) = \(closed)"
    }
}
