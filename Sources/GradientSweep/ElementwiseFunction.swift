import AnalyticGradients
import Foundation
import NetworkModel
import _SIMDShims

/// The network's elementary functions and their derivatives over whole
/// tensors, bit for bit as `Double.apply(_:to:)` and
/// `ElementaryFunction.derivative(at:)` compute them element by element.
///
/// `exp` and `sigmoid` (value and slope) run four lanes at a time through
/// ``SIMDExp`` (glibc's exp algorithm, equal bit for bit to `Foundation.exp`;
/// AVX2/FMA or portable, see ``VectorKernels``) wherever every lane of a
/// group is in the table path's range (`|z| < 512`, not NaN); a group with
/// any other lane, and the last `count % 4` elements, go element by element
/// through the scalar functions. `log` runs four lanes at a time through
/// `gc_log_positive_normal_n` on AVX2 (``NaturalLogarithm`` bit for bit) where
/// every lane of a group is positive, normal and finite. The other functions
/// are scalar loops.
enum ElementwiseFunction {
    private static let log = NaturalLogarithm.log

    /// `f(v[i])` for every element, as `Double.apply(f, to:)`.
    static func apply(_ f: ElementaryFunction, to v: [Double]) -> [Double] {
        [Double](unsafeUninitializedCapacity: v.count) { out, initialized in
            v.withUnsafeBufferPointer { apply(f, $0.baseAddress!, out.baseAddress!, $0.count) }
            initialized = v.count
        }
    }

    /// `f'(v[i])` for every element, as `ElementaryFunction.derivative(at:)`.
    static func derivative(_ f: ElementaryFunction, at v: [Double]) -> [Double] {
        [Double](unsafeUninitializedCapacity: v.count) { out, initialized in
            v.withUnsafeBufferPointer { derivative(f, $0.baseAddress!, out.baseAddress!, $0.count) }
            initialized = v.count
        }
    }

    /// `out[i] = f(x[i])` for `i < count`, as `Double.apply(f, to:)` (`out` may be `x`).
    static func apply(_ f: ElementaryFunction, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        switch f {
        case .exp:
            map(x, out, count, avx2: .expNonPositive, vector: { SIMDExp.portableExpNonPositive($0, $1) }, where: nonPositive,
                scalar: Foundation.exp)
        case .sigmoid:
            map(x, out, count, avx2: .sigmoidBounded, vector: { SIMDExp.sigmoidBounded($0, $1) }, where: bounded, scalar: Double.sigmoid)
        case .log:
            map(x, out, count, avx2: .logPositiveNormal, vector: { l, _ in SIMD4(log(l[0]), log(l[1]), log(l[2]), log(l[3])) },
                where: positiveNormal, scalar: log)
        case .tanh: for i in 0..<count { out[i] = Foundation.tanh(x[i]) }
        case .relu: for i in 0..<count { out[i] = x[i] > 0 ? x[i] : 0 }
        case .softplus: for i in 0..<count { out[i] = Double.softplus(x[i]) }
        case .abs: for i in 0..<count { out[i] = Swift.abs(x[i]) }
        case .sqrt: for i in 0..<count { out[i] = x[i].squareRoot() }
        }
    }

    /// `out[i] = f'(x[i])` for `i < count`, as `ElementaryFunction.derivative(at:)` (`out` may be `x`).
    static func derivative(_ f: ElementaryFunction, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        switch f {
        case .exp: apply(.exp, x, out, count)
        case .sigmoid:
            map(x, out, count, avx2: .sigmoidSlopeBounded, vector: sigmoidSlope, where: bounded, scalar: { f.derivative(at: $0) })
        default: for i in 0..<count { out[i] = f.derivative(at: x[i]) }
        }
    }

    /// `σ(z) σ(-z)` from the one exponential `e = e^-|z|`: `{σ(z), σ(-z)} =
    /// {1/(1 + e), e/(1 + e)}`, each divided as `Double.sigmoid` divides, and
    /// their product (which commutes exactly), for `|z| < 512`.
    @inline(__always)
    static func sigmoidSlope(_ z: SIMD4<Double>, _ t: UnsafePointer<UInt64>) -> SIMD4<Double> {
        let negativeMagnitude = unsafeBitCast(unsafeBitCast(z, to: SIMD4<UInt64>.self) | 0x8000_0000_0000_0000, to: SIMD4<Double>.self)
        let e = SIMDExp.expNonPositive(negativeMagnitude, t)
        let denominator = 1 + e
        return (1 / denominator) * (e / denominator)
    }

    /// Every lane in `-512 < x <= 0` (false for NaN): ``SIMDExp/expNonPositive(_:_:)``'s range.
    @inline(__always)
    static func nonPositive(_ x: SIMD4<Double>) -> Bool { all((x .<= 0) .& (x .> -512)) }

    /// Every lane positive, normal and finite (false for NaN): `gc_log_positive_normal`'s range.
    @inline(__always)
    static func positiveNormal(_ x: SIMD4<Double>) -> Bool { all((x .>= .leastNormalMagnitude) .& (x .< .infinity)) }

    /// Every lane with `|x| < 512` (false for NaN).
    @inline(__always)
    static func bounded(_ x: SIMD4<Double>) -> Bool {
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD4<UInt64>.self) & 0x7fff_ffff_ffff_ffff, to: SIMD4<Double>.self)
        return all(magnitude .< 512)
    }

    /// The AVX2 whole-array kernels of `_SIMDShims` (`gc_*_n`).
    enum ArrayKernel { case expNonPositive, sigmoidBounded, sigmoidSlopeBounded, logPositiveNormal }

    /// `out[i] = f(x[i])`: groups of four in range (`inRange`) by `avx2` (one call per run of such
    /// groups) on a CPU with AVX2 and FMA, else by `vector`; every other group, and the last
    /// `count % 4` elements, by `scalar`. All three give the same bits.
    @inline(__always)
    private static func map(
        _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int, avx2: ArrayKernel,
        vector: (SIMD4<Double>, UnsafePointer<UInt64>) -> SIMD4<Double>,
        where inRange: (SIMD4<Double>) -> Bool, scalar: (Double) -> Double
    ) {
        let t = SIMDExp.tablePointer
        var i = 0
        #if arch(x86_64)
        if VectorKernels.current == .avx2FMA {
            while true {
                switch avx2 {
                case .expNonPositive: i += gc_exp_nonpositive_n(x + i, out + i, count - i, t)
                case .sigmoidBounded: i += gc_sigmoid_bounded_n(x + i, out + i, count - i, t)
                case .sigmoidSlopeBounded: i += gc_sigmoid_slope_bounded_n(x + i, out + i, count - i, t)
                case .logPositiveNormal: i += gc_log_positive_normal_n(x + i, out + i, count - i)
                }
                guard i + 4 <= count else { break }
                for l in 0..<4 { out[i + l] = scalar(x[i + l]) }
                i += 4
            }
            while i < count {
                out[i] = scalar(x[i])
                i += 1
            }
            return
        }
        #endif
        while i + 4 <= count {
            let lanes = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD4<Double>.self)
            if inRange(lanes) {
                UnsafeMutableRawPointer(out + i).storeBytes(of: vector(lanes, t), as: SIMD4<Double>.self)
            } else {
                for l in 0..<4 { out[i + l] = scalar(lanes[l]) }
            }
            i += 4
        }
        while i < count {
            out[i] = scalar(x[i])
            i += 1
        }
    }
}
