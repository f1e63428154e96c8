/// A change to one term that makes a wrong equation hold at every test point.
struct Repair: Sendable {
    enum Kind: Sendable {
        /// A derivative replaced by `\frac{\partial u}{\partial v}`.
        case derivative(u: Int, v: Int)
        /// A name replaced by another network quantity.
        case name(from: Int, to: Int)
        /// `+` and `-` swapped at one operator.
        case sign
        /// Consecutive factors replaced by the value of ∂u/∂v (written in closed form when known).
        case factors(u: Int, v: Int)
        /// A missing factor ∂u/∂v inserted.
        case insertion(u: Int, v: Int)
    }

    var kind: Kind
    /// The written term the repair changes (the operator for `.sign`).
    var unit: MathTerm
    /// Where the replaced text starts and how many characters it spans.
    var start: TextPosition
    var length: Int
    /// The text that replaces those characters.
    var replacement: String
    /// The text replaced, as written.
    var original: String
    /// Lower is likelier: closeness to what was written, minus a bonus for mending the chain rule.
    var cost: Int
}

/// Searches for the smallest change to a term that makes it equal to target values.
///
/// Candidates are the network's derivatives ∂u/∂v over every pair where u
/// depends on v (a derivative that is identically 0 is never proposed), the
/// network's quantities for a name, and a flipped sign. A candidate is kept
/// only if the changed term agrees with the target at every test point, so
/// every suggestion is checked, not guessed. Ranking prefers, in a chain-rule
/// product, the candidate that mends the chain with local derivatives
/// (∂node/∂input), then the one written most like the original (edit distance).
struct RepairSearch {
    let evaluator: KeyEvaluator
    let notation: KeyNotation
    let agreement: Agreement
    let closedForms: ClosedFormWriter
    /// `(u, v, ∂u/∂v at every point)` for every dependent pair.
    let candidates: [(u: Int, v: Int, values: [Double])]

    init(evaluator: KeyEvaluator, notation: KeyNotation, agreement: Agreement) {
        self.evaluator = evaluator
        self.notation = notation
        self.agreement = agreement
        self.closedForms = ClosedFormWriter(network: evaluator.symbols.network, notation: notation)
        let network = evaluator.symbols.network
        var candidates: [(u: Int, v: Int, values: [Double])] = []
        for u in 0..<network.slotCount {
            for v in 0..<network.slotCount where u != v && network.depends(u, on: v) {
                candidates.append((u, v, evaluator.points.derivative(of: u, withRespectTo: v)))
            }
        }
        self.candidates = candidates
    }

    private var symbols: KeySymbols { evaluator.symbols }

    /// The best repair of `term` toward `target`, if any; `chainEnds` are the numerator and
    /// variable of the derivative the term should equal (for chain-rule structure).
    func best(for term: MathTerm, target: [Double], chainEnds: (u: Int, v: Int)?) -> Repair? {
        all(for: term, target: target, chainEnds: chainEnds).min { $0.cost < $1.cost }
    }

    /// Terms with more subterms than this get no suggestion. The search tries
    /// every candidate at every subterm and every gap of every product, each
    /// evaluated over the whole term, so its cost grows with the square of the
    /// term's size: a 200-factor product took 6 s. Worked solutions' terms
    /// have at most a few dozen subterms (the exam key's largest, the right-hand
    /// side of the w_1 update, has 17).
    static let maximumSearchedSize = 64

