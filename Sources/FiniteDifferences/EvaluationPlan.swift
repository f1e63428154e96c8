/// The arguments at which a method's plain (smooth-case) estimate evaluates
/// the function, in the order it asks for them: the one source of truth for
/// ``Richardson/estimate(of:at:initialStep:ratio:rows:noiseFloor:)`` and
/// ``DifferenceStencil/estimate(of:at:step:method:noiseFloor:)``, so that a
/// caller can compute the values beforehand (vectorised) and replay them
/// (``LossReplay``) with every bit unchanged.
///
/// - Richardson: the nine noise-grid points `x + k·spacing`, `k = -4…4`
///   (``Richardson/noiseSpacing(initialStep:at:)``), then `x + h_i`, `x - h_i`
///   for every row `i` (`h_i` representable, ``StepSize/representable(_:at:)``).
///   The tableau may stop early: it then asks for a prefix of the plan.
/// - A stencil (forward, backward, central, five-point): the offsets of
///   `D(h)`, `D(2h)`, `D(4h)`, `D(h/2)`, then the noise grid, each distinct
///   offset once, as `x + o·h` (`x` itself for `o = 0`).
///
/// The step is the one ``FiniteDifference/estimate(_:of:at:step:noiseFloor:)``
/// takes: the caller's `step` made representable, else ``StepSize/step(for:at:)``.
public enum EvaluationPlan {
    /// How many arguments the plan has: Richardson `9 + 2·24`, a stencil its distinct offsets.
    public static func count(_ method: FiniteDifferenceMethod) -> Int {
        method == .richardson ? 9 + 2 * Richardson.maximumRows : offsets[method]!.count
    }

    /// The `k`-th of ``arguments(_:at:step:)``, computed alone (the same arithmetic).
    public static func argument(_ method: FiniteDifferenceMethod, index k: Int, at x: Double, step: Double? = nil) -> Double {
        let h = step.map { StepSize.representable($0, at: x) } ?? FiniteDifference.step(for: method, at: x)
        if method == .richardson { return Richardson.argument(k, initialStep: h, at: x) }
        let o = offsets[method]![k]
        return o == 0 ? x : x + o * h
    }

    /// Per stencil method, ``DifferenceStencil/requestedOffsets``.
    private static let offsets: [FiniteDifferenceMethod: [Double]] = Dictionary(uniqueKeysWithValues:
        FiniteDifferenceMethod.realMethods.compactMap { m in DifferenceStencil.of(m).map { (m, $0.requestedOffsets) } })

    /// The arguments `method` evaluates at `x`, in request order.
    /// - Precondition: `method` is not `.complexStep`.
    public static func arguments(_ method: FiniteDifferenceMethod, at x: Double, step: Double? = nil) -> [Double] {
        precondition(method != .complexStep, "complex step evaluates f on complex numbers")
        let h = step.map { StepSize.representable($0, at: x) } ?? FiniteDifference.step(for: method, at: x)
        if method == .richardson { return Richardson.arguments(initialStep: h, at: x) }
        return DifferenceStencil.of(method)!.arguments(at: x, step: h)
    }
}
