/// Richardson extrapolation of central differences (Ridders' method).
///
/// Central differences `D(h) = f'(x) + c1 h² + c2 h⁴ + …` are computed at
/// `h_i = h0 / r^i` and extrapolated to `h = 0` in a Neville tableau:
/// ```
/// A[i][0] = D(h_i)
/// A[i][j] = (r^(2j) A[i][j-1] - A[i-1][j-1]) / (r^(2j) - 1)
/// ```
/// Each entry's error is estimated from the difference of successive
/// extrapolants, `max(|A[i][j] - A[i][j-1]|, |A[i][j] - A[i-1][j-1]|,
/// |A[i+1][j] - A[i][j]|)`, plus its rounding error; the entry with the
/// smallest total is returned.
///
/// Defaults: `h0 = 0.1 max(1, |x|)`, `r = 2`, up to 24 rows (smallest step
/// `h0 / 2^23 ≈ 1.2e-8 h0`), at most 6 extrapolation columns. The large
/// first step keeps rounding error small; the many rows matter when the
/// function varies on a scale much smaller than the variable (a weight
/// multiplied by a large input): the first rows are then useless and the
/// tableau must reach steps below that scale. Unlike Numerical Recipes'
/// `dfridr`, the tableau does not stop at the first row whose diagonal grows
/// (in that pre-asymptotic phase it grows by chance); it stops when a row's
/// rounding error alone exceeds 10 times the best total error so far.
///
/// Picking the smallest of many error estimates favours one that is small by
/// chance; so the entry returned is the best one whose rows are in the
/// asymptotic regime (the central differences of every row it uses, and of
/// the next row, converge like `h²`: ``TruncationEstimate`` on each three
/// successive rows). If no entry is, the best one
/// is returned with a ``DerivativeEstimate/doubt``.
public enum Richardson {
    /// `h0 = 0.1 max(1, |x|)`.
    public static let defaultInitialStepFactor = 0.1
    /// The step shrinks by this factor from row to row.
    public static let defaultRatio = 2.0
    /// The tableau's largest number of rows.
    public static let maximumRows = 24
    /// At most this many extrapolation steps (beyond `h^12` there is nothing
    /// left to remove in double precision).
    public static let maximumColumns = 6

    /// The extrapolated `f'(x)` and its error estimate:
    /// ```
    /// truncationError = max(|A[i][j] - A[i][j-1]|, |A[i][j] - A[i-1][j-1]|, |A[i+1][j] - A[i][j]|)  (the chosen entry)
    /// roundingError   = 2 · max(4σ, 10 eps max|f|, noiseFloor) / h_i   (h_i: the smallest step the entry uses)
    /// ```
    /// `σ` is the function's measured noise (``NoiseEstimate``, nine points
    /// spaced `min(cbrt(eps) max(1,|x|), h0) / 4` around `x`); the factor 2 is
    /// about how much the extrapolation weights amplify noise.
    public static func estimate(
        of f: (Double) -> Double, at x: Double, initialStep h0: Double,
        ratio: Double = defaultRatio, rows: Int = maximumRows, noiseFloor: Double = 0
    ) -> DerivativeEstimate {
        precondition(ratio > 1 && rows >= 2)
        let plan = arguments(initialStep: h0, at: x, ratio: ratio, rows: rows)
        let grid = plan[0..<9].map(f)
        var evaluations = grid.count
        let sigma = NoiseEstimate.standardDeviation(ofEquallySpaced: grid)
        var largest = grid.reduce(0) { Swift.max($0, Swift.abs($1)) }
        func noise() -> Double { Swift.max(RoundingModel.noiseBound * sigma, RoundingModel.relativeNoise * largest, noiseFloor) }

        var previous: [Double] = []
        var tableau: [[Double]] = []
        var central: [(value: Double, rounding: Double)] = []  // column 0, row by row
        var entries: [Entry] = []
        var bestTotal = Double.infinity
        var h = h0
        for i in 0..<rows {
            let step = StepSize.representable(h, at: x)
            let fp = f(plan[9 + 2 * i]), fm = f(plan[10 + 2 * i])
            evaluations += 2
            largest = Swift.max(largest, Swift.abs(fp), Swift.abs(fm))
            let rounding = 2 * noise() / step
            var row = [(fp - fm) / (2 * step)]
            central.append((row[0], RoundingModel.resolutionNoise(measured: noise(), largestValue: largest, floor: noiseFloor) / step))
            var factor = ratio * ratio
            for j in 1...Swift.max(1, Swift.min(i, maximumColumns)) where i > 0 {
                row.append((row[j - 1] * factor - previous[j - 1]) / (factor - 1))
                factor *= ratio * ratio
                let truncation = Swift.max(Swift.abs(row[j] - row[j - 1]), Swift.abs(row[j] - previous[j - 1]))
                entries.append(Entry(row: i, column: j, value: row[j], truncation: truncation, rounding: rounding, step: step))
                bestTotal = Swift.min(bestTotal, truncation + rounding)
            }
            tableau.append(row)
            if rounding > 10 * bestTotal { break }
            previous = row
            h /= ratio
        }
        // An entry is trusted when the central differences of every row it
        // extrapolates from converge like h² (each three successive rows,
        // TruncationEstimate), and the next row, when there is one, goes on
        // converging: a tableau started far above the scale on which f
        // varies has useless first rows, and an entry built on them is
        // wrong however small its error estimate.
        func doubt(_ e: Entry) -> String? {
            let last = Swift.max(e.row, 2)
            guard last < central.count else { return "the tableau stopped before three rows" }
            let first = Swift.max(2, Swift.min(last, e.row - e.column + 2))
            for k in first...Swift.min(last + 1, central.count - 1) {
                let (a, b, c) = (central[k], central[k - 1], central[k - 2])
                if let doubt = TruncationEstimate.fromSuccessiveSteps(
                    (a.value, b.value, c.value), rounding: (a.rounding, b.rounding, c.rounding), order: 2, ratio: ratio).doubt {
                    return doubt
                }
            }
            return nil
        }
        // The same column one row further down extrapolates from a smaller
        // step: in the asymptotic regime it is the more accurate, and its
        // distance bounds this entry's error as D(h) - D(2h) bounds a stencil's.
        for k in entries.indices where entries[k].row + 1 < tableau.count {
            let below = tableau[entries[k].row + 1][entries[k].column]
            entries[k].truncation = Swift.max(entries[k].truncation, Swift.abs(below - entries[k].value))
        }
        let ranked = entries.filter { $0.value.isFinite }.sorted { $0.truncation + $0.rounding < $1.truncation + $1.rounding }
        let chosen = ranked.first { doubt($0) == nil } ?? ranked.first
        guard let chosen else {
            return DerivativeEstimate(method: .richardson, value: .nan, roundingError: .infinity, truncationError: .infinity,
                                      step: h0, evaluations: evaluations)
        }
        return DerivativeEstimate(method: .richardson, value: chosen.value, roundingError: chosen.rounding,
                                  truncationError: chosen.truncation, step: chosen.step, evaluations: evaluations,
                                  doubt: doubt(chosen))
    }

