/// When an analytic gradient and a finite-difference estimate count as equal.
///
/// The test is `numpy.isclose`'s, widened by the estimate's own error:
/// ```
/// |analytic - estimate| <= atol + rtol * |estimate| + widening * errorEstimate
/// ```
/// Defaults, and why:
/// - `rtol = 1e-5`: central differences in `Double` are good to about
///   `eps^(2/3) ≈ 4e-11` relative at well-scaled points; 1e-5 leaves five
///   orders of margin. A claim off by a relative `δ` is caught only where
///   `δ |g| > atol + rtol |g| + widening · errorEstimate`: measured, every
///   claim off by 1e-3 or 1e-4 where `δ |g|` is twice `atol + rtol |g|`, and
///   never one off by 1e-5 (README, "Verdicts and the tolerance model").
/// - `atol = 1e-7`: near a zero of the gradient a relative test means nothing;
///   for losses of order 1, finite-difference noise stays well below 1e-7.
/// - `widening = 1`: the error estimate is already a bound (it carries its own
///   safety factor), so a correct gradient is not flagged where the finite
///   difference is inaccurate (e.g. a saturated sigmoid, where the two losses
///   subtracted agree to 13 digits). Set 0 for the plain `isclose` test.
public struct Tolerance: Sendable, Equatable, Codable {
    public var atol: Double
    public var rtol: Double
    public var widening: Double

    public init(atol: Double = 1e-7, rtol: Double = 1e-5, widening: Double = 1) {
        self.atol = atol
        self.rtol = rtol
        self.widening = widening
    }

    public static let `default` = Tolerance()

    /// The plain `isclose` part, without the error estimate: `atol + rtol |reference|`.
    @inlinable public func base(reference: Double) -> Double { atol + rtol * Swift.abs(reference) }

    /// The full allowance for a difference from `reference` with error estimate `errorEstimate`.
    @inlinable public func allowance(reference: Double, errorEstimate: Double) -> Double {
        base(reference: reference) + widening * errorEstimate
    }
}
