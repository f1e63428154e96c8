import AnalyticGradients
import NetworkModel
import Reporting

/// The precondition of every gradient check: the loss and its gradient are
/// finite numbers at the point.
///
/// Where the loss is not (a cross-entropy `log(1 - a2)` with `a2` rounded to
/// 1, `0 · log(0)`, a product that overflows), every derivative method returns
/// NaN or infinity and any verdict would be noise. Where the gradient is not
/// (`1/w` at `w = 1e-200`, whose derivative `-1e400` overflows; `sqrt(w)` at
/// 0), there is no number to compare estimates with. Either way the point is
/// unusable input, like a trajectory point where f is not finite.
public enum CheckablePoint {
    /// Throws unless `network`'s loss and its gradient are finite at `point`
    /// (``Network/variables`` order).
    ///
    /// A loss that is not finite is reported at the definition of the first
    /// node, in evaluation order, whose value is not finite, e.g.
    /// `q2-cross-entropy.net:11:6: error: the loss is not finite at x = 40, y = 0,
    /// w1 = 40, w2 = 40: Loss = inf in double precision, so no gradient can be
    /// checked there`; a gradient component at the parameter's declaration.
    public static func require(_ network: Network, at point: [Double]) throws(InputError) {
        let values = network.forward(point)
        let at = zip(network.variables, point).map { "\($0) = \(shortest($1))" }.joined(separator: ", ")
        let loss = values[network.lossSlot]
        if !loss.isFinite {
            let first = network.nodes.indices.first { !values[network.variableCount + $0].isFinite }!
            let node = network.nodes[first]
            let culprit = node.name == network.loss ? ""
                : " (the first node that is not finite is \(node.name) = \(shortest(values[network.variableCount + first])))"
            throw InputError(
                "the loss is not finite at \(at): \(network.loss) = \(shortest(loss)) in double precision\(culprit), "
                    + "so no gradient can be checked there",
                at: node.location)
        }
        let gradient = ReverseMode.gradient(of: network, at: point)
        if let i = gradient.indices.first(where: { !gradient[$0].isFinite }) {
            let p = network.parameters[i]
            throw InputError(
                "the gradient is not finite at \(at): d\(network.loss)/d\(p) = \(shortest(gradient[i])) "
                    + "in double precision, so there is nothing to check the estimates against",
                at: network.definitions[p])
        }
    }

    /// `1e+300` rather than a long digit string, integers without `.0`, `nan`.
    static func shortest(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}
