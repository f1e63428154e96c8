/// Statements written over a layer index: `\delta_k = \frac{\partial Loss}{\partial z_k}`,
/// `\frac{\partial Loss}{\partial w^{(l)}} = \delta^{(l)} a^{(l-1)}`, `z_k = a_{k-1} w_k`.
///
/// Such a statement is one statement per value of the index for which every name it
/// indexes exists: the network's (`z_2`), a family the key writes over the index
/// (`\delta_2` when some statement starts with `\delta_k`), or a name the key sets
/// (`a_0` after `a_0 = x`). So `\delta_k = …` defines `\delta_1` and `\delta_2` (and a
/// later `\delta_2 = …` is a claim, checked), and a claim over `k` is checked for each layer.
extension KeyStatement {
    /// The values tried for an index.
    static let indexValues = 0...9
    /// Letters that index layers. `t` and `n` count steps and samples (`w^{(t+1)} = w^{(t)} - …`):
    /// a step is not a layer.
    static let indexLetters: Set<String> = ["k", "l", "i", "j", "m"]

    /// The layer index the statement is written over (`k` in `z_k`, `a_{k-1}`; one of
    /// ``indexLetters``), if there is exactly one and the network has no name spelled with it.
    func index(_ symbols: KeySymbols) -> String? {
        var letters: Set<String> = []
        for t in terms {
            t.visit { u in
                let names: [KeyName]
                switch u.kind {
                case .name(let n): names = [n]
                case .derivative(_, let v): names = [v]
                default: names = []
                }
                for n in names {
                    guard let sub = n.subscriptText, let first = sub.first, Self.indexLetters.contains(String(first)),
                          Self.offset(sub, index: String(first)) != nil, case .free = symbols.value(of: n) else { continue }
                    letters.insert(String(first))
                }
            }
        }
        return letters.count == 1 ? letters.first : nil
    }

    /// One statement per index value for which every indexed name exists (see the type's
    /// documentation); `nil` if the statement has no index or no value works.
    func indexInstances(_ symbols: KeySymbols, families: Set<String>, setNames: Set<String>) -> [KeyStatement]? {
        guard let index = index(symbols) else { return nil }
        var instances: [KeyStatement] = []
        for k in Self.indexValues {
            var valid = true
            var anchored = false
            func change(_ sub: String) -> String {
                guard let offset = Self.offset(sub, index: index) else { return sub }
                if k + offset < 0 { valid = false }
                return String(k + offset)
            }
            func check(_ n: KeyName) {
                switch symbols.value(of: n) {
                case .slot: anchored = true
                case .constant: break
                case .free(let key):
                    if !(families.contains(n.base) || setNames.contains(key)) { valid = false }
                }
            }
            var copy = self
            copy.terms = terms.map { $0.renamingSubscripts(change, check: check) }
            if valid && anchored { instances.append(copy) }
        }
        return instances.isEmpty ? nil : instances
    }

    /// `0` for the subscript `k`, `-1` for `k-1`, `2` for `k+2`; `nil` for any other subscript.
    static func offset(_ sub: String, index: String) -> Int? {
        guard sub.hasPrefix(index) else { return nil }
        let rest = sub.dropFirst(index.count)
        if rest.isEmpty { return 0 }
        guard let sign = rest.first, sign == "+" || sign == "-", let n = Int(rest.dropFirst()), n >= 0, n < 10 else { return nil }
        return sign == "+" ? n : -n
    }

    /// Every statement of `statements`, those over an index replaced by their instances.
    static func expandingIndices(_ statements: [KeyStatement], _ symbols: KeySymbols) -> [KeyStatement] {
        var families: Set<String> = []
        var setNames: Set<String> = []
        for s in statements where s.terms.count >= 2 {
            guard case .name(let n) = s.terms[0].kind else { continue }
            if let index = s.index(symbols), let sub = n.subscriptText, offset(sub, index: index) != nil {
                families.insert(n.base)
            } else if case .free(let key) = symbols.value(of: n) {
                setNames.insert(key)
            }
        }
        return statements.flatMap { s in s.indexInstances(symbols, families: families, setNames: setNames) ?? [s] }
    }
}

extension MathTerm {
    /// The term with every name's subscript (derivative variables and function names included)
    /// changed by `change`; `check` sees each changed name. The text of each term is rewritten
    /// to match (`z_k` becomes `z_2`, `a^{(l-1)}` becomes `a^{(1)}`), so messages quote the instance.
    func renamingSubscripts(_ change: (String) -> String, check: (KeyName) -> Void) -> MathTerm {
        func rename(_ n: KeyName) -> KeyName {
            guard let sub = n.subscriptText else { return n }
            let new = change(sub)
            guard new != sub else { return n }
            var m = n
            m.subscriptText = new
            check(m)
            return m
        }
        func walk(_ t: MathTerm) -> MathTerm {
            var copy = t
            copy.text = Self.rewritingSubscripts(in: t.text, change)
            switch t.kind {
            case .number: break
            case .name(let n): copy.kind = .name(rename(n))
            case .negate(let a): copy.kind = .negate(walk(a))
            case .reciprocal(let a): copy.kind = .reciprocal(walk(a))
            case .absolute(let a): copy.kind = .absolute(walk(a))
            case .add(let a, let b): copy.kind = .add(walk(a), walk(b))
            case .subtract(let a, let b): copy.kind = .subtract(walk(a), walk(b))
            case .fraction(let a, let b): copy.kind = .fraction(walk(a), walk(b))
            case .power(let a, let b): copy.kind = .power(walk(a), walk(b))
            case .indicator(let a, let c, let b): copy.kind = .indicator(walk(a), c, walk(b))
            case .product(let fs): copy.kind = .product(fs.map(walk))
            case .apply(let f, let args): copy.kind = .apply(rename(f), args.map(walk))
            case .functionDerivative(let f, let args): copy.kind = .functionDerivative(rename(f), args.map(walk))
            case .derivative(let u, let v): copy.kind = .derivative(walk(u), rename(v))
            }
            return copy
        }
        return walk(self)
    }

    /// `text` with each subscript `_k`, `_{k-1}` and layer superscript `^{(k)}` changed by
    /// `change` (braces dropped for one character after `_`).
    static func rewritingSubscripts(in text: String, _ change: (String) -> String) -> String {
        var result = ""
        var rest = Substring(text)
        while let mark = rest.firstIndex(where: { $0 == "_" || $0 == "^" }) {
            result += rest[...mark]
            let isLayer = rest[mark] == "^"
            rest = rest[rest.index(after: mark)...]
            if isLayer {
                guard rest.hasPrefix("{("), let close = rest.firstIndex(of: ")") else { continue }
                let sub = rest[rest.index(rest.startIndex, offsetBy: 2)..<close]
                result += "{(" + change(sub.filter { !$0.isWhitespace }) + ")"
                rest = rest[rest.index(after: close)...]
                continue
            }
            let sub: Substring
            if rest.first == "{", let close = rest.firstIndex(of: "}") {
                sub = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
            } else if let first = rest.first, first.isLetter || first.isNumber {
                sub = rest.prefix(1)
                rest = rest.dropFirst()
            } else {
                continue
            }
            let new = change(sub.filter { !$0.isWhitespace })
            result += new.count == 1 ? new : "{\(new)}"
        }
        return result + rest
    }
}
