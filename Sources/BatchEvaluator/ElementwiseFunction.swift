import AnalyticGradients
import Foundation
import NetworkModel

/// The network's elementary functions and their derivatives over whole
/// tensors, bit for bit as `Double.apply(_:to:)` and
/// `ElementaryFunction.derivative(at:)` compute them element by element.
///
/// `exp` and `sigmoid` (value and slope) run four lanes at a time through
/// ``SIMDExp`` (glibc's exp algorithm, equal bit for bit to `Foundation.exp`;
/// AVX2/FMA or portable, see ``VectorKernels``) wherever every lane of a
/// group is in the table path's range (`|z| < 512`, not NaN); a group with
/// any other lane, and the last `count % 4` elements, go element by element
/// through the scalar functions. The other functions are scalar loops.
enum ElementwiseFunction {
    /// `f(v[i])` for every element, as `Double.apply(f, to:)`.
    static func apply(_ f: ElementaryFunction, to v: [Double]) -> [Double] {
        switch f {
        case .exp: return map(v, vector: { SIMDExp.expNonPositive($0, $1) }, where: nonPositive, scalar: Foundation.exp)
        case .sigmoid: return map(v, vector: { SIMDExp.sigmoidBounded($0, $1) }, where: bounded, scalar: Double.sigmoid)
        case .log: return v.map { Foundation.log($0) }
        case .tanh: return v.map { Foundation.tanh($0) }
        case .relu: return v.map { $0 > 0 ? $0 : 0 }
        case .softplus: return v.map { Double.softplus($0) }
        case .abs: return v.map { Swift.abs($0) }
        case .sqrt: return v.map { $0.squareRoot() }
        }
    }

    /// `f'(v[i])` for every element, as `ElementaryFunction.derivative(at:)`.
    static func derivative(_ f: ElementaryFunction, at v: [Double]) -> [Double] {
        switch f {
        case .exp: return apply(.exp, to: v)
        case .sigmoid: return map(v, vector: sigmoidSlope, where: bounded, scalar: { f.derivative(at: $0) })
        default: return v.map { f.derivative(at: $0) }
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

    /// Every lane with `|x| < 512` (false for NaN).
    @inline(__always)
    static func bounded(_ x: SIMD4<Double>) -> Bool {
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD4<UInt64>.self) & 0x7fff_ffff_ffff_ffff, to: SIMD4<Double>.self)
        return all(magnitude .< 512)
    }

    @inline(__always)
    private static func map(
        _ v: [Double], vector: (SIMD4<Double>, UnsafePointer<UInt64>) -> SIMD4<Double>,
        where inRange: (SIMD4<Double>) -> Bool, scalar: (Double) -> Double
    ) -> [Double] {
        let t = SIMDExp.tablePointer
        return [Double](unsafeUninitializedCapacity: v.count) { out, initialized in
            v.withUnsafeBufferPointer { x in
                var i = 0
                while i + 4 <= x.count {
                    let lanes = SIMD4(x[i], x[i + 1], x[i + 2], x[i + 3])
                    if inRange(lanes) {
                        let r = vector(lanes, t)
                        for l in 0..<4 { (out.baseAddress! + i + l).initialize(to: r[l]) }
                    } else {
                        for l in 0..<4 { (out.baseAddress! + i + l).initialize(to: scalar(x[i + l])) }
                    }
                    i += 4
                }
                while i < x.count {
                    (out.baseAddress! + i).initialize(to: scalar(x[i]))
                    i += 1
                }
            }
            initialized = v.count
        }
    }
}
