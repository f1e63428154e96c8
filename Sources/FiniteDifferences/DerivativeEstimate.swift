/// A finite-difference estimate of `f'(x)` with a bound on its own error.
///
/// `errorEstimate = roundingError + truncationError`, both absolute, in the
/// units of the derivative (units of `f` per unit of `x`). Each method's
/// documentation gives its two formulas; the estimate is meant as a bound
/// (it includes a safety factor), not a standard deviation.
public struct DerivativeEstimate: Sendable, Equatable, Codable {
    public var method: FiniteDifferenceMethod
    /// The estimate of `f'(x)`.
    public var value: Double
    /// Bound on the error from rounding in the evaluations of `f`: the
    /// stencil's `Σ|c_i|` times a bound on the noise in one value of `f`
    /// (measured, see ``NoiseEstimate``), divided by the step.
    public var roundingError: Double
    /// Estimate of the truncation error, from comparing the estimate with the
    /// same formula at twice the step (or, for Richardson, successive extrapolants).
    public var truncationError: Double
    /// The step used (the representable step; for Richardson, the step of the
    /// tableau entry chosen).
    public var step: Double
    /// How many times `f` was evaluated.
    public var evaluations: Int

    public init(method: FiniteDifferenceMethod, value: Double, roundingError: Double,
                truncationError: Double, step: Double, evaluations: Int) {
        self.method = method
        self.value = value
        self.roundingError = roundingError
        self.truncationError = truncationError
        self.step = step
        self.evaluations = evaluations
    }

    /// `roundingError + truncationError`: how far `value` may be from `f'(x)`.
    /// Infinite or NaN when the function was not finite on the stencil.
    public var errorEstimate: Double {
        value.isFinite ? roundingError + truncationError : .infinity
    }
}

/// How much rounding error a function evaluation is assumed to carry.
public enum RoundingModel {
    /// Relative error assumed in a computed value with no subtraction
    /// (complex step): `10 eps ≈ 2.2e-15`, a dozen operations' half-ulps.
    /// FiniteDifferences.jl uses the same "condition" of 10.
    public static let relativeNoise = 10 * Double.ulpOfOne
    /// A value's noise is taken to be at most this many times its measured
    /// standard deviation (``NoiseEstimate``).
    public static let noiseBound = 4.0
}
