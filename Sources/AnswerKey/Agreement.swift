/// When two values of an equation's sides count as equal.
///
/// ```
/// |l - r| <= atol + rtol * max(|l|, |r|)
/// ```
/// Both sides are computed exactly up to rounding (no finite differences:
/// derivatives come from dual numbers), so a correct equation agrees to
/// about 1e-15 relative. `rtol = 1e-9` leaves six orders of margin for
/// cancellation in the key's own formula (`a_2 - y^*` with a_2 near 1), and
/// `atol = 1e-12` covers a side that is exactly 0 while the other is rounding
/// noise. Any real mistake in a key is off by far more (it changes the value
/// by a factor, a sign or a term of the same order).
///
/// **Edge cases:** a point where both sides are NaN (outside both domains,
/// e.g. `\log` of a negative number) is skipped; where only one is NaN or
/// infinite, they agree only if they are identical.
public struct Agreement: Sendable, Equatable {
    public var atol: Double
    public var rtol: Double

    public init(atol: Double = 1e-12, rtol: Double = 1e-9) {
        self.atol = atol
        self.rtol = rtol
    }

    public static let `default` = Agreement()

    @inlinable
    public func close(_ l: Double, _ r: Double) -> Bool {
        if l.isNaN && r.isNaN { return true }
        if !l.isFinite || !r.isFinite { return l == r }
        return Swift.abs(l - r) <= atol + rtol * Swift.max(Swift.abs(l), Swift.abs(r))
    }

    /// Whether the sides agree at every point.
    public func agree(_ a: [Double], _ b: [Double]) -> Bool {
        firstDisagreement(a, b) == nil
    }

    /// The first point where the sides disagree.
    public func firstDisagreement(_ a: [Double], _ b: [Double]) -> Int? {
        zip(a, b).enumerated().first { !close($0.element.0, $0.element.1) }?.offset
    }

    /// How many points agree.
    public func agreements(_ a: [Double], _ b: [Double]) -> Int {
        zip(a, b).count { close($0, $1) }
    }

    /// Whether the sides are both NaN everywhere: nothing was compared.
    public func undefinedEverywhere(_ a: [Double], _ b: [Double]) -> Bool {
        zip(a, b).allSatisfy { $0.isNaN && $1.isNaN }
    }
}
