import NetworkModel
import Reporting

/// A definition in the key of a function the network also defines:
/// `Loss(a_2, y^*) = \frac{1}{2}(a_2 - y^*)^2`, `g(z) = \frac{1}{1+e^{-z}}`, `g_1(z) = \tanh(z)`,
/// and the loss written without its arguments, `L = (a_2 - y^*)^2`, when the right side is
/// computed from the loss's arguments alone.
///
/// It is compared with the network's own function; if they differ, the key
/// describes another network, which is reported once, and the key is then
/// checked against its own definition (the network with that function
/// replaced) rather than failing every later equation for the same reason.
struct KeyDefinition: Sendable {
    enum Target: Sendable, Equatable {
        case loss
        case activation(Int)
    }

    let statementIndex: Int
    let function: KeyName
    let parameters: [KeyName]
    let head: MathTerm
    let body: MathTerm
    let targets: [Target]

    /// The definition `statement` makes, if it is one: `F(p_1, …) = body` with F the loss or an
    /// activation, distinct names as parameters, and a body that does not use F.
    init?(_ statement: KeyStatement, index: Int, symbols: KeySymbols) {
        guard statement.relation == .equality, statement.terms.count == 2 else { return nil }
        var head = statement.terms[0]
        if case .name(let f) = head.kind, symbols.isLoss(f),
           let args = Self.lossArguments(of: statement.terms[1], head: head, symbols) {
            head.kind = .apply(f, args)  // `L = (a_2 - y^*)^2` is `L(a_2, y^*) = (a_2 - y^*)^2`
        }
        guard case .apply(let f, let args) = head.kind else { return nil }
        var parameters: [KeyName] = []
        for a in args {
            guard case .name(let n) = a.kind, !parameters.contains(n) else { return nil }
            parameters.append(n)
        }
        let body = statement.terms[1]
        let usesItself = body.contains { t in
            if case .apply(let g, _) = t.kind { return g == f }
            return false
        }
        guard !usesItself else { return nil }
        if symbols.isLoss(f) {
            targets = [.loss]
        } else if let indices = symbols.activationIndices(f), !indices.isEmpty {
            targets = indices.map { .activation($0) }
        } else {
            return nil
        }
        self.statementIndex = index
        self.function = f
        self.parameters = parameters
        self.head = head
        self.body = body
    }

    /// For `L = body` with L the loss: the loss's arguments as `body` writes them (`a_2`, `y^*`),
    /// if `body` is computed from them alone (and numbers), so that it defines the loss.
    static func lossArguments(of body: MathTerm, head: MathTerm, _ symbols: KeySymbols) -> [MathTerm]? {
        let parameterSlots = symbols.loss.parameters.map { symbols.network.slot(of: $0) }
        var written: [Int: KeyName] = [:]
        var usable = true
        body.visit { t in
            switch t.kind {
            case .name(let n):
                switch symbols.value(of: n) {
                case .slot(let s) where parameterSlots.contains(s): written[s] = written[s] ?? n
                case .constant: break
                default: usable = false
                }
            case .derivative, .functionDerivative: usable = false
            default: break
            }
        }
        guard usable, !written.isEmpty else { return nil }
        return zip(symbols.loss.parameters, parameterSlots).enumerated().map { k, pair in
            let name = pair.1.flatMap { written[$0] } ?? KeyName(base: pair.0)
            var argument = head
            argument.kind = .name(name)
            argument.text = name.latex
            argument.id = -1_000_000 - 16 * head.id - k  // not a term of the document
            return argument
        }
    }

    func functionBody(_ target: Target, _ symbols: KeySymbols) -> KeyFunctionBody {
        switch target {
        case .loss: return symbols.loss
        case .activation(let k): return symbols.activations[k]
        }
    }

    /// The network node expression that realises this definition for `target`, or `nil`
    /// if the body uses something a network file cannot express.
    func networkExpression(for target: Target, _ symbols: KeySymbols) -> NetworkModel.Expression? {
        let fb = functionBody(target, symbols)
        guard fb.parameters.count == parameters.count else { return nil }
        var mapping: [String: String] = [:]
        for (formal, actual) in zip(parameters, fb.parameters) { mapping[formal.key] = actual }
        guard let converted = Self.convert(body, mapping, symbols) else { return nil }
        return Self.recognised(converted, parameters: fb.parameters) ?? converted
    }

