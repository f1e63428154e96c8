/// The linearised bound on the rounding error of a computed loss, and the
/// finite-difference error it implies.
///
/// Each node `v_k` is computed with a relative rounding error of a few units
/// of `eps = 2^-52`; to first order the loss is then off by
/// ```
/// e_L = K · eps · Σ_k |∂L/∂v_k| · |v_k|        (over every node and variable)
/// ```
/// where the adjoints `∂L/∂v_k` come from the reverse sweep that computes
/// the analytic gradient, so the bound costs no extra `exp`. A central
/// difference subtracts two such losses, so its rounding error is at most
/// ```
/// e_fd = 2 · e_L / (w₊ - w₋)
/// ```
/// (five-point: `Σ|c_i| e_L / h = 1.5 · e_L / h`). `K = 4` covers the
/// error of each node's own operations: one rounding for `+ - * /`, at most
/// about 3 ulps for a sigmoid (exp's ulp, the add and the divide), and the
/// variables' terms add margin. The truncation error, `h² |L'''| / 6` for
/// central differences, is estimated from the stencil and added to this
/// bound (``StencilErrorModel``, the one error model of `check` and `sweep`): with `h ≈ cbrt(eps) max(1, |w|)` (``StepSize/step(for:at:)``) it
/// is small on moderate inputs, but not where `L'''` is large (a weight
/// multiplying a large input).
///
/// Where the hidden sigmoid saturates (|x·w1| ≥ 12), the two losses a
/// central difference subtracts agree to about 13 digits; this bound is then
/// what keeps a correct gradient from being flagged (see the README).
public enum RoundingErrorBound {
    /// The safety factor `K`.
    public static let safetyFactor = 4.0
    /// `K · eps`, the per-node relative error assumed.
    public static let nodeRelativeError = safetyFactor * Double.ulpOfOne

    /// `e_L = K eps Σ_s |∂L/∂v_s| |v_s|` over every slot `s` (variables and nodes) in slot
    /// order, a slot whose adjoint is 0 adding 0 (even where its value is not finite), from
    /// the adjoints of the loss (`ReverseMode.adjoints`) and the slot values at the point:
    /// in the loss's units. The sweep's evaluators sum in the same order, so both give the
    /// same bits.
    public static func lossError(adjoints: [Double], values: [Double]) -> Double {
        precondition(adjoints.count == values.count)
        var sum = 0.0
        for s in adjoints.indices { sum = sum + magnitude(adjoints[s], values[s]) }
        return sum * nodeRelativeError
    }

    /// `|a| |v|`, or 0 where the adjoint `a` is 0: one slot's term of `Σ |∂L/∂v| |v|`.
    @inlinable @inline(__always)
    public static func magnitude(_ a: Double, _ v: Double) -> Double { a == 0 ? 0 : Swift.abs(a) * Swift.abs(v) }
}
