import ComplexModule
import RealModule
import NetworkModel

/// A network's loss as a function of one variable, the others held fixed:
/// `t ↦ Loss(…, variable = t, …)`, the function finite differences differentiate.
public struct LossFunction: Sendable {
    public let network: Network
    /// Values of every variable (``Network/variables`` order).
    public let point: [Double]
    /// The index of the varied variable in ``Network/variables`` (also its slot).
    public let index: Int

    /// The loss of `network` as a function of `variable` near `point`.
    /// Returns `nil` if `variable` is not one of the network's variables.
    public init?(_ network: Network, variable: String, at point: [Double]) {
        guard let slot = network.slot(of: variable), slot < network.variableCount else { return nil }
        precondition(point.count == network.variableCount, "expected \(network.variableCount) variable values")
        self.network = network
        self.point = point
        self.index = slot
    }

    /// The name of the varied variable.
    public var variable: String { network.slotNames[index] }
    /// The variable's value at the point.
    public var x: Double { point[index] }

    /// The loss with the variable set to `t`.
    public func callAsFunction(_ t: Double) -> Double {
        var p = point
        p[index] = t
        return network.lossValue(p)
    }

    /// The loss evaluated in complex arithmetic with the variable set to `z`
    /// (every other variable real), for complex step.
    public func complex(_ z: Complex<Double>) -> Complex<Double> {
        var p = point.map { Complex<Double>($0) }
        p[index] = z
        return network.forward(p)[network.lossSlot]
    }

    /// A bound on the rounding error of the computed loss with the variable
    /// set to `t` (see ``RoundingBound``).
    public func roundingError(_ t: Double) -> Double {
        var p = point.map { RoundingBound($0) }
        p[index] = RoundingBound(t)
        return network.forward(p)[network.lossSlot].error
    }

    /// The sign (-1, 0, +1) of each `relu`/`abs` argument with the variable
    /// set to `t`: a stencil whose points disagree here straddles a kink.
    public func kinkSigns(_ t: Double) -> [Int8] {
        var p = point
        p[index] = t
        return network.kinkArguments(network.forward(p)).map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    }

    /// Whether any kink argument changes with the variable at all (if none
    /// does, the loss is smooth in it wherever it is finite).
    public var crossesKinks: Bool {
        let v = index
        return network.nodes.contains { node in
            hasKinkDepending(on: v, node.expression)
        }
    }

    private func hasKinkDepending(on v: Int, _ e: Expression) -> Bool {
        ComplexStep.nonAnalyticCall(in: e, dependingOn: v, network) != nil
    }
}
