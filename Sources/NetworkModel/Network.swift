import Reporting

/// A scalar computation graph read from a network file: the leaves (inputs,
/// the label, parameters) and the nodes computed from them, one of which is
/// the loss.
///
/// Values live in *slots*: first the variables (inputs, then the label, then
/// the parameters, each in declaration order), then the nodes in a topological
/// order. Every evaluator (`Double`, dual numbers, complex step, the batch
/// evaluator) reads the same slot layout.
public struct Network: Sendable {
    public struct Node: Sendable {
        public var name: String
        public var expression: Expression
        public var compiled: CompiledExpression
        /// Where the node's name is written in the file.
        public var location: SourceLocation
    }

    public enum Role: String, Sendable { case input, label, parameter, node }

    /// The file the network was read from (as given by the user).
    public let file: String
    public let inputs: [String]
    public let label: String?
    public let parameters: [String]
    /// Computed nodes in topological order (every node after its inputs).
    public let nodes: [Node]
    /// The name of the loss node.
    public let loss: String
    /// Names of all slots: ``variables`` then ``nodes``.
    public let slotNames: [String]
    /// For each slot, the slots it depends on directly or transitively (not itself).
    public let ancestors: AncestorMatrix
    /// Where each name is declared or defined.
    public let definitions: [String: SourceLocation]
    private let slotIndex: [String: Int]

    init(file: String, inputs: [String], label: String?, parameters: [String], nodes: [Node],
         loss: String, definitions: [String: SourceLocation]) {
        self.file = file
        self.inputs = inputs
        self.label = label
        self.parameters = parameters
        self.nodes = nodes
        self.loss = loss
        self.definitions = definitions
        let variables = inputs + (label.map { [$0] } ?? []) + parameters
        slotNames = variables + nodes.map(\.name)
        slotIndex = Dictionary(uniqueKeysWithValues: slotNames.enumerated().map { ($1, $0) })
        var ancestors = AncestorMatrix(slotCount: slotNames.count)
        for (k, node) in nodes.enumerated() {
            for s in node.compiled.slots { ancestors.inherit(from: s, into: variables.count + k) }
        }
        self.ancestors = ancestors
    }

    /// Inputs, then the label, then the parameters.
    public var variables: [String] { Array(slotNames.prefix(variableCount)) }
    public var variableCount: Int { slotNames.count - nodes.count }
    public var slotCount: Int { slotNames.count }

    public func slot(of name: String) -> Int? { slotIndex[name] }
    public var lossSlot: Int { slotIndex[loss]! }
    public var parameterSlots: [Int] { parameters.map { slotIndex[$0]! } }

    public func role(of name: String) -> Role? {
        if inputs.contains(name) { return .input }
        if label == name { return .label }
        if parameters.contains(name) { return .parameter }
        return slotIndex[name] != nil ? .node : nil
    }

    /// The node computed in `slot`, or `nil` for a variable.
    public func node(atSlot slot: Int) -> Node? {
        slot >= variableCount ? nodes[slot - variableCount] : nil
    }

    /// Whether the value in slot `u` changes when slot `v` is perturbed.
    public func depends(_ u: Int, on v: Int) -> Bool { ancestors.contains(v, in: u) }

    /// If `name` is defined as one function applied to one argument
    /// (`a1 = sigmoid(z1)`), that function: the node's activation.
    public func activation(of name: String) -> ElementaryFunction? {
        guard let s = slot(of: name), let node = node(atSlot: s),
              case .call(let f, _) = node.expression.kind else { return nil }
        return f
    }

    /// Computes every node from the variables in `values[0..<variableCount]`,
    /// except the node in slot `held`, whose value is left as given: this is
    /// "perturb v, recompute what depends on v, hold the rest".
    @inlinable
    public func evaluate<T: GraphScalar>(_ values: inout [T], holding held: Int? = nil) {
        precondition(values.count == slotCount, "values must have one entry per slot")
        let offset = variableCount
        values.withUnsafeMutableBufferPointer { buffer in
            for k in nodes.indices where offset + k != held {
                let v = nodes[k].compiled.evaluate(UnsafeBufferPointer(buffer))
                buffer[offset + k] = v
            }
        }
    }

    /// All slot values for the given variable values (in ``variables`` order). Inlinable, so
    /// that callers in other modules (the estimators' per-point checks) get it specialised for
    /// their number type instead of resolving generic metadata on every call.
    @inlinable
    public func forward<T: GraphScalar>(_ variables: [T]) -> [T] {
        precondition(variables.count == variableCount, "expected \(variableCount) variable values")
        var values = variables + [T](repeating: T(0), count: nodes.count)
        evaluate(&values)
        return values
    }

    /// The loss at the given variable values.
    public func lossValue(_ variables: [Double]) -> Double { forward(variables)[lossSlot] }

    /// Arguments of every kinked function (`relu`, `abs`) in evaluation order.
    public func kinkArguments(_ values: [Double]) -> [Double] {
        var result: [Double] = []
        values.withUnsafeBufferPointer { buffer in
            // By index: `for node in nodes` copied every node (retaining its expressions) per call.
            for k in nodes.indices { nodes[k].compiled.kinkArguments(buffer, into: &result) }
        }
        return result
    }

    /// Whether any node applies a function that is not analytic (`relu`, `abs`).
    public var usesNonAnalyticFunction: Bool { nodes.contains { $0.expression.usesNonAnalyticFunction } }
}
