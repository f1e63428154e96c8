/// Finite-difference derivatives of a function of one variable.
///
/// ```swift
/// let d = FiniteDifference.estimate(.central, of: { sin($0) }, at: 1)
/// // d.value ≈ cos(1) to about 1e-11; d.errorEstimate bounds |d.value - cos(1)|
/// ```
/// Steps are derived (``FiniteDifferenceMethod/defaultStep(at:)``) and
/// rounded down to a power of two, so every stencil point `x + k h` is an
/// exact `Double` and the step divided by is the step taken (for `|x| < 4h`
/// a point may be off by less than one ulp of `kh`: relative `eps`). A caller's
/// `step` is used as given, after replacing it with the representable step
/// `(x + h) - x`.
public enum FiniteDifference {
    /// The estimate of `f'(x)` by `method` with its error estimate.
    ///
    /// `noiseFloor` is the caller's bound on the absolute rounding error of
    /// one value of `f`, if it has one; the measured noise is used otherwise.
    ///
    /// - Precondition: `method` is not `.complexStep` (that needs the
    ///   function's complex extension: use ``ComplexStep``).
    public static func estimate(
        _ method: FiniteDifferenceMethod, of f: (Double) -> Double, at x: Double, step: Double? = nil,
        noiseFloor: Double = 0
    ) -> DerivativeEstimate {
        precondition(method != .complexStep, "complex step needs f on complex numbers; use ComplexStep.estimate")
        let h = step.map { StepSize.representable($0, at: x) } ?? Self.step(for: method, at: x)
        if method == .richardson { return Richardson.estimate(of: f, at: x, initialStep: h, noiseFloor: noiseFloor) }
        return DifferenceStencil.of(method)!.estimate(of: f, at: x, step: h, method: method, noiseFloor: noiseFloor)
    }

    /// The default step for `method` at `x`: ``StepSize/step(for:at:)``.
    public static func step(for method: FiniteDifferenceMethod, at x: Double) -> Double {
        StepSize.step(for: method, at: x)
    }
}
