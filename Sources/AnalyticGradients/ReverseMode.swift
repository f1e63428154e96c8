import Foundation
import NetworkModel

/// Reverse-mode differentiation (backpropagation) over any network.
///
/// One backward sweep from a node `u` gives `d(u)/d(v)` for every slot `v`
/// at once; this is how `dLoss/dw` is computed for all parameters. With a
/// `cut` slot, propagation stops at that node, which realises the
/// "hold everything else" rule of ``ForwardMode`` for a node `v`.
public enum ReverseMode {
    /// The adjoint `d(u)/d(slot)` of every slot, from the slot values `values`.
    /// Propagation does not pass through the node `cut` (its own inputs get
    /// nothing from it), so `result[cut]` is `d(u)/d(cut)` with `cut` held.
    public static func adjoints(of u: Int, in network: Network, at values: [Double], cut: Int? = nil) -> [Double] {
        var adjoint = [Double](repeating: 0, count: network.slotCount)
        adjoint[u] = 1
        values.withUnsafeBufferPointer { buffer in
            for k in network.nodes.indices.reversed() {
                let slot = network.variableCount + k
                guard slot <= u, slot != cut, adjoint[slot] != 0 else { continue }
                backpropagate(network.nodes[k].compiled, adjoint[slot], buffer, &adjoint)
            }
        }
        return adjoint
    }

    /// `d(slot u)/d(slot v)` with `v` held, as in ``ForwardMode/derivative(of:withRespectTo:in:at:)``.
    public static func derivative(of u: Int, withRespectTo v: Int, in network: Network, at values: [Double]) -> Double {
        if u == v { return 1 }
        return adjoints(of: u, in: network, at: values, cut: v)[v]
    }

    /// `dLoss/dp` for every parameter p, in one backward sweep.
    public static func gradient(of network: Network, at variables: [Double]) -> [Double] {
        let values = network.forward(variables)
        let adjoint = adjoints(of: network.lossSlot, in: network, at: values)
        return network.parameterSlots.map { adjoint[$0] }
    }

    /// Adds `seed · d(e)/d(slot)` to `adjoint[slot]` for each slot `e` reads.
    static func backpropagate(
        _ e: CompiledExpression, _ seed: Double, _ values: UnsafeBufferPointer<Double>, _ adjoint: inout [Double]
    ) {
        switch e {
        case .constant: return
        case .slot(let s): adjoint[s] += seed
        case .negate(let a): backpropagate(a, -seed, values, &adjoint)
        case .add(let a, let b):
            backpropagate(a, seed, values, &adjoint)
            backpropagate(b, seed, values, &adjoint)
        case .subtract(let a, let b):
            backpropagate(a, seed, values, &adjoint)
            backpropagate(b, -seed, values, &adjoint)
        case .multiply(let a, let b):
            let va: Double = a.evaluate(values), vb: Double = b.evaluate(values)
            backpropagate(a, seed * vb, values, &adjoint)
            backpropagate(b, seed * va, values, &adjoint)
        case .divide(let a, let b):
            let va: Double = a.evaluate(values), vb: Double = b.evaluate(values)
            backpropagate(a, seed / vb, values, &adjoint)
            backpropagate(b, -seed * va / (vb * vb), values, &adjoint)
        case .integerPower(let a, let n):
            let va: Double = a.evaluate(values)
            backpropagate(a, seed * Double(n) * va.integerPower(n - 1), values, &adjoint)
        case .power(let a, let b):
            let va: Double = a.evaluate(values), vb: Double = b.evaluate(values)
            if !a.slots.isEmpty { backpropagate(a, seed * vb * Foundation.pow(va, vb - 1), values, &adjoint) }
            if !b.slots.isEmpty { backpropagate(b, seed * Foundation.pow(va, vb) * Double.apply(.log, to: va), values, &adjoint) }
        case .call(let f, let a):
            let va: Double = a.evaluate(values)
            backpropagate(a, seed * f.derivative(at: va), values, &adjoint)
        }
    }
}
