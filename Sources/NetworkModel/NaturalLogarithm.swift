/// The natural logarithm every network evaluates: `log` in a network file,
/// the `ln a` of `∂(a^b)/∂b`, in `check`, `key` and every sweep evaluator.
///
/// gradcheck computes it itself, rather than calling the C library, so that
/// the sweep's four-lane AVX2 kernel (`gc_log_n` in `_SIMDShims`) and this
/// scalar definition give the same bits: both run exactly the operations
/// below, in IEEE double with round-to-nearest, with no fused multiply-add
/// (so the portable path needs no software FMA either).
///
/// Method (the reduction and identity of fdlibm's `e_log.c`, with
/// coefficients derived here): `x = 2^k m` with `m` in `[√2/2, √2)`,
/// `f = m - 1` (exact), `s = f/(2 + f)`, and
/// `log(1 + f) = 2 atanh(s) = f - (f²/2 - s (f²/2 + R))` with
/// `R = Σ_{j=1…10} 2 s^{2j}/(2j + 1)`, the Taylor series of `2 atanh(s)/s - 2`
/// cut after ten terms (`|s| < 0.1716`: the first term left out is below
/// 6.3e-19 relative, 0.006 ulp). `k ln 2` is split into `ln2Hi` (42
/// significant bits, so `k·ln2Hi` is exact) and `ln2Lo`.
///
/// Precision: below 1 ulp by fdlibm's analysis of this method (Java's
/// `StrictMath.log` is the same method); the largest error measured against
/// `Float80` on 2·10^6 arguments across every binade, subnormals included, is
/// 0.83 ulp (at 1.404, where `f - f²/2` rounds twice), and no result is more
/// than 1 ulp from glibc's `log` (`NaturalLogarithmTests`). glibc's `log` is
/// within about 0.52 ulp, but its table cannot be reproduced here. Special
/// values as C's `log`: `log(±0) = -∞`, `log(+∞) = +∞`, `log(x < 0) = NaN`,
/// `log(NaN) = NaN`, `log(1) = +0`.
public enum NaturalLogarithm {
    /// `ln 2` to 42 significant bits: `k · ln2Hi` is exact for `|k| < 2^11`.
    public static let ln2Hi = 0x1.62e42fefa3800p-1
    /// `ln 2 - ln2Hi`, rounded.
    public static let ln2Lo = 0x1.ef35793c76730p-45
    /// The bits of `√2/2` rounded: `m`'s lower end.
    public static let reductionOffset: UInt64 = 0x3fe6_a09e_667f_3bcd
    /// `2/(2j + 1)` for `j = 1…10`, rounded to nearest (the test checks each).
    public static let coefficients: [Double] = [c1, c2, c3, c4, c5, c6, c7, c8, c9, c10]
    @usableFromInline static let c1 = 0x1.5555555555555p-1, c2 = 0x1.999999999999ap-2, c3 = 0x1.2492492492492p-2
    @usableFromInline static let c4 = 0x1.c71c71c71c71cp-3, c5 = 0x1.745d1745d1746p-3, c6 = 0x1.3b13b13b13b14p-3
    @usableFromInline static let c7 = 0x1.1111111111111p-3, c8 = 0x1.e1e1e1e1e1e1ep-4, c9 = 0x1.af286bca1af28p-4
    @usableFromInline static let c10 = 0x1.8618618618618p-4

    /// `log(x)`, below 1 ulp (see the type's documentation).
    public static func log(_ x: Double) -> Double {
        guard x.isFinite, x > 0 else {
            if x.isNaN || x < 0 { return .nan }
            return x == 0 ? -.infinity : .infinity
        }
        // Subnormals: scale into the normal range first (exact).
        if x < .leastNormalMagnitude { return reduced(x * 0x1p52, exponentOffset: -52) }
        return reduced(x, exponentOffset: 0)
    }

    /// `log(x) + exponentOffset · ln 2` for a positive normal `x`: the kernel
    /// `gc_log_positive_normal` runs, operation for operation.
    @inline(__always)
    static func reduced(_ x: Double, exponentOffset: Int64) -> Double {
        let shifted = x.bitPattern &- reductionOffset
        let k = Int64(bitPattern: shifted) >> 52
        let m = Double(bitPattern: x.bitPattern &- (shifted & 0xfff0_0000_0000_0000))
        let kd = Double(k + exponentOffset)
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        let w = z * z
        let t1 = w * (c2 + w * (c4 + w * (c6 + w * (c8 + w * c10))))
        let t2 = z * (c1 + w * (c3 + w * (c5 + w * (c7 + w * c9))))
        let r = t2 + t1
        let hfsq = 0.5 * f * f
        return kd * ln2Hi - ((hfsq - (s * (hfsq + r) + kd * ln2Lo)) - f)
    }
}
