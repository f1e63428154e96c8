import ComplexModule
import RealModule
import NetworkModel

/// Complex-step differentiation: `f'(x) ≈ Im f(x + ih) / h`.
///
/// For an analytic `f`, `f(x + ih) = f(x) + ih f'(x) - h² f''(x)/2 - ih³ f'''(x)/6 + …`,
/// so the imaginary part divided by `h` is `f'(x)` with error `h² f'''/6`,
/// and nothing is subtracted: `h` can be tiny (default `1e-20 max(1, |x|)`,
/// rounded down to a power of two: ``StepSize/step(for:at:)``)
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
    /// `D(h/2)` and `D(4h)` check that estimate (``TruncationEstimate``): a step that is
    /// not small against the scale on which `f` varies (`h = 1e-20` when `f`
    /// is a sigmoid of `1e308 · x`, or a caller's `h = 0.5`) makes
    /// `Im f(x + ih)/h` meaningless, and the estimate then carries a doubt.
    public static func estimate(
        of f: (Complex<Double>) -> Complex<Double>, at x: Double, step: Double? = nil
    ) -> DerivativeEstimate {
        let h = step ?? StepSize.step(for: .complexStep, at: x)
        let d = [0.5, 1, 2, 4].map { f(Complex(x, $0 * h)).imaginary / ($0 * h) }
        let rounding = d.map { RoundingModel.relativeNoise * Swift.abs($0) }
        let truncation = TruncationEstimate.fromSuccessiveSteps(
            (d[1], d[2], d[3]), rounding: (rounding[1], rounding[2], rounding[3]), order: 2)
        let below = TruncationEstimate.fromSuccessiveSteps(
            (d[0], d[1], d[2]), rounding: (rounding[0], rounding[1], rounding[2]), order: 2)
        return DerivativeEstimate(
            method: .complexStep, value: d[1], roundingError: rounding[1],
            truncationError: truncation.error, step: h, evaluations: 4, doubt: truncation.doubt ?? below.doubt)
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
