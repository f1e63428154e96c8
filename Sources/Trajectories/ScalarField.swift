import AnalyticGradients
import NetworkModel
import Reporting

/// A function f(x, y) written in the network expression language, with its
/// exact gradient.
///
/// The gradient comes from forward mode: the compiled expression is evaluated
/// twice over ``Dual`` numbers, seeding `x` and then `y`. It is therefore as
/// accurate as the value itself (a few ulps relative, barring cancellation in
/// the formula); there is no finite-difference step and no truncation error.
///
/// **Edge cases:** where f or a partial derivative is undefined (`log` of a
/// negative number, `sqrt` at 0, `1/0`) the result is not finite; callers
/// check `isFinite` and report the point.
public struct ScalarField: Sendable {
    /// The names the expression may use, and their slots.
    public static let variables = ["x", "y"]

    /// The expression as parsed, with source positions.
    public let expression: Expression
    private let compiled: CompiledExpression

    /// Compiles `expression`. Any name other than `x` and `y` is an error at
    /// the name's position, e.g. "unknown name 'z' in the function: it may use x and y".
    public init(_ expression: Expression) throws(InputError) {
        var unknown: (String, SourceLocation)?
        expression.visitNames { name, location in
            if unknown == nil, !Self.variables.contains(name) { unknown = (name, location) }
        }
        if let (name, location) = unknown {
            throw InputError("unknown name '\(name)' in the function: it may use only x and y", at: location)
        }
        guard let compiled = CompiledExpression(expression, slot: { Self.variables.firstIndex(of: $0) }) else {
            throw InputError("the function could not be compiled", at: expression.location)
        }
        self.expression = expression
        self.compiled = compiled
    }

    /// f(p).
    public func value(at p: Vector2) -> Double {
        [p.x, p.y].withUnsafeBufferPointer { compiled.evaluate($0) }
    }

    /// f(p) and ∇f(p) = (∂f/∂x, ∂f/∂y), exact to rounding (two dual-number passes).
    public func valueAndGradient(at p: Vector2) -> (value: Double, gradient: Vector2) {
        let dx = [Dual(value: p.x, derivative: 1), Dual(value: p.y, derivative: 0)]
            .withUnsafeBufferPointer { compiled.evaluate($0) }
        let dy = [Dual(value: p.x, derivative: 0), Dual(value: p.y, derivative: 1)]
            .withUnsafeBufferPointer { compiled.evaluate($0) }
        return (dx.value, Vector2(dx.derivative, dy.derivative))
    }

    /// ∇f(p).
    public func gradient(at p: Vector2) -> Vector2 { valueAndGradient(at: p).gradient }
}
