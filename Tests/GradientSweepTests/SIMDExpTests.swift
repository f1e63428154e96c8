@testable import GradientSweep
import Foundation
import AnalyticGradients
import NetworkModel
import Testing

/// ``SIMDExp`` against glibc's `exp` (Foundation.exp), in ulps, over a wide
/// range and at the special values.
@Suite("SIMDExp")
struct SIMDExpTests {
    @Test("equals Foundation.exp bit for bit on 400,000 random arguments in [-745, 710]")
    func matchesGlibc() {
        var g = SplitMix(state: 7)
        var xs = (0..<200_000).map { _ in Double.random(in: -745...710, using: &g) }
        xs += (0..<100_000).map { _ in Double.random(in: -20...20, using: &g) }
        xs += (0..<100_000).map { _ in Double.random(in: -1e-6...1e-6, using: &g) }
        let ours = SIMDExp.exp(xs)
        var differing = 0
        for (x, e) in zip(xs, ours) where e != Foundation.exp(x) { differing += 1 }
        #expect(differing == 0)
    }

    @Test("special values: 0, tiny, overflow, underflow, infinities, NaN")
    func specialValues() {
        let xs: [Double] = [0, -0.0, 1e-300, -1e-300, 0x1p-55, 709.78, 709.79, 710, 1000, -745.2, -746, -1000,
                            .infinity, -.infinity, .nan, 1, -1, 511.9, 512, -512]
        let ours = SIMDExp.exp(xs)
        for (x, e) in zip(xs, ours) {
            let reference = Foundation.exp(x)
            #expect(e == reference || (e.isNaN && reference.isNaN), "exp(\(x))")
        }
        #expect(ours[0] == 1 && ours[7] == .infinity && ours[11] == 0 && ours[13] == 0 && ours[14].isNaN)
    }

    @Test("within 1 ulp of a higher-precision exp (Float80) on [-700, 700]")
    func accuracy() {
        var g = SplitMix(state: 11)
        let xs = (0..<50_000).map { _ in Double.random(in: -700...700, using: &g) }
        var worst = 0.0
        for (x, e) in zip(xs, SIMDExp.exp(xs)) {
            let exact = Foundation.exp(Float80(x))
            worst = max(worst, Double(abs(Float80(e) - exact) / Float80(e.ulp)))
        }
        #expect(worst < 1)
    }

    @Test("sigmoid equals Double.sigmoid bit for bit")
    func sigmoid() {
        var g = SplitMix(state: 3)
        let xs = (0..<100_000).map { _ in Double.random(in: -40...40, using: &g) } + [0, -0.0, 800, -800, .nan]
        for (x, s) in zip(xs, SIMDExp.sigmoid(xs)) {
            #expect(s == Double.sigmoid(x) || (s.isNaN && x.isNaN), "sigmoid(\(x))")
        }
    }
}

extension SIMDExpTests {
    @Test("sigmoid' equals ElementaryFunction.derivative(at:) bit for bit")
    func slope() {
        var g = SplitMix(state: 5)
        let xs = (0..<20_000).map { _ in Double.random(in: -40...40, using: &g) } + [0, -0.0, 16, -16]
        var i = 0
        while i + 4 <= xs.count {
            let (s, d) = SIMDExp.sigmoidAndSlope(SIMD4(xs[i], xs[i + 1], xs[i + 2], xs[i + 3]), SIMDExp.tablePointer)
            for l in 0..<4 {
                #expect(s[l] == Double.sigmoid(xs[i + l]))
                #expect(d[l] == ElementaryFunction.sigmoid.derivative(at: xs[i + l]), "σ'(\(xs[i + l]))")
            }
            i += 4
        }
    }
}

extension SIMDExpTests {
    static func lanes(_ xs: [Double], _ f: (SIMD4<Double>) -> SIMD4<Double>) -> [Double] {
        stride(from: 0, to: xs.count, by: 4).flatMap { i -> [Double] in
            let v = f(SIMD4(xs[i], xs[i + 1], xs[i + 2], xs[i + 3]))
            return [v[0], v[1], v[2], v[3]]
        }
    }

    @Test("the unchecked exp equals Foundation.exp bit for bit on (-512, 0], tiny arguments and ±0 included")
    func nonPositive() {
        var g = SplitMix(state: 13)
        var xs = (0..<100_000).map { _ in -Double.random(in: 0..<512, using: &g) }
        xs += (0..<20_000).map { _ in -Double.random(in: 0..<1e-15, using: &g) }
        xs += [0, -0.0, -0x1p-54, -0x1p-55, -0x1p-60, -.leastNonzeroMagnitude, -1e-300, -511.99, -0.5, -1e-17]
        while xs.count % 4 != 0 { xs.append(-1) }
        let ours = Self.lanes(xs) { SIMDExp.expNonPositive($0, SIMDExp.tablePointer) }
        var differing = 0
        for (x, e) in zip(xs, ours) where e != Foundation.exp(x) { differing += 1 }
        #expect(differing == 0)
    }

    @Test("the unchecked sigmoid equals Double.sigmoid bit for bit; its slope is sigmoid' to 1 ulp")
    func boundedSigmoid() {
        var g = SplitMix(state: 17)
        var xs = (0..<40_000).map { _ in Double.random(in: -40...40, using: &g) }
        xs += [0, -0.0, 511, -511, 1e-20, -1e-20, 36, -36]
        let sig = Self.lanes(xs) { SIMDExp.sigmoidBounded($0, SIMDExp.tablePointer) }
        let pair = Self.lanes(xs) { SIMDExp.sigmoidAndSlopeBounded($0, SIMDExp.tablePointer).0 }
        let slope = Self.lanes(xs) { SIMDExp.sigmoidAndSlopeBounded($0, SIMDExp.tablePointer).1 }
        var differing = 0, far = 0
        for i in xs.indices {
            if sig[i] != Double.sigmoid(xs[i]) { differing += 1 }
            let s = Double.sigmoid(xs[i]), d = ElementaryFunction.sigmoid.derivative(at: xs[i])
            if Swift.abs(pair[i] - s) > s.ulp || Swift.abs(slope[i] - d) > 2 * d.ulp { far += 1 }
        }
        #expect(differing == 0)
        #expect(far == 0)
    }
}
