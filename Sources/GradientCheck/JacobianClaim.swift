/// What the code under test claims about the derivative of `f: T^n -> T^m`:
/// the whole Jacobian, or its products, or both.
///
/// ```
/// jacobian(x)    = J(x)            m rows of n entries
/// jvp(x, u)      = J(x) u          forward mode: m entries
/// vjp(x, v)      = vᵀ J(x)         reverse mode: n entries
/// ```
/// Every closure given is checked (a claim with a JVP and a VJP checks both
/// against the same finite differences).
public struct JacobianClaim<T: BinaryFloatingPoint> {
    public var jacobian: (([T]) -> [[T]])?
    public var jvp: (([T], [T]) -> [T])?
    public var vjp: (([T], [T]) -> [T])?
    /// How results name the three sources ("jacobian", "jvp", "vjp"; a
    /// Hessian check says "hessian" and "hvp").
    package var names = (jacobian: "jacobian", jvp: "jvp", vjp: "vjp")

    public init(jacobian: (([T]) -> [[T]])? = nil, jvp: (([T], [T]) -> [T])? = nil, vjp: (([T], [T]) -> [T])? = nil) {
        precondition(jacobian != nil || jvp != nil || vjp != nil, "a claim needs a Jacobian, a JVP or a VJP")
        self.jacobian = jacobian
        self.jvp = jvp
        self.vjp = vjp
    }

    /// A claimed Jacobian, `m` rows of `n` entries.
    public static func jacobian(_ j: @escaping ([T]) -> [[T]]) -> JacobianClaim { JacobianClaim(jacobian: j) }

    /// Claimed Jacobian products: `jvp(x, u) = J u` and/or `vjp(x, v) = vᵀ J`.
    public static func products(jvp: (([T], [T]) -> [T])? = nil, vjp: (([T], [T]) -> [T])? = nil) -> JacobianClaim {
        JacobianClaim(jvp: jvp, vjp: vjp)
    }
}

/// How many directions to check, and how.
public enum CheckMode: Sendable, Equatable {
    /// ``full`` up to ``fastModeDimension`` inputs, ``fast(directions:seed:)`` (2 directions, seed 0) above.
    case automatic
    /// Every entry of the Jacobian: one finite difference per input (its
    /// evaluations shared by all outputs), `O(n)` evaluations per point.
    case full
    /// `directions` random pairs `u ∈ {±1}^n`, `v ∈ {±1}^m` per point:
    /// `vᵀ J u` from the claim against the finite difference of `vᵀ f` along
    /// `u`, `O(1)` evaluations per direction. Any single wrong entry changes
    /// `vᵀ J u` by exactly its error (`|u_c v_r| = 1`). A failing direction is
    /// narrowed down by bisection over the coordinates of `u` to the guilty
    /// inputs, whose columns are then checked entry by entry. The directions
    /// come from `SplitMix64(seed: seed)`: the same seed and points replay a failure.
    case fast(directions: Int = 2, seed: UInt64 = 0)

    /// Above this many inputs, ``automatic`` uses fast mode.
    public static let fastModeDimension = 64

    /// The mode used for `n` inputs.
    package func resolved(inputs n: Int) -> CheckMode {
        if case .automatic = self { return n > Self.fastModeDimension ? .fast() : .full }
        return self
    }
}