    /// One extrapolated entry of the tableau.
    struct Entry {
        var row: Int
        var column: Int
        var value: Double
        var truncation: Double
        var rounding: Double
        var step: Double
    }

    /// The spacing of the nine-point noise grid: `min(cbrt(eps) max(1,|x|), h0) / 4`.
    static func noiseSpacing(initialStep h0: Double, at x: Double) -> Double {
        StepSize.representable(Swift.min(FiniteDifference.step(for: .central, at: x), h0) / 4, at: x)
    }

    /// The arguments the tableau evaluates, in request order: the nine-point
    /// noise grid `x + k·spacing` (`k = -4…4`), then `x + h_i`, `x - h_i` per
    /// row, `h_i = representable(h0 / r^i)`. An early stop asks for a prefix.
    static func arguments(initialStep h0: Double, at x: Double,
                          ratio: Double = defaultRatio, rows: Int = maximumRows) -> [Double] {
        // argument(k) for every k, with the steps divided once per row rather than from h0 each time.
        var result = (0..<9).map { argument($0, initialStep: h0, at: x, ratio: ratio) }
        result.reserveCapacity(9 + 2 * rows)
        var h = h0
        for _ in 0..<rows {
            let step = StepSize.representable(h, at: x)
            result.append(x + step)
            result.append(x - step)
            h /= ratio
        }
        return result
    }

    /// The `k`-th of ``arguments(initialStep:at:ratio:rows:)``: `x + (k - 4)·spacing` for
    /// `k < 9`, else `x ± h_i` (`+` first) for row `i = (k - 9) / 2`, `h_i = representable(h0 / r^i)`
    /// (`h0` divided by `r` `i` times, as the tableau does).
    static func argument(_ k: Int, initialStep h0: Double, at x: Double, ratio: Double = defaultRatio) -> Double {
        if k < 9 { return x + Double(k - 4) * noiseSpacing(initialStep: h0, at: x) }
        var h = h0
        for _ in 0..<(k - 9) / 2 { h /= ratio }
        let step = StepSize.representable(h, at: x)
        return (k - 9) % 2 == 0 ? x + step : x - step
    }

    /// Every offset from `x` the tableau may evaluate: `±h0/r^i` for each row
    /// and the noise grid.
    public static func offsets(initialStep h0: Double, at x: Double,
                               ratio: Double = defaultRatio, rows: Int = maximumRows) -> [Double] {
        var result: [Double] = []
        var s = h0
        for _ in 0..<rows {
            result.append(-s)
            result.append(s)
            s /= ratio
        }
        let spacing = noiseSpacing(initialStep: h0, at: x)
        result += (-4...4).map { Double($0) * spacing }
        return result.sorted()
    }
}
