/// A finite-difference estimate of `dLoss/dv` for one variable of a network,
/// aware of the kinks of `relu` and `abs`.
public enum PartialEstimate: Sendable, Equatable {
    /// The stencil lies on one side of every kink: an ordinary estimate.
    case smooth(DerivativeEstimate)
    /// The method's stencil straddles a kink, but the point itself is not on
    /// it: the derivative exists, and is estimated from the point's own side
    /// of the kink with a one-sided formula (whose step is small enough to
    /// stay on that side).
    case oneSided(DerivativeEstimate, side: Side)
    /// The point is on a kink: only one-sided derivatives exist.
    case kink(left: DerivativeEstimate, right: DerivativeEstimate)
    /// Central or five-point differences of a network's loss whose stencil straddles a
    /// kink (a `relu`/`abs` argument is 0 at the point or changes sign within `±h`, five-point
    /// `±2h`), as `check` and `sweep` both take them (``StencilErrorModel``): the estimate
    /// across the kink with its error estimate, and the one-sided slopes `left`, `right`
    /// from the loss at the point, which the verdict judges the analytic value against.
    case straddle(DerivativeEstimate, left: Double, right: Double)
    /// The method cannot be used here (complex step through `relu`/`abs`).
    case unavailable(reason: String)

    public enum Side: String, Sendable, Codable { case left, right }

    /// The single estimate, if there is one (not at a kink, not unavailable).
    public var estimate: DerivativeEstimate? {
        switch self {
        case .smooth(let e), .oneSided(let e, _): return e
        case .kink, .straddle, .unavailable: return nil
        }
    }

    /// Whether the estimate shows a kink (``kink(left:right:)`` or ``straddle(_:left:right:)``).
    public var showsKink: Bool {
        switch self {
        case .kink, .straddle: return true
        case .smooth, .oneSided, .unavailable: return false
        }
    }
}
