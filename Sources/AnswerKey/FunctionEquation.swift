/// `g_1 = \tanh`, `g = \sigma`: an equation between functions, which holds at every argument.
///
/// It is read as the functions applied to one argument, `g_1(z) = \tanh(z)`,
/// with `z` a name the network lacks (sampled like any free variable), so it is
/// a definition of the activation like `g_1(z) = \tanh(z)` written out: compared
/// with the network, never "a function that needs an argument".
extension KeyStatement {
    /// Names tried for the argument, in order: the first the network lacks is used.
    static let argumentNames = ["z", "u", "t", "s", "v"]

    /// This statement with every term applied to one argument, if every term is a bare
    /// activation or elementary function (`g_1`, `\tanh`, `\sigma`) and none is the loss.
    func appliedToArgument(_ symbols: KeySymbols) -> KeyStatement? {
        guard terms.count >= 2, comparison == nil, relation != .update else { return nil }
        let functions = terms.compactMap { t -> KeyName? in
            guard case .name(let n) = t.kind, !symbols.isLoss(n), case .success(let f) = symbols.function(n) else { return nil }
            switch f {
            case .elementary, .defined: return n
            default: return nil
            }
        }
        guard functions.count == terms.count,
              let base = Self.argumentNames.first(where: { name in
                  let n = KeyName(base: name)
                  if case .free = symbols.value(of: n), !symbols.isFunction(n) { return true }
                  return false
              }) else { return nil }
        var copy = self
        copy.terms = zip(terms, functions).map { t, f in
            var argument = t
            argument.kind = .name(KeyName(base: base))
            argument.id = -1 - t.id
            argument.text = base
            var applied = t
            applied.kind = .apply(f, [argument])
            return applied
        }
        return copy
    }
}
