import FiniteDifferences
import Foundation
import GradientCheck
@testable import GradientSweep
import Testing
import _SIMDShims

/// The compiled program's AVX2 array kernels (`ArrayKernels.h`) against the
/// scalar operations `ProgramEvaluator` runs on the portable path: the same
/// bits for every operand shape, with zeros of both signs, infinities and NaNs.
@Suite("ArrayKernels", .enabled(if: VectorKernels.cpuHasAVX2FMA))
struct ArrayKernelsTests {
    static let n = 4 * 37 + 3

    static func operands(_ seed: UInt64) -> [Double] {
        var g = SplitMix(state: seed)
        var xs = (0..<n).map { _ in Double.random(in: -3...3, using: &g) }
        let special: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1e-310, -1e-310, 1, -1]
        for k in 0..<(2 * special.count) { xs[Int.random(in: 0..<n, using: &g)] = special[k % special.count] }
        return xs
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    static var binary: [(gc_binary_op, String, (Double, Double) -> Double)] { [
        (GC_ADD, "add", { $0 + $1 }), (GC_SUBTRACT, "subtract", { $0 - $1 }), (GC_MULTIPLY, "multiply", { $0 * $1 }),
        (GC_DIVIDE, "divide", { $0 / $1 }), (GC_SCALED_ADD, "scaledAdd", { $0 + -0.75 * $1 }),
        (GC_MAGNITUDE_PRODUCT, "magnitudeProduct", { $0 == 0 ? 0 : Swift.abs($0) * Swift.abs($1) }),
        (GC_KINK_CHANGE, "kinkChange", { b, q in b == 0 || q == 0 || (b > 0) != (q > 0) ? 1 : 0 }),
        (GC_EITHER, "either", { $0 != 0 || $1 != 0 ? 1 : 0 }),
    ] }

    @Test("gc_binary_n equals the scalar operation bit for bit, for vector and broadcast operands")
    func binaryKernels() {
        let x = Self.operands(1), y = Self.operands(2)
        for (op, name, f) in Self.binary {
            for (xv, yv) in [(true, true), (true, false), (false, true)] {
                var out = [Double](repeating: 7, count: Self.n)
                let done = gc_binary_n(op, x, xv ? 1 : 0, y, yv ? 1 : 0, -0.75, &out, Self.n)
                #expect(done == Self.n / 4 * 4)
                let expected = (0..<done).map { f(xv ? x[$0] : x[0], yv ? y[$0] : y[0]) }
                #expect(Self.same(Array(out[..<done]), expected), "\(name) \(xv) \(yv)")
                #expect(out[done...].allSatisfy { $0 == 7 }, "\(name): the tail is the caller's")
            }
        }
    }

    @Test("gc_unary_n (negate, square) and gc_ternary_n's masked accumulation equal the scalar operations bit for bit")
    func unaryAndAccumulate() {
        let x = Self.operands(3), y = Self.operands(4), mask = Self.operands(5)
        for (square, f) in [(Int32(0), { (v: Double) in -v }), (1, { $0 * $0 })] {
            var out = [Double](repeating: 0, count: Self.n)
            let done = gc_unary_n(square, x, &out, Self.n)
            #expect(Self.same(Array(out[..<done]), x[..<done].map(f)), "square \(square)")
        }
        for shape in 1..<8 {
            let (xv, yv, mv) = (shape & 1 != 0, shape & 2 != 0, shape & 4 != 0)
            for m in [mask, [0] + mask.dropFirst(), [1] + mask.dropFirst()] {
                var out = [Double](repeating: 0, count: Self.n)
                let done = gc_ternary_n(GC_ACCUMULATE, x, xv ? 1 : 0, y, yv ? 1 : 0, m, mv ? 1 : 0, &out, Self.n)
                let expected = (0..<done).map { i in
                    let a = xv ? x[i] : x[0]
                    return (mv ? m[i] : m[0]) != 0 ? a + (yv ? y[i] : y[0]) : a
                }
                #expect(Self.same(Array(out[..<done]), expected), "accumulate \(xv) \(yv) \(mv) \(m[0])")
            }
        }
    }

    @Test("gc_ternary_n (the fused instructions) equals the unfused scalar operations bit for bit, for every operand shape")
    func ternaryKernels() {
        let x = Self.operands(6), y = Self.operands(7), z = Self.operands(8)
        let cases: [(gc_ternary_op, String, (Double, Double, Double) -> Double)] = [
            (GC_SCALED_SQUARED_DIFFERENCE, "scaledSquaredDifference", { c, a, b in c * ((a - b) * (a - b)) }),
            (GC_ADD_MAGNITUDE_PRODUCT, "addMagnitudeProduct", { s, a, b in s + (a == 0 ? 0 : Swift.abs(a) * Swift.abs(b)) }),
        ]
        for (op, name, f) in cases {
            for shape in 1..<8 {
                let (xv, yv, zv) = (shape & 1 != 0, shape & 2 != 0, shape & 4 != 0)
                var out = [Double](repeating: 7, count: Self.n)
                let done = gc_ternary_n(op, x, xv ? 1 : 0, y, yv ? 1 : 0, z, zv ? 1 : 0, &out, Self.n)
                #expect(done == Self.n / 4 * 4)
                let expected = (0..<done).map { f(xv ? x[$0] : x[0], yv ? y[$0] : y[0], zv ? z[$0] : z[0]) }
                #expect(Self.same(Array(out[..<done]), expected), "\(name) \(xv) \(yv) \(zv)")
                #expect(out[done...].allSatisfy { $0 == 7 }, "\(name): the tail is the caller's")
            }
        }
    }

