import NetworkModel

/// A gradient derived by hand, as the exam writes it, for one of the bundled
/// networks: an independent check on reverse and forward mode.
///
/// Each formula is an expression in the network's own names, so it reads as
/// in the exam, e.g. `dLoss/dw2 = (a2 - y) a2(1 - a2) a1`. A closed form
/// applies to a network whose definitions match ``source`` exactly (after
/// parsing: spacing, comments and line order do not matter).
public struct ClosedForm: Sendable {
    /// Short identifier, e.g. `q2` or `q2-tanh`.
    public let name: String
    /// The network the formulas were derived for, in network-file syntax.
    public let source: String
    /// `(parameter, formula)` in the network's parameter order.
    public let formulas: [(parameter: String, formula: String)]

    /// The network ``source`` describes.
    public var network: Network { try! NetworkParser.parse(source, file: "<closed form \(name)>") }

    /// Whether `network` has exactly the definitions this closed form was derived for.
    public func matches(_ network: Network) -> Bool {
        let template = self.network
        guard template.inputs == network.inputs, template.label == network.label,
              template.parameters == network.parameters, template.loss == network.loss,
              template.nodes.count == network.nodes.count else { return false }
        return template.nodes.allSatisfy { node in
            network.nodes.contains { $0.name == node.name && $0.expression.description == node.expression.description }
        }
    }

    /// The formulas compiled against `network`'s slots (call only when ``matches(_:)``).
    public func compiled(for network: Network) -> [CompiledExpression] {
        formulas.map { entry in
            let e = try! ExpressionParser.parse(Substring(entry.formula), file: "<closed form \(name)>", line: 1)
            return CompiledExpression(e, slot: { network.slot(of: $0) })!
        }
    }

    /// `dLoss/dp` for each parameter at the slot values `values` (a forward pass).
    public func gradient(for network: Network, at values: [Double]) -> [Double] {
        values.withUnsafeBufferPointer { buffer in compiled(for: network).map { $0.evaluate(buffer) } }
    }

    /// The bundled closed form whose network matches `network`, if any.
    public static func matching(_ network: Network) -> ClosedForm? { all.first { $0.matches(network) } }
}
