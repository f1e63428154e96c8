import Testing
@testable import FiniteDifferences

struct NoiseEstimateTests {
    @Test func aCubicHasNoNoise() {
        let values = (0..<9).map { k -> Double in let t = Double(k); return 2 * t * t * t - t + 5 }
        #expect(NoiseEstimate.standardDeviation(ofEquallySpaced: values) == 0)
    }

    @Test func alternatingNoiseIsFoundWithinAFactorOfTwo() {
        // ±σ alternating: every fourth difference is 16σ, so the estimate is 16σ/sqrt(70) ≈ 1.9σ.
        let sigma = 1e-13
        let values = (0..<9).map { k in 0.5 + Double(k) * 1e-3 + (k.isMultiple(of: 2) ? sigma : -sigma) }
        let estimate = NoiseEstimate.standardDeviation(ofEquallySpaced: values)
        #expect(estimate > sigma && estimate < 2 * sigma + 1e-16)
    }

    @Test func nonFiniteValuesGiveInfiniteNoise() {
        #expect(NoiseEstimate.standardDeviation(ofEquallySpaced: [1, 2, .nan, 4, 5]) == .infinity)
    }
}
