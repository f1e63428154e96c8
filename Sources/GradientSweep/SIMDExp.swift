import Foundation
import _SIMDShims

extension SIMDExp {
    /// The table, in memory that stays put, for the kernels' loads (never written after initialisation).
    nonisolated(unsafe) static let tablePointer: UnsafePointer<UInt64> = {
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: table.count)
        p.initialize(from: table, count: table.count)
        return UnsafePointer(p)
    }()

    /// `exp(x)` lane by lane, equal bit for bit to `Foundation.exp` (see ``SIMDExp``).
    @inline(__always)
    static func exp(_ x: SIMD4<Double>, _ t: UnsafePointer<UInt64>) -> SIMD4<Double> {
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD4<UInt64>.self) & 0x7fff_ffff_ffff_ffff, to: SIMD4<Double>.self)
        // 2^-54 <= |x| < 512 (false for NaN): the table path; otherwise glibc's own special cases.
        let ordinary = (magnitude .< 512) .& (magnitude .>= 0x1p-54)
        if !all(ordinary) { return SIMD4(Foundation.exp(x[0]), Foundation.exp(x[1]), Foundation.exp(x[2]), Foundation.exp(x[3])) }
        var kd = SIMD4(repeating: shift).addingProduct(x, invLn2N)
        let ki = unsafeBitCast(kd, to: SIMD4<UInt64>.self)
        kd -= shift
        let r = x.addingProduct(kd, negLn2hiN).addingProduct(kd, negLn2loN)
        let idx = SIMD4<Int>(truncatingIfNeeded: (ki & 127) &<< 1)
        let top = ki &<< 45
        let tail = unsafeBitCast(SIMD4<UInt64>(t[idx[0]], t[idx[1]], t[idx[2]], t[idx[3]]), to: SIMD4<Double>.self)
        let sbits = SIMD4<UInt64>(t[idx[0] + 1], t[idx[1] + 1], t[idx[2] + 1], t[idx[3] + 1]) &+ top
        let scale = unsafeBitCast(sbits, to: SIMD4<Double>.self)
        let r2 = r * r
        let p23 = SIMD4(repeating: c2).addingProduct(r, c3)
        let p45 = SIMD4(repeating: c4).addingProduct(r, c5)
        let tmp = (tail + r).addingProduct(r2, p23).addingProduct(r2 * r2, p45)
        return scale.addingProduct(scale, tmp)
    }

    /// `exp(x)` for `-512 < x <= 0` (the caller guarantees it, unchecked), equal
    /// bit for bit to `Foundation.exp`: the table path of ``exp(_:_:)`` with no
    /// range test. Below `2^-54` in magnitude (and at `±0`) glibc returns
    /// `1 + x`; the table path gives the same (`k = 0`, `r = x`, `r²` below
    /// half an ulp of `x`, so the result is `fl(1 + x)`), which the tests check.
    ///
    /// Each lane's two table words `(T[j], H[j])` are adjacent, so they come
    /// in as one 16-byte load per lane and are split into the `T` and `H`
    /// vectors by two shuffles. On an x86-64 CPU with AVX2 and FMA
    /// (``VectorKernels/current``) this is `gc_exp_nonpositive` (the
    /// `_SIMDShims` header), the same operations as AVX2 intrinsics: Swift's
    /// generic SIMD operations (`addingProduct`, `replacing`) are element
    /// loops that LLVM re-vectorises only two lanes wide inside a large kernel,
    /// and `addingProduct` is a libm `fma` call per lane for baseline x86-64.
    @inline(__always)
    static func expNonPositive(_ x: SIMD4<Double>, _ t: UnsafePointer<UInt64>) -> SIMD4<Double> {
        #if arch(x86_64)
        if VectorKernels.current == .avx2FMA {
            var (input, output) = (x, SIMD4<Double>())
            gc_exp_nonpositive_p(&input, t, &output)
            return output
        }
        #endif
        return portableExpNonPositive(x, t)
    }

    /// ``expNonPositive(_:_:)`` in Swift alone, for CPUs without AVX2 and FMA
    /// (``VectorKernels/portable``): the same operations, bit for bit.
    @inline(__always)
    static func portableExpNonPositive(_ x: SIMD4<Double>, _ t: UnsafePointer<UInt64>) -> SIMD4<Double> {
        var kd = SIMD4(repeating: shift).addingProduct(x, invLn2N)
        let ki = unsafeBitCast(kd, to: SIMD4<UInt64>.self)
        kd -= shift
        let r = x.addingProduct(kd, negLn2hiN).addingProduct(kd, negLn2loN)
        let offset = SIMD4<Int>(truncatingIfNeeded: (ki & 127) &<< 4)
        let top = ki &<< 45
        let raw = UnsafeRawPointer(t)
        let pair01 = SIMD4(lowHalf: raw.loadUnaligned(fromByteOffset: offset[0], as: SIMD2<UInt64>.self),
                           highHalf: raw.loadUnaligned(fromByteOffset: offset[1], as: SIMD2<UInt64>.self))
        let pair23 = SIMD4(lowHalf: raw.loadUnaligned(fromByteOffset: offset[2], as: SIMD2<UInt64>.self),
                           highHalf: raw.loadUnaligned(fromByteOffset: offset[3], as: SIMD2<UInt64>.self))
        let words = SIMD8(lowHalf: pair01, highHalf: pair23)
        let tail = unsafeBitCast(words.evenHalf, to: SIMD4<Double>.self)
        let scale = unsafeBitCast(words.oddHalf &+ top, to: SIMD4<Double>.self)
        let r2 = r * r
        let p23 = SIMD4(repeating: c2).addingProduct(r, c3)
        let p45 = SIMD4(repeating: c4).addingProduct(r, c5)
        let tmp = (tail + r).addingProduct(r2, p23).addingProduct(r2 * r2, p45)
        return scale.addingProduct(scale, tmp)
    }

    /// ``sigmoid(_:_:)`` for `|z| < 512` (unchecked): bit for bit the same.
    @inline(__always)
    static func sigmoidBounded(_ z: SIMD4<Double>, _ t: UnsafePointer<UInt64>) -> SIMD4<Double> {
        #if arch(x86_64)
        if VectorKernels.current == .avx2FMA {
            var (input, output) = (z, SIMD4<Double>())
            gc_sigmoid_bounded_p(&input, t, &output)
            return output
        }
        #endif
        let negativeMagnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD4<UInt64>.self) | 0x8000_0000_0000_0000, to: SIMD4<Double>.self)
        let e = portableExpNonPositive(negativeMagnitude, t)
        let numerator = e.replacing(with: 1, where: z .>= 0)
        return numerator / (1 + e)
    }

    /// `σ(z)` and `σ'(z) = σ(z) σ(-z)` for `|z| < 512` (unchecked), with one
    /// division: `q = 1/(1 + e)`, `{σ(z), σ(-z)} = {q, e·q}`. So `σ(z)` for
    /// `z < 0` may differ from ``sigmoid(_:_:)`` (which divides `e/(1 + e)`)
    /// in the last bit: for the analytic gradient, never for a loss.
    @inline(__always)
    static func sigmoidAndSlopeBounded(_ z: SIMD4<Double>, _ t: UnsafePointer<UInt64>) -> (SIMD4<Double>, SIMD4<Double>) {
        #if arch(x86_64)
        if VectorKernels.current == .avx2FMA {
            var (input, value, slope) = (z, SIMD4<Double>(), SIMD4<Double>())
            gc_sigmoid_and_slope_bounded_p(&input, t, &value, &slope)
            return (value, slope)
        }
        #endif
        let negativeMagnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD4<UInt64>.self) | 0x8000_0000_0000_0000, to: SIMD4<Double>.self)
        let e = portableExpNonPositive(negativeMagnitude, t)
        let large = 1 / (1 + e)
        let small = e * large
        return (small.replacing(with: large, where: z .>= 0), large * small)
    }

    /// The network's sigmoid, `Double.sigmoid`, lane by lane and bit for bit:
    /// `1 / (1 + e^-z)` for `z >= 0`, `e^z / (1 + e^z)` otherwise, with the one
    /// exponential `e^-|z|` computed by ``exp(_:_:)``.
    @inline(__always)
    static func sigmoid(_ z: SIMD4<Double>, _ t: UnsafePointer<UInt64>) -> SIMD4<Double> {
        let negativeMagnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD4<UInt64>.self) | 0x8000_0000_0000_0000, to: SIMD4<Double>.self)
        let e = exp(negativeMagnitude, t)
        let numerator = e.replacing(with: 1, where: z .>= 0)
        return numerator / (1 + e)
    }

    /// The sigmoid and its derivative as the network computes them:
    /// `σ(z)` (as ``sigmoid(_:_:)``) and `σ'(z) = σ(z) σ(-z)`, the form of
    /// `ElementaryFunction.derivative(at:)` that does not cancel at saturation.
    /// Both come from the one exponential `e = e^-|z|`:
    /// `{σ(z), σ(-z)} = {1/(1 + e), e/(1 + e)}`.
    @inline(__always)
    static func sigmoidAndSlope(_ z: SIMD4<Double>, _ t: UnsafePointer<UInt64>) -> (SIMD4<Double>, SIMD4<Double>) {
        let negativeMagnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD4<UInt64>.self) | 0x8000_0000_0000_0000, to: SIMD4<Double>.self)
        let e = exp(negativeMagnitude, t)
        let denominator = 1 + e
        let large = 1 / denominator, small = e / denominator
        return (small.replacing(with: large, where: z .>= 0), large * small)
    }

    /// `exp` over a buffer, four at a time (the tail padded), for tests and callers with arrays.
    static func exp(_ x: [Double]) -> [Double] { map(x) { exp($0, tablePointer) } }

    /// `sigmoid` over a buffer, as ``sigmoid(_:_:)``.
    static func sigmoid(_ x: [Double]) -> [Double] { map(x) { sigmoid($0, tablePointer) } }

    private static func map(_ x: [Double], _ f: (SIMD4<Double>) -> SIMD4<Double>) -> [Double] {
        var out = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < x.count {
            var v = SIMD4<Double>(repeating: 0)
            for l in 0..<4 where i + l < x.count { v[l] = x[i + l] }
            let r = f(v)
            for l in 0..<4 where i + l < x.count { out[i + l] = r[l] }
            i += 4
        }
        return out
    }
}
