/// `L(w_1, w_2) = \frac12 (\sigma(w_2 \sigma(w_1 x)) - y^*)^2`: the loss written as a function of
/// the network's inputs and parameters, not of the quantities its node is computed from.
///
/// It is the loss node's value, so the statement is read with the bare loss (`L = …`) and
/// checked as an equation, rather than compared as a function definition with the wrong
/// arguments ("the key describes another network").
extension KeyStatement {
    /// This statement with its first term the loss node, if it is the loss applied to
    /// variables (inputs, label, parameters) other than the loss function's own parameters.
    func lossOfVariables(_ symbols: KeySymbols) -> KeyStatement? {
        guard terms.count >= 2, case .apply(let f, let args) = terms[0].kind, symbols.isLoss(f) else { return nil }
        let network = symbols.network
        let slots = args.map { a -> Int? in
            guard case .name(let n) = a.kind, case .slot(let s) = symbols.value(of: n), s < network.variableCount else { return nil }
            return s
        }
        let own = symbols.loss.parameters.map { network.slot(of: $0) }
        guard !slots.isEmpty, slots.allSatisfy({ $0 != nil }), slots != own else { return nil }
        var copy = self
        copy.terms[0].kind = .name(f)
        return copy
    }
}
