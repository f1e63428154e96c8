import ComplexModule
import NetworkModel
import RealModule

/// A value with a first-order bound on its absolute rounding error
/// (Wilkinson's running error analysis), as a network scalar.
///
/// Evaluating a network in this type bounds how far its computed loss can be
/// from the exact loss at the same (exact) variable values:
/// ```
/// a ± b : e = ea + eb + u |a ± b|
/// a · b : e = |b| ea + |a| eb + u |a b|
/// a / b : e = (ea + |a/b| eb) / |b| + u |a/b|
/// f(a)  : e = |f'(a)| ea + 4u |f(a)|        (library functions: a few ulps)
/// ```
/// with `u = eps/2`. The loss of `-log(1 - a2)` with `a2` near 1, for
/// example, gets `e ≈ u / (1 - a2)`: tens of ulps, which a model of
/// `eps |Loss|` misses. `f'` is taken from the complex extension
/// (`Im f(a + ih)/h`), so no derivative table is repeated here.
public struct RoundingBound: Sendable {
    public var value: Double
    /// Bound on `|computed - exact|`.
    public var error: Double

    @inlinable public init(value: Double, error: Double) {
        self.value = value
        self.error = error
    }

    static let u = Double.ulpOfOne / 2
}

extension RoundingBound: GraphScalar {
    public init(_ constant: Double) { self.init(value: constant, error: 0) }
    public var primal: Double { value }

    public static func + (a: Self, b: Self) -> Self {
        let v = a.value + b.value
        return Self(value: v, error: a.error + b.error + u * Swift.abs(v))
    }
    public static func - (a: Self, b: Self) -> Self {
        let v = a.value - b.value
        return Self(value: v, error: a.error + b.error + u * Swift.abs(v))
    }
    public static func * (a: Self, b: Self) -> Self {
        let v = a.value * b.value
        return Self(value: v, error: Swift.abs(b.value) * a.error + Swift.abs(a.value) * b.error + u * Swift.abs(v))
    }
    public static func / (a: Self, b: Self) -> Self {
        let v = a.value / b.value
        return Self(value: v, error: (a.error + Swift.abs(v) * b.error) / Swift.abs(b.value) + u * Swift.abs(v))
    }
    public static prefix func - (a: Self) -> Self { Self(value: -a.value, error: a.error) }

    public static func apply(_ f: ElementaryFunction, to a: Self) -> Self {
        let v = Double.apply(f, to: a.value)
        let h = 1e-20 * Swift.max(1, Swift.abs(a.value))
        let slope = Complex<Double>.apply(f, to: Complex(a.value, h)).imaginary / h
        return Self(value: v, error: Swift.abs(slope) * a.error + 4 * u * Swift.abs(v))
    }

    public static func power(_ base: Self, _ exponent: Self) -> Self {
        // exp(b log a): d/da = b a^(b-1), d/db = a^b log a.
        let v = Double.power(base.value, exponent.value)
        let da = Swift.abs(exponent.value * Double.power(base.value, exponent.value - 1))
        let db = Swift.abs(v * Double.apply(.log, to: base.value))
        return Self(value: v, error: da * base.error + db * exponent.error + 4 * u * Swift.abs(v))
    }
}
