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

    /// `dLoss/dp` for each parameter at the slot values `values` (a forward pass;
    /// only its variables are read).
    ///
    /// The formulas are evaluated in extended precision (`Float80`, where the
    /// platform has it), from a forward pass in that precision: the exam's
    /// factors `a(1 - a)` cancel when a sigmoid saturates, and the extra bits
    /// keep the result correct to about 1e-15 relative for |z| up to about 12.
    /// Without `Float80` they are evaluated in `Double` (relative error about
    /// `eps / (1 - a)`).
    public func gradient(for network: Network, at values: [Double]) -> [Double] {
        let formulas = compiled(for: network)
        #if arch(x86_64) || arch(i386)
        let wide = network.forward(values.prefix(network.variableCount).map { Float80($0) })
        return wide.withUnsafeBufferPointer { buffer in formulas.map { Double($0.evaluate(buffer)) } }
        #else
        return values.withUnsafeBufferPointer { buffer in formulas.map { $0.evaluate(buffer) } }
        #endif
    }

    /// The bundled closed form whose network matches `network`, if any.
    public static func matching(_ network: Network) -> ClosedForm? { all.first { $0.matches(network) } }
}
