/// The functions a network file may apply: `exp(z)`, `sigmoid(z)`, and so on.
///
/// Each takes one argument. Two are not differentiable everywhere: `relu` and
/// `abs` have a kink at 0, where only one-sided derivatives exist. They are also
/// not analytic, so complex-step differentiation cannot be used through them
/// (the imaginary part of `abs(x + ih)` carries no derivative information).
public enum ElementaryFunction: String, Sendable, CaseIterable, Codable {
    case exp, log, sigmoid, tanh, relu, softplus, abs, sqrt

    /// Whether the function is analytic (complex-differentiable) on its real domain.
    public var isAnalytic: Bool { !hasKink }

    /// Whether the function has a point where it is continuous but not
    /// differentiable. For both such functions the point is 0.
    public var hasKink: Bool { self == .relu || self == .abs }

    /// The argument at which the function has its kink, if it has one.
    public var kink: Double? { hasKink ? 0 : nil }
}
