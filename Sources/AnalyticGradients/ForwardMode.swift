import NetworkModel

/// Forward-mode differentiation with dual numbers.
///
/// `d(u)/d(v)` follows the rule an answer key means by a partial derivative
/// at a node: perturb `v`, recompute everything that depends on `v`, hold
/// everything else. So in the exam's network `dz2/da1 = w2`,
/// `da2/da1 = a2(1 - a2) w2` and `dz1/da1 = 0` (z1 does not depend on a1).
public enum ForwardMode {
    /// `d(slot u)/d(slot v)` at the slot values `values` (a forward pass).
    public static func derivative(of u: Int, withRespectTo v: Int, in network: Network, at values: [Double]) -> Double {
        tangents(withRespectTo: v, in: network, at: values)[u].derivative
    }

    /// Every slot's value and derivative with respect to slot `v`.
    public static func tangents(withRespectTo v: Int, in network: Network, at values: [Double]) -> [Dual] {
        var duals = values.map { Dual(value: $0, derivative: 0) }
        duals[v].derivative = 1
        network.evaluate(&duals, holding: v >= network.variableCount ? v : nil)
        return duals
    }

    /// `dLoss/dp` for every parameter p, one forward sweep per parameter.
    public static func gradient(of network: Network, at variables: [Double]) -> [Double] {
        let values = network.forward(variables)
        return network.parameterSlots.map { derivative(of: network.lossSlot, withRespectTo: $0, in: network, at: values) }
    }
}
