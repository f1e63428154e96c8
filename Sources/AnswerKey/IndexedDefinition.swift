/// A definition over an index: `\delta_k = \frac{\partial Loss}{\partial z_k}`,
/// `\delta^{(l)} = \frac{\partial Loss}{\partial z_l}`.
///
/// The defined name's subscript is a single letter that the body also uses as a
/// subscript (`z_k`, `a_{k-1}`, `w_{k+1}`). Each use of the name with a number
/// for the letter (`\delta_2`) is defined by the body with that number put in
/// (`\frac{\partial Loss}{\partial z_2}`), so that `\delta_2 = …` later in the
/// key is a claim, checked, rather than a second definition.
struct IndexedDefinition {
    let base: String
    let starred: Bool
    /// The index letter: `k` in `\delta_k`.
    let index: String
    let body: MathTerm

    /// The indexed definition `name = body` makes, if `name` has a one-letter subscript the body uses.
    init?(name: KeyName, body: MathTerm) {
        guard let sub = name.subscriptText, sub.count == 1, sub.first!.isLetter else { return nil }
        let usesIndex = body.contains { t in
            switch t.kind {
            case .name(let n): return Self.offset(n.subscriptText, index: sub) != nil
            case .derivative(_, let v): return Self.offset(v.subscriptText, index: sub) != nil
            default: return false
            }
        }
        guard usesIndex else { return nil }
        self.base = name.base
        self.starred = name.starred
        self.index = sub
        self.body = body
    }

    /// The number `name` puts in for the index (`2` for `\delta_2`), if it is this definition's name with a number.
    func value(for name: KeyName) -> Int? {
        guard name.base == base, name.starred == starred, let sub = name.subscriptText,
              !sub.isEmpty, sub.count <= 3, sub.allSatisfy(\.isASCII), let k = Int(sub) else { return nil }
        return k
    }

    /// The body with `k` put in for the index, or `nil` if a subscript it makes is negative or
    /// names nothing (not the network's, not defined by the key, not another use of this definition).
    func instance(_ k: Int, symbols: KeySymbols, isDefined: (String) -> Bool) -> MathTerm? {
        var valid = true
        let result = body.renamingSubscripts { sub in
            guard let offset = Self.offset(sub, index: index) else { return sub }
            guard k + offset >= 0 else {
                valid = false
                return sub
            }
            return String(k + offset)
        } check: { n in
            if case .free(let key) = symbols.value(of: n), !symbols.isFunction(n), !isDefined(key),
               !(n.base == base && n.starred == starred) {
                valid = false
            }
        }
        return valid ? result : nil
    }

    /// `0` for the subscript `k`, `-1` for `k-1`, `2` for `k+2`; `nil` for any other subscript.
    static func offset(_ sub: String?, index: String) -> Int? {
        guard let sub, sub.hasPrefix(index) else { return nil }
        let rest = sub.dropFirst(index.count)
        if rest.isEmpty { return 0 }
        guard let sign = rest.first, sign == "+" || sign == "-", let n = Int(rest.dropFirst()), n >= 0, n < 10 else { return nil }
        return sign == "+" ? n : -n
    }
}

extension MathTerm {
    /// The term with every name's subscript (derivative variables and function names included)
    /// changed by `change`; `check` sees each changed name. The text of each term is rewritten
    /// to match (`z_k` becomes `z_2`), so messages quote the instance.
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

    /// `text` with each subscript `_k`, `_{k-1}` changed by `change` (braces dropped for one character).
    static func rewritingSubscripts(in text: String, _ change: (String) -> String) -> String {
        var result = ""
        var rest = Substring(text)
        while let underscore = rest.firstIndex(of: "_") {
            result += rest[...underscore]
            rest = rest[rest.index(after: underscore)...]
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
