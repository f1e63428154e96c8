import NetworkModel

/// A dual number `value + derivative·ε` with `ε² = 0`: forward-mode
/// differentiation carries one directional derivative alongside each value.
///
/// Arithmetic on duals is exact differentiation of the arithmetic on values,
/// so a derivative computed this way is as accurate as the value itself
/// (a few ulps relative, barring cancellation in the formula).
public struct Dual: Sendable, Equatable {
    public var value: Double
    public var derivative: Double

    @inlinable public init(value: Double, derivative: Double) {
        self.value = value
        self.derivative = derivative
    }
}

extension Dual: GraphScalar {
    @inlinable public init(_ constant: Double) { self.init(value: constant, derivative: 0) }
    @inlinable public var primal: Double { value }

    @inlinable public static func + (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value + b.value, derivative: a.derivative + b.derivative)
    }
    @inlinable public static func - (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value - b.value, derivative: a.derivative - b.derivative)
    }
    @inlinable public static func * (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value * b.value, derivative: a.derivative * b.value + a.value * b.derivative)
    }
    @inlinable public static func / (a: Dual, b: Dual) -> Dual {
        Dual(value: a.value / b.value, derivative: (a.derivative * b.value - a.value * b.derivative) / (b.value * b.value))
    }
    @inlinable public static prefix func - (a: Dual) -> Dual { Dual(value: -a.value, derivative: -a.derivative) }

    @inlinable public static func apply(_ f: ElementaryFunction, to x: Dual) -> Dual {
        // A zero tangent stays exactly zero, even where f' is infinite or undefined.
        let slope = x.derivative == 0 ? 0 : f.derivative(at: x.value) * x.derivative
        return Dual(value: Double.apply(f, to: x.value), derivative: slope)
    }

    @inlinable public static func power(_ base: Dual, _ exponent: Dual) -> Dual {
        let r = Double.power(base.value, exponent.value)
        var d = 0.0
        if base.derivative != 0 { d += exponent.value * Double.power(base.value, exponent.value - 1) * base.derivative }
        if exponent.derivative != 0 { d += r * Double.apply(.log, to: base.value) * exponent.derivative }
        return Dual(value: r, derivative: d)
    }
}