    /// A one-parameter body that equals an elementary function (`\frac{1}{1+e^{-z}}` is the
    /// sigmoid) becomes that function, so closed forms read `a_2(1 - a_2)` as keys write them.
    /// Tested at 64 points spread over [-6, 6] to 1e-12 relative.
    static func recognised(_ e: NetworkModel.Expression, parameters: [String]) -> NetworkModel.Expression? {
        guard parameters.count == 1, let compiled = CompiledExpression(e, slot: { $0 == parameters[0] ? 0 : nil }) else {
            return nil
        }
        let samples = (0..<64).map { -6 + 12 * (Double($0) + 0.5) / 64 }
        let agreement = Agreement(atol: 1e-14, rtol: 1e-12)
        for f in ElementaryFunction.allCases {
            let matches = samples.allSatisfy { z in
                let v: Double = [z].withUnsafeBufferPointer { compiled.evaluate($0) }
                return agreement.close(v, Double.apply(f, to: z))
            }
            if matches {
                return NetworkModel.Expression(.call(f, NetworkModel.Expression(.name(parameters[0]), at: e.location)), at: e.location)
            }
        }
        return nil
    }

    private static func convert(_ t: MathTerm, _ mapping: [String: String], _ symbols: KeySymbols) -> NetworkModel.Expression? {
        let here = SourceLocation(file: "", line: t.start.line, column: t.start.column)
        func node(_ kind: NetworkModel.Expression.Kind) -> NetworkModel.Expression { NetworkModel.Expression(kind, at: here) }
        func c(_ x: MathTerm) -> NetworkModel.Expression? { convert(x, mapping, symbols) }
        switch t.kind {
        case .number(let v): return node(.number(v))
        case .name(let n):
            if let mapped = mapping[n.key] { return node(.name(mapped)) }
            if case .constant(let v) = symbols.value(of: n) { return node(.number(v)) }
            return nil
        case .negate(let a): return c(a).map { node(.negate($0)) }
        case .add(let a, let b):
            guard let x = c(a), let y = c(b) else { return nil }
            return node(.binary(.add, x, y))
        case .subtract(let a, let b):
            guard let x = c(a), let y = c(b) else { return nil }
            return node(.binary(.subtract, x, y))
        case .product(let fs):
            var result: NetworkModel.Expression?
            for f in fs {
                guard let x = c(f) else { return nil }
                result = result.map { node(.binary(.multiply, $0, x)) } ?? x
            }
            return result
        case .reciprocal(let a): return c(a).map { node(.binary(.divide, node(.number(1)), $0)) }
        case .fraction(let a, let b):
            guard let x = c(a), let y = c(b) else { return nil }
            return node(.binary(.divide, x, y))
        case .power(let b, let e):
            guard let y = c(e) else { return nil }
            if case .name(let n) = b.kind, symbols.value(of: n) == .constant(M_E_value) { return node(.call(.exp, y)) }
            guard let x = c(b) else { return nil }
            return node(.binary(.power, x, y))
        case .absolute(let a): return c(a).map { node(.call(.abs, $0)) }
        case .apply(let f, let args):
            switch symbols.function(f) {
            case .success(.elementary(let e)) where args.count == 1:
                return c(args[0]).map { node(.call(e, $0)) }
            case .success(.maximum) where args.count == 2:
                // max(0, u) and max(u, 0) are relu(u).
                if case .number(0) = args[0].kind { return c(args[1]).map { node(.call(.relu, $0)) } }
                if case .number(0) = args[1].kind { return c(args[0]).map { node(.call(.relu, $0)) } }
                return nil
            default: return nil
            }
        case .derivative, .indicator, .functionDerivative: return nil
        }
    }
}

extension Network {
    /// This network with some nodes' expressions replaced, re-read through the network parser
    /// so that every invariant (names, order, dependencies) is checked again.
    func replacing(_ expressions: [Int: NetworkModel.Expression], file: String) -> Network? {
        var lines: [String] = []
        if !inputs.isEmpty { lines.append("input " + inputs.joined(separator: " ")) }
        if let label { lines.append("label \(label)") }
        lines.append("param " + parameters.joined(separator: " "))
        for (k, node) in nodes.enumerated() {
            let slot = variableCount + k
            let expression = expressions[slot] ?? node.expression
            lines.append((slot == lossSlot ? "loss " : "") + "\(node.name) = \(expression.description)")
        }
        return try? NetworkParser.parse(lines.joined(separator: "\n"), file: file)
    }
}
