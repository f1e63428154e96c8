import GradientCheck
import _SIMDShims

/// The verdict counts and relative-error histogram of one parameter's points
/// that cannot change its extremes or worst list: everything such a point
/// adds to a ``ParameterSummary``, counted without building a ``Verdict`` or a
/// ``PointError``. ``count(analytic:estimate:errorEstimate:tolerance:)``
/// declines (returns false) every other point, which the caller records in
/// full; ``flush(into:)`` adds the counts to the summary.
///
/// The thresholds come from the summary (``refresh(from:worst:)``) and only
/// grow as points are recorded, so stale ones send more points to the full
/// path, never fewer: the result equals recording every point in full.
struct VerdictTally {
    /// Agree, inconclusive and mismatch, then the histogram's counts (``ErrorHistogram/edges`` + 1
    /// bins), owned: ``deallocate()`` frees them. A pointer, not an array: no uniqueness check per point.
    let counts: UnsafeMutablePointer<Int>
    static let binCount = ErrorHistogram.edges.count + 1
    /// A point is counted here only below both (`-inf`: none is).
    var absoluteThreshold = -Double.infinity, relativeThreshold = -Double.infinity
    /// ``ErrorHistogram/binadeBase`` and ``ErrorHistogram/binadeEdge`` (2048 entries each), read
    /// without a lazy-global check per point: `bin(r) = base[E] + (r >= edge[E])`, `E` the biased exponent.
    let base: UnsafePointer<UInt8>, edge: UnsafePointer<Double>
    nonisolated(unsafe) private static let tables: (UnsafePointer<UInt8>, UnsafePointer<Double>) = {
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: 2048), e = UnsafeMutablePointer<Double>.allocate(capacity: 2048)
        b.initialize(from: ErrorHistogram.binadeBase, count: 2048)
        e.initialize(from: ErrorHistogram.binadeEdge, count: 2048)
        return (UnsafePointer(b), UnsafePointer(e))
    }()

    init() {
        (base, edge) = Self.tables
        counts = .allocate(capacity: 3 + Self.binCount)
        counts.initialize(repeating: 0, count: 3 + Self.binCount)
    }

    /// Frees the counts.
    func deallocate() { counts.deallocate() }

    /// The verdict of a point with no kink in its stencil, as ``Verdict/judge`` gives it for a
    /// finite estimate: 0 agree, 1 inconclusive, 2 mismatch. Branch-free, so a loop over lanes vectorises.
    @inline(__always)
    static func verdictCode(absolute: Double, estimate: Double, errorEstimate: Double, tolerance: Tolerance) -> Double {
        let base = tolerance.base(reference: estimate)
        let allowance = base + tolerance.widening * errorEstimate
        let beyond: Double = errorEstimate.isNaN || absolute <= allowance ? 1 : 2
        return absolute <= base ? 0 : beyond
    }

    /// Counts a point with no kink in its stencil, as ``ParameterSummary/record`` would, if it cannot
    /// change the extremes or the worst list; `absolute = |analytic - estimate|`, `relative`
    /// (``PointError/relative(_:_:)``) and `code` (``verdictCode(absolute:estimate:errorEstimate:tolerance:)``)
    /// computed from them. Returns false, counting nothing, for any other point.
    @inline(__always)
    func count(analytic: Double, estimate: Double, absolute: Double, relative: Double, code: Double) -> Bool {
        var (a, e, d, r, k) = (analytic, estimate, absolute, relative, code)
        return count(&a, &e, &d, &r, &k, straddle: nil, 1) == 1
    }

    /// Counts points `i = 0, 1, …` of `n` (arrays as in ``count(analytic:estimate:absolute:relative:code:)``,
    /// `straddle` non-zero where the stencil straddles a kink) for as long as each can be counted;
    /// returns the index of the first that cannot, or `n` (`gc_tally_n`, the one implementation).
    @inline(__always)
    func count(_ analytic: UnsafePointer<Double>, _ estimate: UnsafePointer<Double>, _ absolute: UnsafePointer<Double>,
               _ relative: UnsafePointer<Double>, _ code: UnsafePointer<Double>, straddle: UnsafePointer<Double>?, _ n: Int) -> Int {
        gc_tally_n(analytic, estimate, absolute, relative, code, straddle, n, absoluteThreshold, relativeThreshold, base, edge, counts)
    }

    /// Adds the counts to `p` and starts again from zero.
    func flush(into p: inout ParameterSummary) {
        p.agree += counts[0]
        p.inconclusive += counts[1]
        p.mismatch += counts[2]
        for i in 0..<Self.binCount where counts[3 + i] != 0 { p.histogram.counts[i] += counts[3 + i] }
        counts.update(repeating: 0, count: 3 + Self.binCount)
    }

    /// The thresholds from `p`'s current extremes and worst list.
    mutating func refresh(from p: ParameterSummary, worst: Int) {
        absoluteThreshold = p.maxAbsoluteError?.value ?? -.infinity
        relativeThreshold = p.relativeErrorThreshold(worstCount: worst)
    }
}
