import FiniteDifferences
import NetworkModel

/// Central and five-point differences of a network's loss at one point, evaluated as
/// `gradcheck sweep` evaluates them: the same step (``StepSize/step(for:at:)``), the same
/// stencil points `w + k h` (``StencilErrorModel/multiples(_:)``), the same kink test and
/// the same error model (``StencilErrorModel``) with the same rounding bound `e_L`
/// (``RoundingErrorBound/lossError(adjoints:values:)``), so `check` and `sweep` give the
/// same estimate, error estimate and verdict at the same point, bit for bit.
///
/// The stencil straddles a kink where a `relu`/`abs` argument of a node that depends on
/// the variable is 0 at the point or at `w ± h` (five-point: also `w ± 2h`), or changes
/// sign between the point and one of them; the result is then
/// ``PartialEstimate/straddle(_:left:right:)`` with the one-sided slopes, judged by
/// ``Verdict/judgeStraddle(analytic:left:right:errorEstimate:tolerance:)``.
public enum NetworkStencil {
    /// The methods evaluated here (the others go through ``KinkAwareEstimator``).
    public static func supports(_ method: FiniteDifferenceMethod) -> Bool { method == .central || method == .fivePoint }

    /// The estimate of `∂L/∂(f.variable)` by `method` (central or five-point) with its error
    /// estimate; `lossError` is `e_L`, the bound on one loss value's rounding error; `step`
    /// overrides the derived step (made representable, ``StepSize/representable(_:at:)``).
    /// An unresolved stencil (infinite truncation error) carries the doubt
    /// ``StencilErrorModel/unresolved``; a non-finite estimate, "the function is not finite on the stencil".
    public static func estimate(
        _ method: FiniteDifferenceMethod, _ f: LossFunction, lossError: Double, step: Double? = nil
    ) -> PartialEstimate {
        precondition(supports(method), "NetworkStencil evaluates central and five-point differences only")
        let network = f.network, w = f.x
        let h = step.map { StepSize.representable($0, at: w) } ?? StepSize.step(for: method, at: w)
        let descendants = network.nodes.indices.filter { network.depends(network.variableCount + $0, on: f.index) }
        func kinkArguments(_ values: [Double]) -> [Double] {
            var result: [Double] = []
            values.withUnsafeBufferPointer { buffer in
                for j in descendants { network.nodes[j].compiled.kinkArguments(buffer, into: &result) }
            }
            return result
        }
        let base = network.forward(f.point)
        let baseKinks = kinkArguments(base)
        let l = base[network.lossSlot]
        var points: [Double] = [], losses: [Double] = []
        var straddles = false
        for k in StencilErrorModel.multiples(method) {
            var p = f.point
            p[f.index] = w + k * h
            let values = network.forward(p)
            if StencilErrorModel.watched(k, method), !straddles {
                straddles = zip(baseKinks, kinkArguments(values)).contains { b, q in b == 0 || q == 0 || (b > 0) != (q > 0) }
            }
            points.append(p[f.index])
            losses.append(values[network.lossSlot])
        }
        let d = method == .fivePoint
            ? StencilErrorModel.fivePoint(loss: l, plus: (losses[0], losses[2], losses[4]), minus: (losses[1], losses[3], losses[5]),
                                          step: h, lossError: lossError)
            : StencilErrorModel.central(plus: losses[0], minus: losses[1], widePlus: losses[2], wideMinus: losses[3],
                                        points: points[0], points[1], points[2], points[3], lossError: lossError)
        let estimate = DerivativeEstimate(
            method: method, value: d.value, roundingError: d.roundingError, truncationError: d.truncationError, step: h,
            evaluations: losses.count + 1,
            // A non-finite estimate gets DerivativeEstimate's own doubt (the function is not finite on the stencil).
            doubt: d.value.isFinite && !d.isResolved ? StencilErrorModel.unresolved : nil)
        guard straddles else { return .smooth(estimate) }
        let (left, right) = method == .fivePoint
            ? StencilErrorModel.fivePointSlopes(loss: l, plus: losses[0], minus: losses[1], step: h)
            : StencilErrorModel.centralSlopes(loss: l, plus: losses[0], minus: losses[1], points: w, points[0], points[1])
        return .straddle(estimate, left: left, right: right)
    }
}
