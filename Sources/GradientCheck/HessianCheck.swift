import FiniteDifferences

/// Second order, as `torch.autograd.gradgradcheck` and jax's
/// `check_grads(order: 2)` do: checks that `gradient` is the gradient of `f`,
/// then that the claimed Hessian and/or Hessian-vector product are the
/// derivative of `gradient` — the Jacobian of the gradient, estimated by
/// finite differences of `gradient` itself (so second derivatives cost no
/// more evaluations, and lose no more digits, than first derivatives).
///
/// ```
/// hessian(x)   = H(x)          n × n
/// hvp(x, u)    = H(x) u        checked as the gradient's JVP, and as its VJP
///                              (vᵀH = (H v)ᵀ: an HVP that is not symmetric fails)
/// ```
/// Give `hessian`, `hvp` or both. The components of the result name
/// their source: "gradient" for first order, "hessian" or "hvp" for second.
/// In fast mode the second-order check projects `vᵀ H u` from the HVP or
/// Hessian against the finite difference of `vᵀ ∇f` along `u`.
public func checkHessian<T: BinaryFloatingPoint>(
    of f: ([T]) -> T, gradient: @escaping ([T]) -> [T],
    hessian: (([T]) -> [[T]])? = nil, hvp: (([T], [T]) -> [T])? = nil, at points: [[T]],
    mode: CheckMode = .automatic, method: FiniteDifferenceMethod = .richardson, tolerance: Tolerance? = nil,
    step: Double? = nil,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> GradientCheckResult {
    let first = checkGradient(of: f, gradient: gradient, at: points, mode: mode, method: method, tolerance: tolerance,
                              step: step, fileID: fileID, filePath: filePath, line: line, column: column)
    var claim = JacobianClaim<T>(jacobian: hessian, jvp: hvp, vjp: hvp)
    claim.names = (jacobian: "hessian", jvp: "hvp", vjp: "hvp")
    let second = JacobianChecker(function: EvaluatedFunction(gradient), claim: claim, subject: .hessian, method: method,
                                 tolerance: tolerance ?? .default(for: T.self), step: step)
        .check(at: points, mode: mode, caller: CallerLocation(fileID: fileID, filePath: filePath, line: line, column: column))
    return first.merged(with: second)
}
