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
    /// Why `errorEstimate` cannot be trusted, or `nil` if it can (see
    /// ``TruncationEstimate``): a verdict of mismatch must never rest on an
    /// estimate with a doubt.
    public var doubt: String?

    public init(method: FiniteDifferenceMethod, value: Double, roundingError: Double,
                truncationError: Double, step: Double, evaluations: Int, doubt: String? = nil) {
        self.method = method
        self.value = value
        self.roundingError = roundingError
        self.truncationError = truncationError
        self.step = step
        self.evaluations = evaluations
        self.doubt = value.isFinite && (roundingError + truncationError).isFinite
            ? doubt : (doubt ?? "the function is not finite on the stencil")
    }

    /// Whether the error estimate can be trusted (no ``doubt``).
    public var isReliable: Bool { doubt == nil }

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

    /// The noise that decides whether a difference of two estimates is
    /// resolved (``TruncationEstimate``): the measured noise `measured`, but at
    /// most 100 times the rounding floor `max(10 eps |f|, floor)`. Fourth
    /// differences far above any rounding bound are not noise: the function
    /// changes on a scale below their spacing (a sigmoid of `1e308 · w` seen
    /// with steps of `1e-6`), and taking them for noise would hide exactly the
    /// differences that show the step is too large.
    public static func resolutionNoise(measured: Double, largestValue: Double, floor: Double) -> Double {
        Swift.min(measured, 100 * Swift.max(relativeNoise * largestValue, floor))
    }
}
