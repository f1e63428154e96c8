import Foundation
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

    @Test("gc_unary_n (negate, square) and gc_accumulate_n equal the scalar operations bit for bit")
    func unaryAndAccumulate() {
        let x = Self.operands(3), y = Self.operands(4), mask = Self.operands(5)
        for (square, f) in [(Int32(0), { (v: Double) in -v }), (1, { $0 * $0 })] {
            var out = [Double](repeating: 0, count: Self.n)
            let done = gc_unary_n(square, x, &out, Self.n)
            #expect(Self.same(Array(out[..<done]), x[..<done].map(f)), "square \(square)")
        }
        for xv in [true, false] {
            var out = [Double](repeating: 0, count: Self.n)
            let done = gc_accumulate_n(x, xv ? 1 : 0, y, mask, &out, Self.n)
            let expected = (0..<done).map { i in
                let a = xv ? x[i] : x[0]
                return mask[i] != 0 ? a + y[i] : a
            }
            #expect(Self.same(Array(out[..<done]), expected), "accumulate \(xv)")
        }
    }
}