    /// The central stencil's per-point stage, from `ProgramEvaluator`'s scalar functions.
    static func centralPoints(_ v: [[Double]], _ t: Tolerance) -> [[Double]] {
        (0..<n).map { i in
            let d = StencilErrorModel.central(plus: v[2][i], minus: v[3][i], widePlus: v[4][i], wideMinus: v[5][i],
                                              points: v[6][i], v[7][i], v[8][i], v[9][i],
                                              lossError: v[1][i] * RoundingErrorBound.nodeRelativeError)
            let absolute = Swift.abs(v[0][i] - d.value)
            return [d.value, d.error, absolute, PointError.relative(absolute, d.value),
                    VerdictTally.verdictCode(absolute: absolute, estimate: d.value, errorEstimate: d.error, tolerance: t)]
        }
    }

    @Test("gc_central_points_n equals StencilErrorModel.central, PointError.relative and VerdictTally.verdictCode bit for bit")
    func centralPoints() {
        // Arbitrary operands (with zeros, infinities, NaNs), and stencils of slope `d` whose
        // wide difference is `d (1 - r)` with r in [-0.5, 0.5] (resolved up to |r| = 1/4, so
        // both sides of that threshold), noisy, with claims where every verdict occurs.
        var g = SplitMix(state: 9)
        var smooth = [[Double]](repeating: [], count: 10)
        for _ in 0..<Self.n {
            let w = Double.random(in: -2...2, using: &g), h = [1e-5, 1e-3, 0.3][Int.random(in: 0..<3, using: &g)]
            let d = Double.random(in: -1...1, using: &g), wide = d * (1 - Double.random(in: -0.5...0.5, using: &g))
            func noise() -> Double { Double.random(in: -1e-14...1e-14, using: &g) }
            let gradient = d * [1, 1 + 1e-6, 1 + 1e-3, 1.1][Int.random(in: 0..<4, using: &g)]
            let values: [Double] = [gradient, Double.random(in: 0...10, using: &g), d * h + noise(), -d * h + noise(),
                                    2 * wide * h + noise(), -2 * wide * h + noise(), w + h, w - h, w + 2 * h, w - 2 * h]
            for (k, v) in values.enumerated() { smooth[k].append(v) }
        }
        let arbitrary = (0..<10).map { Self.operands(20 + UInt64($0)) }
        var codes = Set<Double>()
        for (name, v) in [("smooth", smooth), ("arbitrary", arbitrary)] {
            for t in [Tolerance(), Tolerance(atol: 1e-9, rtol: 1e-7, widening: 0), Tolerance(atol: 0, rtol: 1e-3, widening: 2)] {
                let expected = Self.centralPoints(v, t)
                var (estimates, errors, absolutes, relatives, verdicts) = ([Double](repeating: 7, count: Self.n), [Double](repeating: 7, count: Self.n),
                    [Double](repeating: 7, count: Self.n), [Double](repeating: 7, count: Self.n), [Double](repeating: 7, count: Self.n))
                var inputs = gc_central_inputs(analytic: v[0], magnitude_sum: v[1], plus: v[2], minus: v[3], wide_plus: v[4],
                                               wide_minus: v[5], point_plus: v[6], point_minus: v[7], point_wide_plus: v[8],
                                               point_wide_minus: v[9])
                let done = gc_central_points_n(&inputs, RoundingErrorBound.nodeRelativeError, t.atol, t.rtol, t.widening,
                                               &estimates, &errors, &absolutes, &relatives, &verdicts, Self.n)
                let out = [estimates, errors, absolutes, relatives, verdicts]
                #expect(done == Self.n / 4 * 4)
                for k in 0..<5 {
                    #expect(Self.same(Array(out[k][..<done]), expected[..<done].map { $0[k] }), "\(name) output \(k) \(t)")
                    #expect(out[k][done...].allSatisfy { $0 == 7 }, "the tail is the caller's")
                }
                codes.formUnion(out[4][..<done])
                if name == "smooth" {
                    #expect(out[1][..<done].contains { $0.isFinite } && out[1][..<done].contains { $0 == .infinity },
                            "resolved and unresolved stencils")
                }
            }
        }
        #expect(codes == [0, 1, 2], "every verdict occurs")
    }
}

