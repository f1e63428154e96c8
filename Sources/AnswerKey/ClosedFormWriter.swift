import NetworkModel

/// Writes a network derivative ∂u/∂v in closed form, in the key's notation:
/// `∂a_2/∂w_2` is `a_2(1 - a_2) a_1`, `∂Loss/∂a_2` is `a_2 - y^*`.
///
/// ∂u/∂v is the sum over paths from v to u of the products of local
/// derivatives, each found by symbolic differentiation of a node's expression
/// with light simplification (constants folded, factors 1 and terms 0 dropped).
/// A unit `a = sigmoid(z)` has local derivative `a(1 - a)`, `a = tanh(z)` has
/// `1 - a^2` and `a = exp(z)` has `a`, written with the node's own name as
/// answer keys do. A path through `relu` or `abs` has no closed form here (its
/// derivative is a step function), and neither does a general power.
struct ClosedFormWriter: Sendable {
    let network: Network
    let notation: KeyNotation

    /// The closed form of ∂u/∂v, or `nil` where none is written.
    func closedForm(_ u: Int, _ v: Int) -> String? {
        var memo: [Int: Sym?] = [:]
        guard let s = derivative(u, v, &memo) else { return nil }
        return render(s.simplified, context: .top)
    }

    /// The node expression of slot `u` in closed form (`x w_1` for z1).
    func definition(_ u: Int) -> String? {
        guard let node = network.node(atSlot: u), let s = Sym(node.expression, network) else { return nil }
        return render(s.simplified, context: .top)
    }

    private func derivative(_ u: Int, _ v: Int, _ memo: inout [Int: Sym?]) -> Sym? {
        if u == v { return .number(1) }
        if let known = memo[u] { return known }
        guard let node = network.node(atSlot: u), network.depends(u, on: v) else { return .number(0) }
        var terms: [Sym] = []
        for s in node.compiled.slots.sorted() where s == v || network.depends(s, on: v) {
            guard let local = localDerivative(node, at: u, withRespectTo: s),
                  let inner = derivative(s, v, &memo) else {
                memo[u] = .some(nil)
                return nil
            }
            terms.append(.product([local, inner]))
        }
        let result = Sym.sum(terms).simplified
        memo[u] = result
        return result
    }

    /// ∂node/∂(direct input s), holding the node's other inputs.
    private func localDerivative(_ node: Network.Node, at u: Int, withRespectTo s: Int) -> Sym? {
        if case .call(let f, let argument) = node.expression.kind, case .name(let n) = argument.kind,
           network.slot(of: n) == s {
            switch f {
            case .sigmoid: return .product([.slot(u), .sum([.number(1), .negate(.slot(u))])])
            case .tanh: return .sum([.number(1), .negate(.power(.slot(u), 2))])
            case .exp: return .slot(u)
            default: break
            }
        }
        return Sym.differentiate(node.expression, withRespectTo: network.slotNames[s], network)
    }

    // MARK: Rendering

    private enum Context { case top, factor, exponentBase }

    private func render(_ s: Sym, context: Context) -> String {
        switch s {
        case .number(let v):
            let text = v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : KeyNotation.format(v)
            return v < 0 && context != .top ? "(\(text))" : text
        case .slot(let i): return notation.name(i)
        case .negate(let a):
            let text = "-" + render(a, context: .factor)
            return context == .top ? text : "(\(text))"
        case .sum(let terms):
            var text = ""
            for (i, t) in terms.enumerated() {
                if case .negate(let inner) = t {
                    text += (i == 0 ? "-" : " - ") + render(inner, context: .factor)
                } else if case .number(let v) = t, v < 0, i > 0 {
                    text += " - " + render(.number(-v), context: .factor)
                } else {
                    text += (i == 0 ? "" : " + ") + render(t, context: .top)
                }
            }
            return context == .top ? text : "(\(text))"
        case .product(let factors):
            var text = ""
            for f in factors {
                let piece = render(f, context: .factor)
                if !text.isEmpty && !piece.hasPrefix("(") { text += " " }
                text += piece
            }
            return context == .exponentBase ? "(\(text))" : text
        case .quotient(let a, let b):
            return "\\frac{\(render(a, context: .top))}{\(render(b, context: .top))}"
        case .power(let a, let n):
            return render(a, context: .exponentBase) + (n >= 0 && n < 10 ? "^\(n)" : "^{\(n)}")
        case .call(let f, let a):
            let name: String
            switch f {
            case .sigmoid: name = "\\sigma"
            case .exp: name = "\\exp"
            case .log: name = "\\log"
            case .tanh: name = "\\tanh"
            case .sqrt: return "\\sqrt{\(render(a, context: .top))}"
            default: name = "\\operatorname{\(f.rawValue)}"
            }
            return "\(name)(\(render(a, context: .top)))"
        }
    }
}

