import ComplexModule
import RealModule
import NetworkModel

/// Complex-step differentiation: `f'(x) ≈ Im f(x + ih) / h`.
///
/// For an analytic `f`, `f(x + ih) = f(x) + ih f'(x) - h² f''(x)/2 - ih³ f'''(x)/6 + …`,
/// so the imaginary part divided by `h` is `f'(x)` with error `h² f'''/6`,
/// and nothing is subtracted: `h` can be tiny (default `1e-20 max(1, |x|)`)
/// and the result is accurate to a few ulps, like forward mode.
///
/// It needs `f` on complex numbers and fails where `f` is not analytic:
/// `abs` and `relu` (their extensions carry no derivative at the kink).
public enum ComplexStep {
    /// `Im f(x + ih) / h` with its error estimate:
    /// ```
    /// roundingError   = 10 eps |D(h)|                  (no cancellation: a few ulps)
    /// truncationError = |D(h) - D(2h)| / 3             (h² f'''/6, negligible for h = 1e-20)
    /// ```
    public static func estimate(
        of f: (Complex<Double>) -> Complex<Double>, at x: Double, step: Double? = nil
    ) -> DerivativeEstimate {
        let h = step ?? FiniteDifferenceMethod.complexStep.defaultStep(at: x)
        let d1 = f(Complex(x, h)).imaginary / h
        let d2 = f(Complex(x, 2 * h)).imaginary / (2 * h)
        return DerivativeEstimate(
            method: .complexStep, value: d1, roundingError: RoundingModel.relativeNoise * Swift.abs(d1),
            truncationError: Swift.abs(d1 - d2) / 3, step: h, evaluations: 2)
    }

    /// Why complex step cannot differentiate `network`'s loss with respect to
    /// `variable`, or `nil` if it can: the loss depends on a non-analytic
    /// function (`relu`, `abs`) whose argument depends on `variable`.
    ///
    /// The message names the first such call and where it is written, e.g.
    /// `complex step cannot differentiate through relu(z1) (q2-relu.net:9:1, node a1): relu is not analytic …`.
    public static func refusal(for variable: String, in network: Network) -> String? {
        guard let v = network.slot(of: variable) else { return "unknown variable '\(variable)'" }
        let loss = network.lossSlot
        for (k, node) in network.nodes.enumerated() {
            let slot = network.variableCount + k
            guard slot == loss || network.depends(loss, on: slot) else { continue }
            if let call = nonAnalyticCall(in: node.expression, dependingOn: v, network) {
                return "complex step cannot differentiate through \(call) (\(node.location), node \(node.name)): "
                    + "it is not analytic, so Im f(x + ih)/h carries no derivative at its kink; "
                    + "use richardson or central for '\(variable)'"
            }
        }
        return nil
    }

    /// The first `relu(…)`/`abs(…)` in `e` whose argument depends on slot `v`, as written.
    static func nonAnalyticCall(in e: Expression, dependingOn v: Int, _ network: Network) -> String? {
        switch e.kind {
        case .number, .name: return nil
        case .negate(let a): return nonAnalyticCall(in: a, dependingOn: v, network)
        case .binary(_, let l, let r):
            return nonAnalyticCall(in: l, dependingOn: v, network) ?? nonAnalyticCall(in: r, dependingOn: v, network)
        case .call(let f, let a):
            if !f.isAnalytic, a.names.contains(where: { name in
                guard let s = network.slot(of: name) else { return false }
                return s == v || network.depends(s, on: v)
            }) {
                return e.description
            }
            return nonAnalyticCall(in: a, dependingOn: v, network)
        }
    }
}
