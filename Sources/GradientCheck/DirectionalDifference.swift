import FiniteDifferences

/// Finite differences of a vector function `f: T^n -> T^m` along one
/// direction `u`, for any linear combination of its outputs:
/// ```
/// φ_w(t) = Σ_r w_r f_r(x + t u),     φ_w'(0) = wᵀ J u
/// ```
/// Every value `f(x + t u)` is computed once and cached by `t`, so the
/// estimates for several `w` (all rows of a column `J e_c`, say) share their
/// evaluations. `u` is scaled so that `max|u_i| = 1`; the step is
/// ``CheckPrecision/step(for:scale:)`` at `scale = max(1, max |x_i|)` over
/// the coordinates `u` moves, which for `u = e_c` is FiniteDifferences'
/// own step for `x_c`.
package final class DirectionalDifference<T: BinaryFloatingPoint> {
    let function: EvaluatedFunction<T>
    let point: WorkingPoint<T>
    /// Indices and values of the non-zero components of `u` (scaled to `max|u_i| = 1`).
    let support: [(index: Int, weight: Double)]
    /// The factor `u` was divided by: estimates are multiplied back by it.
    let scale: Double
    let variableScale: Double
    private var cache: [Double: [Double]] = [:]

    /// The direction is given by its non-zero components `(index, u_index)`.
    /// - Parameter value: `f(x)`, when the caller already has it (saves one evaluation).
    package init(_ function: EvaluatedFunction<T>, at point: WorkingPoint<T>, support: [(index: Int, weight: Double)],
                 value: [Double]? = nil) {
        self.function = function
        self.point = point
        let largest = support.reduce(0) { Swift.max($0, Swift.abs($1.weight)) }
        scale = largest > 0 ? largest : 1
        self.support = support.map { ($0.index, $0.weight / (largest > 0 ? largest : 1)) }
        variableScale = support.reduce(1) { Swift.max($0, Swift.abs(Double(point.x[$1.index]))) }
        if let value { cache[0] = value }
    }

    /// `f(x + t u)` in `Double`.
    package func values(at t: Double) -> [Double] {
        if let cached = cache[t] { return cached }
        let v = point.evaluate(function, moving: support, by: t)
        cache[t] = v
        return v
    }

    /// The estimate of `wᵀ J u` by `method`, with its error estimate.
    package func estimate(weights w: [Double], method: FiniteDifferenceMethod, precision: CheckPrecision,
                          step: Double? = nil) -> DerivativeEstimate {
        let phi: (Double) -> Double = { t in
            let v = self.values(at: t)
            var sum = 0.0
            for r in v.indices where w[r] != 0 { sum += w[r] * v[r] }
            return sum
        }
        let magnitude = zip(w, values(at: 0)).reduce(0) { $0 + Swift.abs($1.0 * $1.1) }
        let h = step ?? precision.step(for: method, scale: variableScale)
        var e = FiniteDifference.estimate(method, of: phi, at: 0, step: h,
                                          noiseFloor: precision.noiseFloor(magnitude: magnitude))
        e.value *= scale
        e.roundingError *= scale
        e.truncationError *= scale
        e.step /= scale
        return e
    }

    /// The estimate of row `r` of `J u`.
    package func estimate(row r: Int, outputs m: Int, method: FiniteDifferenceMethod, precision: CheckPrecision,
                          step: Double? = nil) -> DerivativeEstimate {
        var w = [Double](repeating: 0, count: m)
        w[r] = 1
        return estimate(weights: w, method: method, precision: precision, step: step)
    }
}

/// The user's function, counted: every call converts its result to `Double`
/// and adds one to ``evaluations`` (the figure fast mode is measured by).
package final class EvaluatedFunction<T: BinaryFloatingPoint> {
    let body: ([T]) -> [T]
    package private(set) var evaluations = 0

    package init(_ body: @escaping ([T]) -> [T]) { self.body = body }

    package func callAsFunction(_ point: [T]) -> [Double] {
        evaluations += 1
        return body(point).map { Double($0) }
    }
}

/// The point `x` being checked, with one working copy that evaluations move
/// and restore in place: an evaluation along a direction with `k` non-zero
/// components costs `O(k)` besides the function itself, not a copy of `x`.
package final class WorkingPoint<T: BinaryFloatingPoint> {
    package let x: [T]
    private var work: [T]

    package init(_ x: [T]) {
        self.x = x
        work = x
    }

    /// `f(x + t u)` for `u` given by its non-zero components; the point is
    /// formed in `Double` and rounded once to `T`.
    package func evaluate(_ f: EvaluatedFunction<T>, moving support: [(index: Int, weight: Double)], by t: Double) -> [Double] {
        if t == 0 { return f(x) }
        for (i, w) in support { work[i] = T(Double(x[i]) + t * w) }
        let v = f(work)
        for (i, _) in support { work[i] = x[i] }
        return v
    }
}
