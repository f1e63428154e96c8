extension MathTerm {
    /// The term with the subterm `id` transformed by `change` (every other subterm kept).
    func rewriting(_ id: Int, _ change: (MathTerm) -> MathTerm) -> MathTerm {
        if self.id == id { return change(self) }
        var copy = self
        switch kind {
        case .number, .name: return self
        case .negate(let a): copy.kind = .negate(a.rewriting(id, change))
        case .reciprocal(let a): copy.kind = .reciprocal(a.rewriting(id, change))
        case .absolute(let a): copy.kind = .absolute(a.rewriting(id, change))
        case .add(let a, let b): copy.kind = .add(a.rewriting(id, change), b.rewriting(id, change))
        case .subtract(let a, let b): copy.kind = .subtract(a.rewriting(id, change), b.rewriting(id, change))
        case .fraction(let a, let b): copy.kind = .fraction(a.rewriting(id, change), b.rewriting(id, change))
        case .power(let a, let b): copy.kind = .power(a.rewriting(id, change), b.rewriting(id, change))
        case .indicator(let a, let c, let b): copy.kind = .indicator(a.rewriting(id, change), c, b.rewriting(id, change))
        case .product(let fs): copy.kind = .product(fs.map { $0.rewriting(id, change) })
        case .apply(let f, let args): copy.kind = .apply(f, args.map { $0.rewriting(id, change) })
        case .functionDerivative(let f, let args): copy.kind = .functionDerivative(f, args.map { $0.rewriting(id, change) })
        case .derivative: return self
        }
        return copy
    }

    /// A stand-in term whose value the repair search supplies through overrides.
    static func placeholder(id: Int, at start: TextPosition) -> MathTerm {
        MathTerm(kind: .number(.nan), id: id, start: start, length: 1, text: "□", operatorPosition: nil)
    }
}
