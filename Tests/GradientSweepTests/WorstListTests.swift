@testable import GradientSweep
import GradientCheck
import Testing

/// ``WorstList`` keeps what the sorted insertion it replaced kept, and
/// ``ParameterSummary/record`` counts every point exactly once.
@Suite("WorstList and point counts")
struct WorstListTests {
    /// The list as it was kept before: a sorted array, one insertion per point.
    static func sortedInsertion(_ points: [PointError], limit: Int) -> [PointError] {
        var list: [PointError] = []
        for e in points {
            if list.count == limit, let last = list.last, !PointError.worse(e, than: last) { continue }
            var i = list.count
            while i > 0, PointError.worse(e, than: list[i - 1]) { i -= 1 }
            list.insert(e, at: i)
            if list.count > limit { list.removeLast() }
        }
        return list
    }

    static func randomPoints(_ n: Int, seed: UInt64) -> [PointError] {
        var rng = SplitMix(state: seed)
        // Few distinct errors, so ties (broken by the lower point index) are common.
        return (0..<n).shuffled(using: &rng).map { i in
            let estimate = Double(Int.random(in: -3...3, using: &rng))
            let analytic = Int.random(in: 0..<40, using: &rng) == 0 ? Double.nan : estimate + Double(Int.random(in: 0...4, using: &rng)) / 8
            return PointError(point: i, analytic: analytic, estimate: estimate, errorEstimate: 0, verdict: "agree")
        }
    }

    @Test("the heap keeps the same points in the same order as sorted insertion, for any order and limit", arguments: [0, 1, 5, 64, 5000])
    func sameAsSortedInsertion(limit: Int) {
        for seed in 1...20 as ClosedRange<UInt64> {
            let points = Self.randomPoints(300, seed: seed)
            var list = WorstList()
            for e in points { list.insert(e, limit: limit) }
            #expect(list.sorted == Self.sortedInsertion(points, limit: limit), "seed \(seed)")
            #expect(Array(list) == list.sorted)
        }
    }

    @Test("keeping 100,000 worst points of 400,000 is O(n log K): seconds in a debug build (sorted insertion: minutes)")
    func largeLimitIsFast() {
        var list = WorstList()
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for i in 0..<400_000 {
                let r = Double((i &* 2_654_435_761) % 1_000_003)
                list.insert(PointError(point: i, analytic: r, estimate: 1, errorEstimate: 0, verdict: "agree"), limit: 100_000)
            }
        }
        #expect(list.count == 100_000)
        #expect(elapsed < .seconds(20))
    }

    @Test("a non-finite point is counted once, as non-finite, and listed first; the counts add up to the points")
    func nonFiniteCountedOnce() {
        var p = ParameterSummary(parameter: "w")
        let t = Tolerance.default
        p.record(point: 0, analytic: 1, estimate: 1, errorEstimate: 0, tolerance: t, worstCount: 3)
        p.record(point: 1, analytic: 1, estimate: .nan, errorEstimate: 0, tolerance: t, worstCount: 3)
        p.record(point: 2, analytic: .infinity, estimate: 1, errorEstimate: 0, tolerance: t, worstCount: 3)
        p.record(point: 3, analytic: 1, estimate: 2, errorEstimate: 0, tolerance: t, worstCount: 3)
        p.record(point: 4, analytic: .nan, estimate: 0, errorEstimate: 0, tolerance: t, worstCount: 3,
                 kink: (left: 0, right: 1))
        #expect(p.agree == 1 && p.mismatch == 1 && p.inconclusive == 0 && p.notDifferentiable == 0)
        #expect(p.nonFinite == 3)
        #expect(p.points == 5)
        #expect(p.worst.map(\.point) == [1, 2, 4])
        #expect(p.worst.allSatisfy { $0.verdict == "non-finite" })
        #expect(p.histogram.counts.reduce(0, +) == 2)
    }

    @Test("lazy linspace axes equal the arrays NumPy's formula gives, bit for bit")
    func lazyLinspace() {
        for (start, stop, count) in [(-4.0, 4.0, 400), (0.1, 0.7, 7), (3.0, -1.0, 9), (1e-300, 1e300, 1001), (2.5, 2.5, 1), (-1.0, 1.0, 2)] {
            var expected = (0..<count).map { Double($0) * ((stop - start) / Double(count - 1)) + start }
            if count == 1 { expected = [start] } else { expected[count - 1] = stop }
            let axis = SweepAxis.linspace(start, stop, count)
            #expect(axis.count == count)
            #expect(axis.map(\.bitPattern) == expected.map(\.bitPattern))
        }
        // A four-billion-value axis is three numbers.
        let huge = SweepAxis.linspace(0, 1, 4_000_000_000)
        #expect(huge.count == 4_000_000_000 && huge[3_999_999_999] == 1 && huge[2] == 2 * (1 / 3_999_999_999.0))
    }
}
