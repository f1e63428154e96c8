/// The rounding noise of a function, measured from its values (the idea of
/// Moré and Wild's ECnoise).
///
/// A computed `f` is the true function plus noise whose size is not `eps |f|`
/// in general: a cross-entropy `-log(1 - a)` with `a` near 1 carries the
/// absolute error of `a`, divided by `1 - a`, tens of ulps of the loss. The
/// fourth difference of nine equally spaced values
/// ```
/// Δ⁴f_k = f_k - 4f_(k+1) + 6f_(k+2) - 4f_(k+3) + f_(k+4)
/// ```
/// removes any cubic (so the smooth part contributes only `δ⁴ f''''`, far
/// below the noise for the small spacings used), and for independent noise of
/// standard deviation `σ`, `E[(Δ⁴f)²] = 70 σ²`. So
/// ```
/// σ ≈ sqrt(mean((Δ⁴f)²) / 70)
/// ```
public enum NoiseEstimate {
    /// The number of equally spaced values used.
    public static let sampleCount = 9

    /// `σ` from values `f(x0 + kδ)`, `k = 0 ..< values.count` (at least 5).
    /// Non-finite values give infinity.
    public static func standardDeviation(ofEquallySpaced values: [Double]) -> Double {
        precondition(values.count >= 5)
        guard values.allSatisfy(\.isFinite) else { return .infinity }
        var sum = 0.0
        let n = values.count - 4
        for k in 0..<n {
            let d = values[k] - 4 * values[k + 1] + 6 * values[k + 2] - 4 * values[k + 3] + values[k + 4]
            sum += d * d
        }
        return (sum / Double(n) / 70).squareRoot()
    }
}
