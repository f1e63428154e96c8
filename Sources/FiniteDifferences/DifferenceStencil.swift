/// A finite-difference formula `f'(x) ≈ Σ c_i f(x + o_i h) / h`.
///
/// The error of such a formula of order `p` is `C h^p + O(h^(p+1))`, so the
/// same formula at `2h` is off by about `2^p` times as much and
/// `|D(h) - D(2h)| / (2^p - 1)` estimates the truncation error of `D(h)`
/// (the classic Richardson error estimate), trusted only when `D(h/2)`,
/// `D(h)`, `D(2h)` and `D(4h)` show the errors shrinking like `h^p`
/// (``TruncationEstimate``, applied to both triples).
public struct DifferenceStencil: Sendable, Equatable {
    /// Multiples of `h` at which `f` is evaluated.
    public let offsets: [Double]
    /// The weights `c_i`, one per offset.
    public let coefficients: [Double]
    /// The order `p` of the truncation error.
    public let order: Int

    public init(offsets: [Double], coefficients: [Double], order: Int) {
        precondition(offsets.count == coefficients.count)
        self.offsets = offsets
        self.coefficients = coefficients
        self.order = order
    }

    /// `(f(x+h) - f(x)) / h`, error `h f''/2`.
    public static let forward = DifferenceStencil(offsets: [0, 1], coefficients: [-1, 1], order: 1)
    /// `(f(x) - f(x-h)) / h`, error `-h f''/2`.
    public static let backward = DifferenceStencil(offsets: [-1, 0], coefficients: [-1, 1], order: 1)
    /// `(f(x+h) - f(x-h)) / 2h`, error `h² f'''/6`.
    public static let central = DifferenceStencil(offsets: [-1, 1], coefficients: [-0.5, 0.5], order: 2)
    /// `(f(x-2h) - 8f(x-h) + 8f(x+h) - f(x+2h)) / 12h`, error `-h⁴ f⁽⁵⁾/30`.
    public static let fivePoint = DifferenceStencil(
        offsets: [-2, -1, 1, 2], coefficients: [1.0 / 12, -8.0 / 12, 8.0 / 12, -1.0 / 12], order: 4)
    /// `(-3f(x) + 4f(x+h) - f(x+2h)) / 2h`, the second-order one-sided
    /// formula looking right only (error `-h² f'''/3`): the right derivative at a kink.
    public static let rightSided = DifferenceStencil(offsets: [0, 1, 2], coefficients: [-1.5, 2, -0.5], order: 2)
    /// `(3f(x) - 4f(x-h) + f(x-2h)) / 2h`, looking left only: the left derivative at a kink.
    public static let leftSided = DifferenceStencil(offsets: [-2, -1, 0], coefficients: [0.5, -2, 1.5], order: 2)

    /// The stencil a method uses, or `nil` for Richardson and complex step.
    public static func of(_ method: FiniteDifferenceMethod) -> DifferenceStencil? {
        switch method {
        case .forward: return .forward
        case .backward: return .backward
        case .central: return .central
        case .fivePoint: return .fivePoint
        case .richardson, .complexStep: return nil
        }
    }

    /// `Σ |c_i|`: how much the rounding errors of the `f(x + o_i h)` can add up.
    public var noiseGain: Double { coefficients.reduce(0) { $0 + Swift.abs($1) } }

    /// Every multiple of `h` that ``estimate(of:at:step:method:noiseFloor:)`` evaluates:
    /// the offsets at `h/2`, `h`, `2h` and `4h`, and the grid the noise is measured on.
    public var evaluatedOffsets: [Double] {
        var all: [Double] = []
        for o in [0.5, 1, 2, 4].flatMap({ k in offsets.map { k * $0 } }) + noiseGrid where !all.contains(o) { all.append(o) }
        return all.sorted()
    }

    /// The distinct offsets (multiples of `h`) ``estimate(of:at:step:method:noiseFloor:)``
    /// evaluates, in the order it first uses them: those of `D(h)`, `D(2h)`,
    /// `D(4h)`, `D(h/2)` (zero-weight offsets skipped), then the noise grid.
    var requestedOffsets: [Double] {
        var all: [Double] = []
        for scale in [1, 2, 4, 0.5] {
            for (o, c) in zip(offsets, coefficients) where c != 0 && !all.contains(scale * o) { all.append(scale * o) }
        }
        for o in noiseGrid where !all.contains(o) { all.append(o) }
        return all
    }

