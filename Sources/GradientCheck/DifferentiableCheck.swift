#if canImport(_Differentiation)
import _Differentiation
import FiniteDifferences

/// Checks a Swift `@differentiable(reverse)` function's derivative — what
/// the compiler derived, or what a hand-registered `@derivative(of:)`
/// says — against finite differences of the function itself.
///
/// ```swift
/// let result = checkDerivatives(of: { (p: [Double]) -> Double in softplus(p[0]) * p[1] },
///                               at: randomPoints(20, dimension: 2))
/// #expect(result.passed, "\(result)")
/// ```
/// The claim is the pullback at each point applied to 1 (the gradient), so a
/// wrong formula in any `@derivative(of:)` on the way is caught. Forward
/// mode (`differential`) is not checked: this toolchain builds it only with
/// `-enable-experimental-forward-mode-differentiation`.
///
/// Available only where the toolchain has `_Differentiation`.
public func checkDerivatives<T>(
    of f: @escaping @differentiable(reverse) ([T]) -> T, at points: [[T]],
    mode: CheckMode = .automatic, method: FiniteDifferenceMethod = .richardson, tolerance: Tolerance? = nil,
    step: Double? = nil,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> GradientCheckResult where T: BinaryFloatingPoint & Differentiable, T.TangentVector == T {
    var claim = JacobianClaim<T>.products(vjp: { x, v in
        let pullback = valueWithPullback(at: x, of: f).pullback
        return pullback(v[0]).base
    })
    claim.names.vjp = "pullback"
    return JacobianChecker(function: EvaluatedFunction { [f($0)] }, claim: claim, subject: .gradient, method: method,
                           tolerance: tolerance ?? .default(for: T.self), step: step)
        .check(at: points, mode: mode, caller: CallerLocation(fileID: fileID, filePath: filePath, line: line, column: column))
}

/// ``checkDerivatives(of:at:mode:method:tolerance:step:fileID:filePath:line:column:)``
/// for a vector function: its pullback `v ↦ vᵀ J` against finite differences.
public func checkDerivatives<T>(
    of f: @escaping @differentiable(reverse) ([T]) -> [T], at points: [[T]],
    mode: CheckMode = .automatic, method: FiniteDifferenceMethod = .richardson, tolerance: Tolerance? = nil,
    step: Double? = nil,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> GradientCheckResult where T: BinaryFloatingPoint & Differentiable, T.TangentVector == T {
    var claim = JacobianClaim<T>.products(vjp: { x, v in
        let pullback = valueWithPullback(at: x, of: f).pullback
        return pullback(Array<T>.TangentVector(v)).base
    })
    claim.names.vjp = "pullback"
    return JacobianChecker(function: EvaluatedFunction(f), claim: claim, subject: .jacobian, method: method,
                           tolerance: tolerance ?? .default(for: T.self), step: step)
        .check(at: points, mode: mode, caller: CallerLocation(fileID: fileID, filePath: filePath, line: line, column: column))
}
#endif
