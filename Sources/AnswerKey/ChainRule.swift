/// The chain-rule structure of a product of derivatives:
/// `\frac{\partial Loss}{\partial a_2} \frac{\partial a_2}{\partial z_2} \frac{\partial z_2}{\partial w_2}`
/// links Loss → a_2 → z_2 → w_2, each factor's variable being the next factor's numerator.
struct ChainRule: Sendable {
    /// `(numerator slot, variable slot)` of each factor, in order.
    let links: [(u: Int, v: Int)]
    /// The factors, in order.
    let factors: [MathTerm]

    /// The chain of `term`, if it is a product (or single factor) of derivatives of
    /// network quantities with respect to network quantities.
    init?(_ term: MathTerm, symbols: KeySymbols) {
        var links: [(u: Int, v: Int)] = []
        for f in term.factors {
            guard let pair = Self.slots(of: f, symbols) else { return nil }
            links.append(pair)
        }
        self.links = links
        self.factors = term.factors
    }

    /// `(u, v)` for `\frac{\partial u}{\partial v}` with u, v network slots. `g_k(z)` counts as
    /// the activation node it computes when z is that node's input.
    static func slots(of term: MathTerm, _ symbols: KeySymbols) -> (u: Int, v: Int)? {
        guard let (numerator, variable) = term.derivativeParts,
              case .slot(let v) = symbols.value(of: variable),
              let u = slot(of: numerator, symbols) else { return nil }
        return (u, v)
    }

    static func slot(of term: MathTerm, _ symbols: KeySymbols) -> Int? {
        switch term.kind {
        case .name(let n):
            if case .slot(let s) = symbols.value(of: n) { return s }
            return nil
        case .apply(let f, let args):
            guard args.count == 1, case .name(let a) = args[0].kind, case .slot(let input) = symbols.value(of: a),
                  let indices = symbols.activationIndices(f) else { return nil }
            let matching = indices.map { symbols.activations[$0] }.filter {
                symbols.network.slot(of: $0.parameters[0]) == input
            }
            return matching.count == 1 ? matching[0].slot : nil
        default: return nil
        }
    }

    /// Indices i where the chain breaks after factor i (its variable is not factor i+1's
    /// numerator); -1 if the first numerator is not `start`, and `links.count - 1` if the
    /// last variable is not `end`.
    func breaks(from start: Int?, to end: Int?) -> [Int] {
        Self.breaks(links, from: start, to: end)
    }

    static func breaks(_ links: [(u: Int, v: Int)], from start: Int?, to end: Int?) -> [Int] {
        guard !links.isEmpty else { return [] }
        var result: [Int] = []
        if let start, links[0].u != start { result.append(-1) }
        for i in 0..<(links.count - 1) where links[i].v != links[i + 1].u { result.append(i) }
        if let end, links[links.count - 1].v != end { result.append(links.count - 1) }
        return result
    }
}