/// A small symbolic expression over network slots, for closed forms.
indirect enum Sym: Sendable {
    case number(Double)
    case slot(Int)
    case negate(Sym)
    case sum([Sym])
    case product([Sym])
    case quotient(Sym, Sym)
    case power(Sym, Int)
    case call(ElementaryFunction, Sym)

    init?(_ e: NetworkModel.Expression, _ network: Network) {
        switch e.kind {
        case .number(let v): self = .number(v)
        case .name(let n):
            guard let s = network.slot(of: n) else { return nil }
            self = .slot(s)
        case .negate(let a):
            guard let a = Sym(a, network) else { return nil }
            self = .negate(a)
        case .call(let f, let a):
            guard let a = Sym(a, network) else { return nil }
            self = .call(f, a)
        case .binary(let op, let l, let r):
            guard let a = Sym(l, network) else { return nil }
            if op == .power {
                guard case .number(let n) = r.kind, n == n.rounded(), Swift.abs(n) <= 64 else { return nil }
                self = .power(a, Int(n))
                return
            }
            guard let b = Sym(r, network) else { return nil }
            switch op {
            case .add: self = .sum([a, b])
            case .subtract: self = .sum([a, .negate(b)])
            case .multiply: self = .product([a, b])
            case .divide: self = .quotient(a, b)
            case .power: return nil
            }
        }
    }

    /// d e / d(name), other names held; `nil` where no closed form is written (kinks, general powers).
    static func differentiate(_ e: NetworkModel.Expression, withRespectTo name: String, _ network: Network) -> Sym? {
        func d(_ e: NetworkModel.Expression) -> Sym? {
            switch e.kind {
            case .number: return .number(0)
            case .name(let n): return .number(n == name ? 1 : 0)
            case .negate(let a): return d(a).map { .negate($0) }
            case .call(let f, let a):
                guard let da = d(a), let sa = Sym(a, network) else { return nil }
                let outer: Sym
                switch f {
                case .exp: outer = .call(.exp, sa)
                case .log: outer = .quotient(.number(1), sa)
                case .sigmoid: outer = .product([.call(.sigmoid, sa), .sum([.number(1), .negate(.call(.sigmoid, sa))])])
                case .tanh: outer = .sum([.number(1), .negate(.power(.call(.tanh, sa), 2))])
                case .softplus: outer = .call(.sigmoid, sa)
                case .sqrt: outer = .quotient(.number(1), .product([.number(2), .call(.sqrt, sa)]))
                case .relu, .abs: return da.isZero ? .number(0) : nil
                }
                return .product([outer, da])
            case .binary(let op, let l, let r):
                guard let dl = d(l), let sl = Sym(l, network) else { return nil }
                if op == .power {
                    guard case .number(let n) = r.kind, n == n.rounded(), Swift.abs(n) <= 64 else { return nil }
                    return .product([.number(n), .power(sl, Int(n) - 1), dl])
                }
                guard let dr = d(r), let sr = Sym(r, network) else { return nil }
                switch op {
                case .add: return .sum([dl, dr])
                case .subtract: return .sum([dl, .negate(dr)])
                case .multiply: return .sum([.product([dl, sr]), .product([sl, dr])])
                case .divide:
                    if dr.isZero { return .quotient(dl, sr) }
                    return .quotient(.sum([.product([dl, sr]), .negate(.product([sl, dr]))]), .power(sr, 2))
                case .power: return nil
                }
            }
        }
        return d(e)?.simplified
    }

    var isZero: Bool {
        if case .number(0) = simplified { return true }
        return false
    }

    /// Constants folded, 0 terms and factors 1 dropped, nested sums and products flattened.
    var simplified: Sym {
        switch self {
        case .number, .slot: return self
        case .negate(let a):
            switch a.simplified {
            case .number(let v): return .number(-v)
            case .negate(let inner): return inner
            case let s: return .negate(s)
            }
        case .call(let f, let a): return .call(f, a.simplified)
        case .power(let a, let n):
            let s = a.simplified
            if n == 0 { return .number(1) }
            if n == 1 { return s }
            if case .number(let v) = s { return .number(Double.power(v, Double(n))) }
            return .power(s, n)
        case .quotient(let a, let b):
            let sa = a.simplified, sb = b.simplified
            if case .number(0) = sa { return .number(0) }
            if case .number(1) = sb { return sa }
            return .quotient(sa, sb)
        case .sum(let terms):
            var flat: [Sym] = []
            var constant = 0.0
            for t in terms.map(\.simplified) {
                switch t {
                case .number(let v): constant += v
                case .sum(let inner): flat += inner
                default: flat.append(t)
                }
            }
            if constant != 0 { flat.insert(.number(constant), at: 0) }
            if flat.isEmpty { return .number(0) }
            return flat.count == 1 ? flat[0] : .sum(flat)
        case .product(let factors):
            var flat: [Sym] = []
            var constant = 1.0
            for f in factors.map(\.simplified) {
                switch f {
                case .number(let v): constant *= v
                case .product(let inner): flat += inner
                case .negate(let inner):
                    constant = -constant
                    if case .product(let p) = inner { flat += p } else { flat.append(inner) }
                default: flat.append(f)
                }
            }
            if constant == 0 { return .number(0) }
            if flat.isEmpty { return .number(constant) }
            let body: Sym = flat.count == 1 ? flat[0] : .product(flat)
            if constant == 1 { return body }
            if constant == -1 { return .negate(body) }
            return .product([.number(constant)] + flat)
        }
    }
}
