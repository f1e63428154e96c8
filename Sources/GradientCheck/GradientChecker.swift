import AnalyticGradients
import FiniteDifferences
import NetworkModel
import Reporting

/// Checks a network's analytic gradient (reverse mode) against finite
/// differences, parameter by parameter.
public enum GradientChecker {
    /// Checks every parameter of `network` at the variable values `point`
    /// (``Network/variables`` order) with each of `methods`.
    ///
    /// Central and five-point differences are evaluated as `sweep` evaluates them
    /// (``NetworkStencil``, ``StencilErrorModel``: the rounding bound `K eps Σ |∂L/∂v| |v|`
    /// from the reverse sweep's adjoints, the truncation estimated from the stencil at
    /// `h`, `2h` (and `4h`)), so both give the same estimate, error estimate and verdict at
    /// the same point. The other methods go through ``KinkAwareEstimator`` (measured noise,
    /// ``RoundingBound``, one-sided formulas near kinks).
    ///
    /// - Parameter step: overrides every method's derived step (for
    ///   Richardson: the initial step; for complex step: `h`).
    public static func check(
        _ network: Network, at point: [Double], methods: [FiniteDifferenceMethod] = FiniteDifferenceMethod.allCases,
        tolerance: Tolerance = .default, step: Double? = nil
    ) -> NetworkCheck {
        let values = network.forward(point)
        let adjoints = ReverseMode.adjoints(of: network.lossSlot, in: network, at: values)
        let analytic = network.parameterSlots.map { adjoints[$0] }  // ReverseMode.gradient
        // e_L, the rounding bound of one loss value, from the same adjoints (as sweep).
        let lossError = RoundingErrorBound.lossError(adjoints: adjoints, values: values)
        let closedForm = ClosedForm.matching(network)
        let closed = closedForm?.gradient(for: network, at: values)
        let parameters = network.parameters.enumerated().map { i, name in
            let f = LossFunction(network, variable: name, at: point)!
            let deciding = decidingMethod(for: name, in: network)
            let results = methods.map { method in
                let estimate = NetworkStencil.supports(method)
                    ? NetworkStencil.estimate(method, f, lossError: lossError, step: step)
                    : KinkAwareEstimator.estimate(method, f, step: step)
                return MethodResult(method: method, estimate: estimate,
                             analytic: analytic[i], tolerance: tolerance,
                             decidingMethod: method == .complexStep ? "richardson" : deciding)
            }
            return ParameterCheck(parameter: name, analytic: analytic[i], closedForm: closed?[i], results: results)
        }
        return NetworkCheck(network: network, point: point, values: values, closedFormName: closedForm?.name,
                            tolerance: tolerance, parameters: parameters)
    }

    /// Throws unless `step` can be every method's step at every parameter's
    /// value (``StepSize/refusal(_:for:at:)``: finite, `> 0`, no stencil point
    /// overflowing or rounding the parameter away, not below half its ulp).
    /// `check --step` calls this before any work.
    public static func requireUsable(
        step: Double, for network: Network, at point: [Double], methods: [FiniteDifferenceMethod]
    ) throws(InputError) {
        for name in network.parameters {
            guard let slot = network.slot(of: name), slot < point.count else { continue }
            for method in methods {
                if let reason = StepSize.refusal(step, for: method, at: point[slot], variable: name) {
                    throw InputError("--step \(step) cannot be used for \(name) = \(point[slot]): \(reason)")
                }
            }
        }
    }

    /// The most accurate method for `parameter`: complex step unless the
    /// loss reaches it through relu/abs, then Richardson.
    public static func decidingMethod(for parameter: String, in network: Network) -> String {
        ComplexStep.refusal(for: parameter, in: network) == nil ? "complex-step" : "richardson"
    }
}

/// The result of ``GradientChecker/check(_:at:methods:tolerance:step:)``.
public struct NetworkCheck: Sendable {
    public var network: Network
    /// The variable values checked at, in ``Network/variables`` order.
    public var point: [Double]
    /// Every slot's value (variables, then nodes) from the forward pass.
    public var values: [Double]
    /// The bundled closed form that matched the network, if any.
    public var closedFormName: String?
    public var tolerance: Tolerance
    public var parameters: [ParameterCheck]

    /// Whether no parameter failed (inconclusive and kinks with the analytic
    /// value between the one-sided derivatives pass).
    public var passed: Bool { !parameters.contains { $0.verdict.isFailure } }

    /// The overall verdict's name: `mismatch` if any parameter fails, else
    /// `not-differentiable` if any sits on a kink, else `inconclusive` if any
    /// is undecided, else `agree`.
    public var verdictName: String {
        let verdicts = parameters.map(\.verdict)
        if let failure = verdicts.first(where: \.isFailure) { return failure.name == "not-differentiable" ? "mismatch" : failure.name }
        for name in ["not-differentiable", "inconclusive"] where verdicts.contains(where: { $0.name == name }) { return name }
        return "agree"
    }
}
