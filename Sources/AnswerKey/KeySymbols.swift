import Foundation
import NetworkModel

/// What the names of an answer key mean in a network.
///
/// - `a_2`, `a2`, `w_{1}` are the network's slots `a2`, `w1`; `y^*`, `y^{\star}`
///   and `y` the label; `Loss`, `L`, `\mathcal{L}`, `\ell` the loss node.
/// - `g_1`, `g_2`, … are the activation functions of the network's activation
///   nodes in order (a node computed from exactly one other node, such as
///   `a1 = sigmoid(z1)`); `g` is their common function, ambiguous when they differ.
/// - `\sigma` is the sigmoid; `\exp`, `\log`, `\ln`, `\tanh`, `\sqrt`, `\max`,
///   `\min` and `relu` are what they say; `Loss(u, v)` applies the loss node's
///   expression with its names replaced by the arguments, in order of
///   appearance except that the label comes last (`Loss(prediction, label)`).
/// - `e` and `\pi` are constants; any other name is a free variable.
public struct KeySymbols: MathVocabulary, Sendable {
    /// What a name stands for as a value.
    public enum Value: Sendable, Equatable {
        case slot(Int)
        case constant(Double)
        /// A name the network lacks, sampled at random (`z` in `g(z)`, `\alpha`).
        case free(String)
    }

    /// A function a key may apply.
    public enum Function: Sendable {
        case elementary(ElementaryFunction)
        case maximum, minimum
        /// The unit step, relu's derivative: `H(u)`, `\Theta(u)`, `\operatorname{step}(u)` are 1 where u > 0, else 0.
        case step
        /// A network-defined function: its parameters are `parameters`, its body reads them as slots 0, 1, ….
        case defined(KeyFunctionBody)
    }

    public let network: Network
    /// The activation nodes in order: `g_1` is the first.
    public let activations: [KeyFunctionBody]
    /// The loss node's expression as a function of its names.
    public let loss: KeyFunctionBody

    static let lossAliases: Set<String> = ["Loss", "L", "mathcal L", "ell", "J", "loss"]
    static let elementaryNames: [String: ElementaryFunction] = [
        "sigma": .sigmoid, "sigmoid": .sigmoid, "exp": .exp, "log": .log, "ln": .log, "tanh": .tanh,
        "sqrt": .sqrt, "relu": .relu, "ReLU": .relu, "ReLu": .relu, "softplus": .softplus, "abs": .abs,
    ]
    /// Names of the unit step (Heaviside), when the network has no quantity so named.
    static let stepNames: Set<String> = ["H", "Theta", "step", "Heaviside", "heaviside"]
    static let stepSizeNames: Set<String> = ["alpha", "eta", "epsilon", "lambda", "gamma", "mu", "tau"]

    public init(network: Network) {
        self.network = network
        var activations: [KeyFunctionBody] = []
        for (k, node) in network.nodes.enumerated() {
            let slot = network.variableCount + k
            guard slot != network.lossSlot else { continue }
            let inputs = node.compiled.slots
            guard inputs.count == 1, let input = inputs.first, input >= network.variableCount else { continue }
            activations.append(KeyFunctionBody(node: node, slot: slot, parameters: [network.slotNames[input]]))
        }
        self.activations = activations
        let lossNode = network.node(atSlot: network.lossSlot)!
        // Loss(prediction, label): the label goes last, whatever order the file writes them in.
        let names = lossNode.expression.names
        let ordered = names.filter { $0 != network.label } + names.filter { $0 == network.label }
        self.loss = KeyFunctionBody(node: lossNode, slot: network.lossSlot, parameters: ordered)
    }

    // MARK: MathVocabulary

    public func isFunction(_ name: KeyName) -> Bool {
        if name.starred { return false }
        // The loss is both a node (`\partial Loss`) and a function (`Loss(a_2, y^*)`).
        if isLoss(name) { return true }
        if network.slot(of: name.key) != nil { return false }
        if name.subscriptText == nil {
            if Self.elementaryNames[name.base] != nil || name.base == "max" || name.base == "min" { return true }
            if Self.stepNames.contains(name.base) { return true }
        }
        return name.base == "g"
    }

    public func isKnownWord(_ word: String) -> Bool {
        network.slot(of: word) != nil || Self.lossAliases.contains(word) || Self.elementaryNames[word] != nil
            || ["max", "min"].contains(word) || MathLexer.greek.contains(word)
    }

    // MARK: Resolution

