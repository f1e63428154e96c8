import GradientCheck
import _SIMDShims

/// Verdict counts and the relative-error histogram of one parameter, four
/// points at a time, for ``ExamNetworkEvaluator``: everything a point adds to
/// a ``ParameterSummary`` when it cannot change the extremes or the worst
/// list. Counts are exact integers, folded into the summary by ``flush(into:)``.
///
/// **Histogram without a search.** With the relative error `r` clamped to
/// `[2^-60, 32]` (both ends lie inside the first and last bins), its biased
/// exponent `E` is one of ``exponents``; each binade holds at most one decade
/// edge (``ErrorHistogram/binadeEdge``, NaN where none), so
/// `bin(r) = binadeBase[E] + (r >= binadeEdge[E])`. The kernel counts the
/// *key* `2E + (r >= edge)`, the edge fetched for all four lanes by one AVX2
/// gather, in one table per lane (four independent chains of increments
/// instead of one), and the keys are folded into bins once per block.
struct LaneTally {
    /// Points with `|analytic - estimate| <= atol + rtol |estimate|`, per lane.
    var agree = SIMD4<Int64>(repeating: 0)
    /// Points within the widened allowance (agree or inconclusive), per lane.
    var within = SIMD4<Int64>(repeating: 0)
    /// Points counted since the last flush.
    var points = 0
    /// Below these, a point cannot change the extremes or the worst list.
    var absoluteThreshold = -Double.infinity
    var relativeThreshold = -Double.infinity
    /// Four tables of ``keysPerLane`` counts (owned by ``Storage``).
    let counts: UnsafeMutablePointer<Int>

    /// Clamping range of the relative error: `2^-60` is in bin 0 (`< 1e-16`), 32 in the last (`>= 10`).
    static let smallest = 0x1p-60, largest = 32.0
    static var exponents: ClosedRange<Int> { (1023 - 60)...(1023 + 5) }
    static var keysPerLane: Int { 2 * 66 }
    /// Per lane, the offset of its table minus that of key `2 · lowest exponent`.
    @inline(__always) static var laneBase: SIMD4<Int64> {
        SIMD4<Int64>(0, 1, 2, 3) &* Int64(keysPerLane) &- Int64(2 * exponents.lowerBound)
    }

    /// The tables and the edge per exponent, allocated once per evaluator.
    final class Storage {
        let counts: UnsafeMutablePointer<Int>
        /// `binadeEdge[E]` for `E` in ``exponents``, indexed from 0.
        let edges: UnsafeMutablePointer<Double>

        init() {
            counts = .allocate(capacity: 4 * LaneTally.keysPerLane)
            counts.initialize(repeating: 0, count: 4 * LaneTally.keysPerLane)
            edges = .allocate(capacity: LaneTally.exponents.count)
            for (i, e) in LaneTally.exponents.enumerated() { (edges + i).initialize(to: ErrorHistogram.binadeEdge[e]) }
        }
        deinit {
            counts.deallocate()
            edges.deallocate()
        }
        /// The base address the gather indexes by the biased exponent itself.
        var edgeBase: UnsafePointer<Double> { UnsafePointer(edges - LaneTally.exponents.lowerBound) }
    }

    init(_ storage: Storage) { counts = storage.counts }

    /// Verdicts and statistics for four points. Returns false, having changed
    /// nothing, when a point needs the general path (``ParameterSummary/record``):
    /// a non-finite value, or a point that may enter the extremes or the worst list.
    @inline(__always)
    mutating func add(
        analytic: SIMD4<Double>, estimate: SIMD4<Double>, errorEstimate: SIMD4<Double>,
        _ atol: Double, _ rtol: Double, _ widening: Double, _ edgeBase: UnsafePointer<Double>
    ) -> Bool {
        let difference = magnitude(analytic - estimate)
        let absEstimate = magnitude(estimate)
        // 0/0 (NaN) and 0 become the smallest clamped value: both are in bin 0.
        let quotient = difference / absEstimate
        let relative = quotient.replacing(with: Self.smallest, where: .!(quotient .>= Self.smallest))
        // Not below the thresholds, or NaN or infinite: the general path.
        if any(.!(difference .< absoluteThreshold) .| (relative .>= relativeThreshold)) { return false }
        let base = atol + rtol * absEstimate
        let allowance = base + widening * errorEstimate
        let one = SIMD4<Int64>(repeating: 1), zero = SIMD4<Int64>(repeating: 0)
        points &+= 4
        agree &+= zero.replacing(with: one, where: difference .<= base)
        within &+= zero.replacing(with: one, where: difference .<= allowance)
        let r = relative.replacing(with: Self.largest, where: relative .> Self.largest)
        let exponent = unsafeBitCast(r, to: SIMD4<Int64>.self) &>> 52
        var (index, edge) = (exponent, SIMD4<Double>())
        gc_gather4_p(edgeBase, &index, &edge)
        let key = (exponent &<< 1) &+ Self.laneBase &+ zero.replacing(with: one, where: r .>= edge)
        counts[Int(key[0])] += 1
        counts[Int(key[1])] += 1
        counts[Int(key[2])] += 1
        counts[Int(key[3])] += 1
        return true
    }

    /// Adds the counts to `p` and starts again from zero.
    mutating func flush(into p: inout ParameterSummary) {
        let agreeing = Int(agree.wrappedSum()), withinAllowance = Int(within.wrappedSum())
        p.agree += agreeing
        p.inconclusive += withinAllowance - agreeing
        p.mismatch += points - withinAllowance
        for lane in 0..<4 {
            for (i, e) in Self.exponents.enumerated() {
                for above in 0..<2 {
                    let c = counts + lane * Self.keysPerLane + 2 * i + above
                    if c.pointee != 0 {
                        p.histogram.counts[Int(ErrorHistogram.binadeBase[e]) + above] += c.pointee
                        c.pointee = 0
                    }
                }
            }
        }
        agree = .zero
        within = .zero
        points = 0
    }

    /// The thresholds from `p`'s current extremes and worst list.
    mutating func refresh(from p: ParameterSummary, worst: Int) {
        absoluteThreshold = p.maxAbsoluteError?.value ?? -.infinity
        relativeThreshold = p.relativeErrorThreshold(worstCount: worst)
    }
}

@inline(__always) func magnitude(_ v: SIMD4<Double>) -> SIMD4<Double> {
    unsafeBitCast(unsafeBitCast(v, to: SIMD4<UInt64>.self) & 0x7fff_ffff_ffff_ffff, to: SIMD4<Double>.self)
}