    /// The arguments ``estimate(of:at:step:method:noiseFloor:)`` evaluates at
    /// `x` with step `h`, in request order: `x + o·h` per ``requestedOffsets``
    /// (`x` itself for `o = 0`).
    public func arguments(at x: Double, step h: Double) -> [Double] {
        requestedOffsets.map { $0 == 0 ? x : x + $0 * h }
    }

    /// Whether the stencil looks only right (all offsets >= 0) or only left.
    var side: Int { offsets.allSatisfy { $0 >= 0 } ? 1 : (offsets.allSatisfy { $0 <= 0 } ? -1 : 0) }

    /// The nine points, in multiples of `h`, at which the noise is measured:
    /// spacing `h/2` centred on `x` (`-2h … 2h`), or `h/4` on the stencil's
    /// side for one-sided formulas (`0 … 2h`), so they stay within the
    /// stencil's own reach (and on its side of any kink).
    var noiseGrid: [Double] {
        switch side {
        case 1: return (0...8).map { Double($0) / 4 }
        case -1: return (0...8).map { -Double(8 - $0) / 4 }
        default: return (-4...4).map { Double($0) / 2 }
        }
    }

    /// `D(h)` with its error estimate:
    /// ```
    /// roundingError   = Σ|c_i| · max(4σ, 10 eps max|f|, noiseFloor) / h
    /// truncationError = |D(h) - D(2h)| / (2^p - 1)     (see TruncationEstimate; D(h/2), D(4h) check it)
    /// ```
    /// where `σ` is the function's noise measured on nine points around `x`
    /// (``NoiseEstimate``): `4σ` bounds the noise in each value used;
    /// `10 eps |f|` (``RoundingModel/relativeNoise``) is a floor of a few ulps
    /// for when the measured noise is smaller, and `noiseFloor` a caller's
    /// own bound (e.g. ``LossFunction/roundingError(_:)``).
    /// `h` should be representable (see ``StepSize/representable(_:at:)``).
    public func estimate(
        of f: (Double) -> Double, at x: Double, step h: Double, method: FiniteDifferenceMethod,
        noiseFloor: Double = 0
    ) -> DerivativeEstimate {
        // Every value once, in the plan's order (the order the differences below first use them),
        // kept in that order: an array, not a dictionary, whose iteration order (for `largest`)
        // changed from one process to the next with Swift's per-process hash seed.
        let requested = requestedOffsets
        let values = requested.map { f($0 == 0 ? x : x + $0 * h) }
        func value(_ offset: Double) -> Double { values[requested.firstIndex(of: offset)!] }
        func difference(_ scale: Double) -> Double {
            var sum = 0.0
            for (o, c) in zip(offsets, coefficients) where c != 0 { sum += c * value(scale * o) }
            return sum / (scale * h)
        }
        let d1 = difference(1), d2 = difference(2), d4 = difference(4), dHalf = difference(0.5)
        let sigma = NoiseEstimate.standardDeviation(ofEquallySpaced: noiseGrid.map(value))
        let largest = values.reduce(0) { Swift.max($0, Swift.abs($1)) }
        let noise = Swift.max(RoundingModel.noiseBound * sigma, RoundingModel.relativeNoise * largest, noiseFloor)
        let rounding = noiseGain * noise / h
        let resolution = noiseGain
            * RoundingModel.resolutionNoise(measured: noise, largestValue: largest, floor: noiseFloor) / h
        let truncation = TruncationEstimate.fromSuccessiveSteps(
            (d1, d2, d4), rounding: (resolution, resolution / 2, resolution / 4), order: order)
        // The same check one step further down: is h itself past the pre-asymptotic range?
        let below = TruncationEstimate.fromSuccessiveSteps(
            (dHalf, d1, d2), rounding: (2 * resolution, resolution, resolution / 2), order: order)
        return DerivativeEstimate(method: method, value: d1, roundingError: rounding,
                                  truncationError: truncation.error, step: h, evaluations: values.count,
                                  doubt: truncation.doubt ?? below.doubt)
    }
}