    /// The slot, constant or free variable a name denotes.
    public func value(of name: KeyName) -> Value {
        if name.starred, let label = network.label {
            let plain = KeyName(base: name.base, subscriptText: name.subscriptText)
            if plain.key == label || name.base == "y" || name.base == label { return .slot(network.slot(of: label)!) }
        }
        for candidate in candidates(name) {
            if let s = network.slot(of: candidate) { return .slot(s) }
        }
        if name.subscriptText == nil, !name.starred {
            if Self.lossAliases.contains(name.base) || name.base == network.loss { return .slot(network.lossSlot) }
            if name.base == "e" { return .constant(M_E_value) }
            if name.base == "pi" { return .constant(Double.pi) }
        }
        return .free(name.key)
    }

    private func candidates(_ name: KeyName) -> [String] {
        guard !name.starred else { return [] }
        guard let sub = name.subscriptText else { return [name.base] }
        return [name.base + sub, name.base + "_" + sub]
    }

    /// The function a name denotes, or why it does not denote one.
    public func function(_ name: KeyName) -> Result<Function, KeyProblem> {
        if name.subscriptText == nil {
            if let f = Self.elementaryNames[name.base] { return .success(.elementary(f)) }
            if name.base == "max" { return .success(.maximum) }
            if name.base == "min" { return .success(.minimum) }
            if Self.stepNames.contains(name.base), network.slot(of: name.base) == nil { return .success(.step) }
            if Self.lossAliases.contains(name.base) || name.base == network.loss { return .success(.defined(loss)) }
        }
        guard name.base == "g" else { return .failure(KeyProblem("\(name.latex) is not a function")) }
        if let sub = name.subscriptText {
            guard let k = Int(sub) else {
                return .failure(KeyProblem("\(name.latex) does not say which unit's activation it is"))
            }
            guard k >= 1, k <= activations.count else {
                return .failure(KeyProblem("the network has \(activations.count) activation function\(activations.count == 1 ? "" : "s"), so \(name.latex) does not exist"))
            }
            return .success(.defined(activations[k - 1]))
        }
        guard let first = activations.first else {
            return .failure(KeyProblem("the network has no activation function for g to denote"))
        }
        if activations.allSatisfy({ $0.shape == first.shape }) { return .success(.defined(first)) }
        let list = activations.enumerated().map { "g_\($0.offset + 1) is \($0.element.shape)" }.joined(separator: ", ")
        return .failure(KeyProblem("g is ambiguous in this network (\(list)); write g_1, g_2, … or define g"))
    }

    /// The key's activation index for a function name: `g_2` → [1], `g` → every activation.
    func activationIndices(_ name: KeyName) -> [Int]? {
        guard name.base == "g" else { return nil }
        guard let sub = name.subscriptText else { return Array(activations.indices) }
        guard let k = Int(sub), k >= 1, k <= activations.count else { return nil }
        return [k - 1]
    }

    func isLoss(_ name: KeyName) -> Bool {
        name.subscriptText == nil && !name.starred && (Self.lossAliases.contains(name.base) || name.base == network.loss)
    }
}

/// A network-defined function: a node's expression read as a function of some of its names.
public struct KeyFunctionBody: Sendable {
    /// The node that defines it.
    public let slot: Int
    public let nodeName: String
    /// The names that become the function's parameters, in order.
    public let parameters: [String]
    public let expression: NetworkModel.Expression
    /// The body, reading parameter i from slot i.
    public let body: CompiledExpression?

    init(node: Network.Node, slot: Int, parameters: [String]) {
        self.slot = slot
        self.nodeName = node.name
        self.parameters = parameters
        self.expression = node.expression
        self.body = CompiledExpression(node.expression, slot: { parameters.firstIndex(of: $0) })
    }

    /// The function's form with its parameter renamed, so `sigmoid(z1)` and `sigmoid(z2)` compare equal.
    public var shape: String {
        if case .call(let f, let argument) = expression.kind, case .name = argument.kind { return f.rawValue }
        var text = expression.description
        for (i, p) in parameters.enumerated() { text = text.replacingOccurrences(of: p, with: "#\(i)") }
        return text
    }

    @inlinable
    func apply<T: GraphScalar>(_ arguments: [T]) -> T? {
        guard let body, arguments.count == parameters.count else { return nil }
        return arguments.withUnsafeBufferPointer { body.evaluate($0) }
    }
}

/// Why a term cannot be checked, in words for a warning.
public struct KeyProblem: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
