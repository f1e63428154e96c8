/// The finite-difference methods, each with its derived default step.
///
/// With `eps = Double.ulpOfOne ≈ 2.2e-16` and the variable's scale
/// `s = max(1, |x|)`, the default steps are those that balance rounding
/// error (`∝ eps/h`) against truncation error (`∝ h^p` for a method of
/// order `p`), so the total error is about `eps^(p/(p+1))`:
///
/// | method         | formula                                         | order | default step            | typical error |
/// |----------------|-------------------------------------------------|-------|-------------------------|---------------|
/// | `forward`      | `(f(x+h) - f(x)) / h`                           | 1     | `sqrt(eps) s ≈ 1.5e-8 s`| `~1e-8`       |
/// | `backward`     | `(f(x) - f(x-h)) / h`                           | 1     | `sqrt(eps) s`           | `~1e-8`       |
/// | `central`      | `(f(x+h) - f(x-h)) / 2h`                        | 2     | `cbrt(eps) s ≈ 6.1e-6 s`| `~1e-11`      |
/// | `five-point`   | `(-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h)) / 12h`| 4     | `eps^(1/5) s ≈ 7.4e-4 s`| `~1e-13`      |
/// | `richardson`   | central differences at `h0, h0/r, h0/r², …`, extrapolated (Ridders) | — | `h0 = 0.1 s`, `r = 1.4` | `~1e-13` |
/// | `complex-step` | `Im f(x + ih) / h`                              | 2     | `1e-20 s`               | `~1e-16`      |
///
/// (The typical errors are relative, for losses and derivatives of order 1.)
public enum FiniteDifferenceMethod: String, Sendable, CaseIterable, Codable {
    case forward
    case backward
    case central
    case fivePoint = "five-point"
    case richardson
    case complexStep = "complex-step"

    /// The name used on the command line and in JSON output.
    public var name: String { rawValue }

    /// The method called `name` on the command line, if any.
    public init?(name: String) { self.init(rawValue: name) }

    /// Whether the method needs the function extended to complex arguments
    /// (and so cannot be applied to a plain `(Double) -> Double`).
    public var needsComplexExtension: Bool { self == .complexStep }

    /// Every method that works on a plain `(Double) -> Double`.
    public static let realMethods: [FiniteDifferenceMethod] = allCases.filter { !$0.needsComplexExtension }

    /// The default step at `x`; see the table in the type's documentation.
    /// For `richardson` this is the initial (largest) step `h0`.
    public func defaultStep(at x: Double) -> Double {
        let scale = Swift.max(1, Swift.abs(x))
        switch self {
        case .forward, .backward: return StepSize.firstOrder * scale
        case .central: return StepSize.secondOrder * scale
        case .fivePoint: return StepSize.fourthOrder * scale
        case .richardson: return Richardson.defaultInitialStepFactor * scale
        case .complexStep: return StepSize.complexStep * scale
        }
    }
}
