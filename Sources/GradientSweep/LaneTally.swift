import GradientCheck
import _SIMDShims

/// Verdict counts and the relative-error histogram of one parameter, kept
/// four lanes wide by the exam network's row kernel (`gc_exam_chunk_labels` in
/// `_SIMDShims`, `gc_tally_count`): everything a point adds to a
/// ``ParameterSummary`` when it cannot change the extremes or the worst
/// list. Counts are exact integers, folded into the summary by ``flush(into:)``.
///
/// **Histogram without a search.** With the relative error `r` clamped to
/// `[2^-60, 32]` (both ends lie inside the first and last bins), its biased
/// exponent `E` is one of ``exponents``; each binade holds at most one decade
/// edge (``ErrorHistogram/binadeEdge``, NaN where none), so
/// `bin(r) = binadeBase[E] + (r >= binadeEdge[E])`, exactly
/// ``ErrorHistogram/bin(of:)``. The kernel counts the *key*
/// `2E + (r >= edge)` in scalar code after each run of groups (cheaper here
/// than a vector gather and four increments at addresses known late), the
/// q-th error in table `q mod 4` (four independent chains of increments
/// instead of one), and the keys are folded into bins once per block.
struct LaneTally {
    /// The kernel's state: counts per lane, thresholds, the key tables.
    var state = gc_lane_tally()

    /// Clamping range of the relative error: `2^-60` is in bin 0 (`< 1e-16`), 32 in the last (`>= 10`).
    /// The kernel has these constants built in.
    static let smallest = 0x1p-60, largest = 32.0
    static var exponents: ClosedRange<Int> { (1023 - 60)...(1023 + 5) }
    static var keysPerLane: Int { 2 * 66 }

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

    init(_ storage: Storage) {
        state.counts = storage.counts
        state.absolute_threshold = -.infinity
        state.relative_threshold = -.infinity
    }

    /// Adds the counts to `p` and starts again from zero.
    mutating func flush(into p: inout ParameterSummary) {
        let a = state.agree, w = state.within
        let agreeing = Int(a.0 &+ a.1 &+ a.2 &+ a.3), withinAllowance = Int(w.0 &+ w.1 &+ w.2 &+ w.3)
        p.agree += agreeing
        p.inconclusive += withinAllowance - agreeing
        p.mismatch += Int(state.points) - withinAllowance
        let counts = state.counts!
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
        state.agree = (0, 0, 0, 0)
        state.within = (0, 0, 0, 0)
        state.points = 0
    }

    /// The thresholds from `p`'s current extremes and worst list.
    mutating func refresh(from p: ParameterSummary, worst: Int) {
        state.absolute_threshold = p.maxAbsoluteError?.value ?? -.infinity
        state.relative_threshold = p.relativeErrorThreshold(worstCount: worst)
    }
}

@inline(__always) func magnitude(_ v: SIMD4<Double>) -> SIMD4<Double> {
    unsafeBitCast(unsafeBitCast(v, to: SIMD4<UInt64>.self) & 0x7fff_ffff_ffff_ffff, to: SIMD4<Double>.self)
}