    func all(for term: MathTerm, target: [Double], chainEnds: (u: Int, v: Int)?) -> [Repair] {
        var size = 0
        term.visit { _ in size += 1 }
        guard size <= Self.maximumSearchedSize else { return [] }
        // Suggesting the derivative the other side already is would be no help.
        let candidates = self.candidates.filter { c in !(chainEnds.map { $0.u == c.u && $0.v == c.v } ?? false) }
        var repairs: [Repair] = []
        let chain = ChainRule(term, symbols: symbols)
        let breaksBefore = chain?.breaks(from: chainEnds?.u, to: chainEnds?.v).count ?? 0
        func matches(_ t: MathTerm, _ overrides: KeyEvaluator.Overrides) -> Bool {
            evaluator.matches(t, target, overrides: overrides, agreement: agreement)
        }

        term.visit(intoDerivatives: false) { unit in
            switch unit.kind {
            case .derivative:
                let own = ChainRule.slots(of: unit, symbols)
                let factorIndex = chain?.factors.firstIndex { $0.id == unit.id }
                for c in candidates where !(own.map { $0.u == c.u && $0.v == c.v } ?? false) {
                    guard matches(term, [unit.id: c.values]) else { continue }
                    let text = notation.fraction(c.u, c.v)
                    var cost = editDistance(unit.text, text)
                    if let chain, let i = factorIndex {
                        var links = chain.links
                        links[i] = (c.u, c.v)
                        cost += chainBonus(links, breaksBefore: breaksBefore, chainEnds: chainEnds)
                    }
                    repairs.append(Repair(kind: .derivative(u: c.u, v: c.v), unit: unit, start: unit.start,
                                          length: unit.length, replacement: text, original: unit.text, cost: cost))
                }
            case .name(let n):
                // A network quantity, or a name the network lacks (a_3 in a two-unit network).
                let s: Int
                switch symbols.value(of: n) {
                case .slot(let slot): s = slot
                case .free(let key) where !KeySymbols.stepSizeNames.contains(String(key.prefix { $0.isLetter })): s = -1
                default: return
                }
                for other in 0..<symbols.network.slotCount where other != s {
                    let values = evaluator.points.values.map { $0[other] }
                    guard matches(term, [unit.id: values]) else { continue }
                    let text = notation.name(other)
                    repairs.append(Repair(kind: .name(from: s, to: other), unit: unit, start: unit.start,
                                          length: unit.length, replacement: text, original: unit.text,
                                          cost: editDistance(unit.text, text) + 1))
                }
            case .add(let a, let b), .subtract(let a, let b):
                guard let op = unit.operatorPosition else { return }
                let isAdd: Bool
                if case .add = unit.kind { isAdd = true } else { isAdd = false }
                let flipped = term.rewriting(unit.id) { t in
                    var copy = t
                    copy.kind = isAdd ? .subtract(a, b) : .add(a, b)
                    return copy
                }
                if matches(flipped, [:]) {
                    repairs.append(Repair(kind: .sign, unit: unit, start: op, length: 1,
                                          replacement: isAdd ? "-" : "+", original: isAdd ? "+" : "-", cost: 1))
                }
            case .product(let factors):
                repairs += factorRepairs(term, product: unit, factors: factors, chain: chain, chainEnds: chainEnds,
                                         breaksBefore: breaksBefore, candidates: candidates, matches: matches)
            default: break
            }
        }
        if case .product = term.kind {} else {
            // A single factor may be missing a second one.
            let wrapper = MathTerm(kind: .product([term]), id: -2, start: term.start, length: term.length,
                                   text: term.text, operatorPosition: nil)
            repairs += factorRepairs(wrapper, product: wrapper, factors: [term], chain: chain, chainEnds: chainEnds,
                                     breaksBefore: breaksBefore, candidates: candidates, matches: matches)
        }
        return repairs
    }

