import FiniteDifferences

/// Checks a vector function's claimed derivative — its Jacobian, its
/// Jacobian-vector product, its vector-Jacobian product, or several — against
/// finite differences, as `torch.autograd.gradcheck` and jax's `check_grads`
/// (both modes) do.
///
/// ```swift
/// // f(x, y) = (x y, sin x)
/// let result = checkJacobian(
///     of: { p in [p[0] * p[1], sin(p[0])] },
///     claim: .products(jvp: { p, u in [p[1] * u[0] + p[0] * u[1], cos(p[0]) * u[0]] },
///                      vjp: { p, v in [p[1] * v[0] + cos(p[0]) * v[1], p[0] * v[0]] }),
///     at: randomPoints(10, dimension: 2))
/// #expect(result.passed, "\(result)")
/// ```
/// Full mode estimates each column `J e_c` once (one finite difference per
/// input, its evaluations shared by every output) and judges every entry of
/// every claim; fast mode projects (see ``CheckMode``). Every disagreeing
/// entry is reported with its row, column, point and claim.
///
/// `T` may be any `BinaryFloatingPoint`: steps and the default tolerance come
/// from its epsilon (``Tolerance/default(for:)``).
public func checkJacobian<T: BinaryFloatingPoint>(
    of f: ([T]) -> [T], claim: JacobianClaim<T>, at points: [[T]],
    mode: CheckMode = .automatic, method: FiniteDifferenceMethod = .richardson, tolerance: Tolerance? = nil,
    step: Double? = nil,
    fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
) -> GradientCheckResult {
    withoutActuallyEscaping(f) { f in
        JacobianChecker(function: EvaluatedFunction(f), claim: claim, subject: .jacobian, method: method,
                        tolerance: tolerance ?? .default(for: T.self), step: step)
            .check(at: points, mode: mode, caller: CallerLocation(fileID: fileID, filePath: filePath, line: line, column: column))
    }
}
