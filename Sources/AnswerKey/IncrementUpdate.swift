/// `\Delta w_1 = -\eta \frac{\partial Loss}{\partial w_1}`: the change of a parameter in one step.
///
/// Read as the update `w_1 \leftarrow w_1 + (-\eta \frac{\partial Loss}{\partial w_1})`, so it is
/// checked like any update (an ascent step is named as such), rather than as an equation
/// whose left side multiplies a random `\Delta` by `w_1`. A chain after it
/// (`… \approx -0.0216`) stays a chain.
extension KeyStatement {
    /// The update this statement states, then the chain of its right side if it has more
    /// terms; `nil` if it does not start with `\Delta` juxtaposed with a parameter.
    func incrementUpdate(_ symbols: KeySymbols) -> [KeyStatement]? {
        guard relation == .equality || relation == .definition, terms.count >= 2,
              case .product(let factors) = terms[0].kind, factors.count == 2,
              case .name(let delta) = factors[0].kind, delta.base == "Delta", delta.subscriptText == nil,
              case .free = symbols.value(of: delta),
              case .name(let p) = factors[1].kind, case .slot(let slot) = symbols.value(of: p),
              symbols.network.parameters.contains(symbols.network.slotNames[slot]) else { return nil }
        let change = terms[1]
        var step = change
        step.kind = .add(factors[1], change)
        step.text = "\(factors[1].text) + (\(change.text))"
        step.id = -1 - change.id
        step.operatorPosition = nil
        var update = self
        update.relation = .update
        update.terms = [factors[1], step]
        guard terms.count > 2 else { return [update] }
        var chain = self
        chain.relation = .equality
        chain.terms = Array(terms.dropFirst())
        chain.continuation = nil
        return [update, chain]
    }
}