    /// Runs of consecutive factors replaced by a derivative's value, and missing factors inserted.
    private func factorRepairs(
        _ term: MathTerm, product: MathTerm, factors: [MathTerm], chain: ChainRule?, chainEnds: (u: Int, v: Int)?,
        breaksBefore: Int, candidates: [(u: Int, v: Int, values: [Double])],
        matches: (MathTerm, KeyEvaluator.Overrides) -> Bool
    ) -> [Repair] {
        var repairs: [Repair] = []
        let placeholderID = -1
        let isChain = chain != nil && chain!.factors.count == factors.count
        // Runs of up to four plain factors (a single name or derivative is handled above).
        if !isChain {
            for length in 1...min(4, factors.count) {
                for i in 0...(factors.count - length) {
                    let run = factors[i..<(i + length)]
                    if run.contains(where: { $0.derivativeParts != nil }) { continue }
                    if length == 1, case .name = run.first!.kind { continue }
                    var replaced = factors
                    replaced.replaceSubrange(i..<(i + length), with: [MathTerm.placeholder(id: placeholderID, at: run.first!.start)])
                    let rewritten = rewrite(term, product: product, factors: replaced)
                    let first = run.first!, last = run.last!
                    let written = writtenText(of: run, in: product)
                    for c in candidates where matches(rewritten, [placeholderID: c.values]) {
                        let text = closedForms.closedForm(c.u, c.v) ?? notation.fraction(c.u, c.v)
                        let span = first.start.line == last.start.line
                            ? last.start.column + last.length - first.start.column : first.length
                        repairs.append(Repair(kind: .factors(u: c.u, v: c.v), unit: first, start: first.start,
                                              length: span, replacement: text, original: written,
                                              cost: editDistance(written, text) + 2 + length))
                    }
                }
            }
        }
        // A missing factor, inserted at each gap; a product of constants is not missing a factor,
        // it is a different expression altogether.
        let hasVariable = factors.contains { f in f.contains { if case .name = $0.kind { return true }; return $0.derivativeParts != nil } }
        for gap in 0...factors.count where hasVariable {
            var inserted = factors
            inserted.insert(MathTerm.placeholder(id: placeholderID, at: product.start), at: gap)
            let rewritten = rewrite(term, product: product, factors: inserted)
            for c in candidates where matches(rewritten, [placeholderID: c.values]) {
                var cost = 4
                if isChain, let chain {
                    var links = chain.links
                    links.insert((c.u, c.v), at: gap)
                    // In a chain, only an insertion that completes it.
                    if !ChainRule.breaks(links, from: chainEnds?.u, to: chainEnds?.v).isEmpty { continue }
                    cost += chainBonus(links, breaksBefore: breaksBefore, chainEnds: chainEnds)
                } else if gap != factors.count {
                    continue  // in a plain product the position does not matter: offer it at the end
                }
                let text = isChain ? notation.fraction(c.u, c.v) : (closedForms.closedForm(c.u, c.v) ?? notation.fraction(c.u, c.v))
                // Shown as a replacement of the neighbouring factor by "inserted neighbour".
                let neighbour = gap < factors.count ? factors[gap] : factors[factors.count - 1]
                let replacement = gap < factors.count ? "\(text) \(neighbour.text)" : "\(neighbour.text) \(text)"
                repairs.append(Repair(kind: .insertion(u: c.u, v: c.v), unit: neighbour, start: neighbour.start,
                                      length: neighbour.length, replacement: replacement, original: neighbour.text,
                                      cost: cost))
            }
        }
        return repairs
    }

    /// Chain-rule preferences, as a cost change: -10 for a chain with every link mended (-3 per
    /// link mended otherwise), and -6 more if every factor is then a local derivative (∂node/∂input,
    /// as keys write the chain rule), so ∂z_2/∂a_1 ∂a_1/∂z_1 beats the shortcut ∂z_2/∂z_1.
    private func chainBonus(_ links: [(u: Int, v: Int)], breaksBefore: Int, chainEnds: (u: Int, v: Int)?) -> Int {
        let after = ChainRule.breaks(links, from: chainEnds?.u, to: chainEnds?.v).count
        guard breaksBefore > 0 else { return 0 }  // nothing to mend
        guard after == 0 else { return -3 * max(0, breaksBefore - after) }
        let network = evaluator.symbols.network
        let local = links.allSatisfy { link in network.node(atSlot: link.u)?.compiled.slots.contains(link.v) ?? false }
        return -10 - (local ? 6 : 0)
    }

    /// The source text from the first factor of `run` to the end of the last, operators included.
    private func writtenText(of run: ArraySlice<MathTerm>, in product: MathTerm) -> String {
        let first = run.first!, last = run.last!
        guard first.start.line == product.start.line, last.start.line == product.start.line else {
            return run.map(\.text).joined(separator: " ")
        }
        let scalars = Array(product.text.unicodeScalars)
        // Columns index the text only where it is written as is (not expanded from a macro).
        guard product.length == scalars.count else { return run.map(\.text).joined(separator: " ") }
        let from = first.start.column - product.start.column
        let to = last.start.column + last.length - product.start.column
        guard from >= 0, to <= scalars.count, from < to else { return run.map(\.text).joined(separator: " ") }
        return String(String.UnicodeScalarView(scalars[from..<to]))
    }

    private func rewrite(_ term: MathTerm, product: MathTerm, factors: [MathTerm]) -> MathTerm {
        let replacement: (MathTerm) -> MathTerm = { p in
            var copy = p
            copy.kind = .product(factors)
            return copy
        }
        if product.id == -2 { return replacement(product) }
        return term.rewriting(product.id, replacement)
    }
}

/// Levenshtein distance between two strings, in characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}
