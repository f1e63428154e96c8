import AnalyticGradients
import FiniteDifferences
import GradientCheck
import NetworkModel
import _SIMDShims

/// The exam network's evaluator: the work laid out for the grid's structure,
/// with the same verdicts and statistics as ``BroadcastEvaluator`` up to the
/// last bits of the analytic gradient.
///
/// For `q2.net` (`z1 = x w1`, `a1 = σ(z1)`, `z2 = a1 w2`, `a2 = σ(z2)`,
/// `L = ½(a2 - y)²`), central differences, no claims and no heatmap:
/// - per `(x, w1)` pair (a *row*): `a1`, `a1(w1 ± h)`, `σ'(z1)`: 3 exp;
/// - per `(x, w1, w2)` triple: `a2`, `a2` with `a1(w1 ± h)`, `a2` with
///   `w2 ± h`: 5 exp, shared by every label `y`, and the label-free factors
///   of the gradient and of the rounding-error bound;
/// - per point: the two losses of each central difference, a few products,
///   verdicts and statistics (``LaneTally``), with no exp.
/// So a grid with two labels costs `3/(n_w2 · n_y) + 5/n_y ≈ 2.5` exp per point.
/// The triples are visited four `w2` values at a time in SIMD registers
/// (``SIMDExp``), with no allocation or dispatch per point. A block is a run
/// of rows with every `w2` and `y`; it stays in the caches.
///
/// **Factored per-label work.** Every adjoint is `d = a2 - y` times a factor
/// of the triple: `∂L/∂w2 = d · (σ'(z2) a1)`, `∂L/∂w1 = d · ((σ'(z2) w2)(σ'(z1) x))`,
/// and the bound ``RoundingErrorBound`` sums to
/// ```
/// Σ |∂L/∂v| |v| = |d| (S + |y|) + |L|,
/// S = |σ'(z2)| (|w2| R + |z2|) + |a2|,   R = |σ'(z1)| (2 |x| |w1| + |z1|) + 2 |a1|
/// ```
/// (`R` per row, `S` per triple). These products are grouped differently from
/// ReverseMode's, so the analytic gradient may differ from
/// ``BroadcastEvaluator``'s in the last bits (and `σ(z2)` for `z2 < 0` is
/// `e·(1/(1+e))`, within an ulp of `e/(1+e)`).
///
/// **Finite differences.** The perturbed activations are the network's
/// sigmoid bit for bit (``SIMDExp`` is glibc's `exp`), so the losses are
/// exactly the general evaluator's. The quotient is taken as
/// `((a₊ - y)² - (a₋ - y)²) · g`, `g = 1/(2 (w₊ - w₋))` once per weight value,
/// instead of a division per point: within an ulp of ``BroadcastEvaluator``'s
/// `(L₊ - L₋)/(w₊ - w₋)` (the NumPy reference in `bench/` does the same).
///
/// Identical bit for bit for any thread count and block size: each point's
/// arithmetic does not depend on which block or thread evaluates it.
final class ExamNetworkEvaluator: BlockEvaluator {
    /// Everything fixed for the sweep: axes, steps, and the block layout.
    struct Setup: Sendable {
        let nx, ny, nw1, nw2: Int
        let x, y, w1: [Double]
        let w1Plus, w1Minus, w1HalfGain, w1Gain: [Double]
        /// `w2` columns padded to a multiple of 4 with copies of the last value.
        let paddedColumns: Int
        let w2, w2Plus, w2Minus, w2HalfGain, w2Gain: [Double]
        let rowsPerBlock: Int
        let blockCount: Int
        let tolerance: Tolerance
        let worst: Int

        /// `nil` unless the network is the exam's (with its nodes in file order), the
        /// domain a grid, the method central differences, with no claims and no
        /// heatmap, and every value finite with `|x|, |w1| < 2^500` (so `x w1` is
        /// finite) and `|w2 ± h| < 512` (so every `|z2| < 512`: no exp range test
        /// per triple, see ``SIMDExp/expNonPositive(_:_:)``), on an x86-64 CPU
        /// with AVX2 and FMA (the kernels' `_SIMDShims` intrinsics).
        init?(network: Network, domain: SweepDomain, settings: SweepSettings) {
            guard settings.method == .central, settings.claims.isEmpty, settings.heatmap == nil,
                  domain.kind == .grid, ClosedForm.q2.matches(network),
                  network.variables == ["x", "y", "w1", "w2"],
                  network.nodes.map(\.name) == ["z1", "a1", "z2", "a2", "Loss"], network.loss == "Loss"
            else { return nil }
            let v = domain.variableValues
            func steps(_ w: [Double]) -> (plus: [Double], minus: [Double], halfGain: [Double], gain: [Double]) {
                let h = w.map { StepSize.secondOrder * Swift.max(1, Swift.abs($0)) }
                let plus = zip(w, h).map { $0 + $1 }, minus = zip(w, h).map { $0 - $1 }
                return (plus, minus, zip(plus, minus).map { 1 / (2 * ($0 - $1)) }, zip(plus, minus).map { 2 / ($0 - $1) })
            }
            let (w2p, w2m, _, _) = steps(v[3])
            #if arch(x86_64)
            guard gc_cpu_has_avx2_fma() != 0 else { return nil }
            #else
            return nil
            #endif
            guard v.allSatisfy({ $0.allSatisfy(\.isFinite) }),
                  (v[0] + v[2]).allSatisfy({ Swift.abs($0) < 0x1p500 }),
                  (w2p + w2m).allSatisfy({ Swift.abs($0) < 512 })
            else { return nil }
            (x, y, w1) = (v[0], v[1], v[2])
            (nx, ny, nw1, nw2) = (v[0].count, v[1].count, v[2].count, v[3].count)
            (w1Plus, w1Minus, w1HalfGain, w1Gain) = steps(v[2])
            paddedColumns = (nw2 + 3) / 4 * 4
            let w2Values = v[3] + Array(repeating: v[3][nw2 - 1], count: paddedColumns - nw2)
            w2 = w2Values
            (w2Plus, w2Minus, w2HalfGain, w2Gain) = steps(w2Values)
            rowsPerBlock = Swift.max(1, settings.blockPoints / (nw2 * ny))
            blockCount = (nx * nw1 + rowsPerBlock - 1) / rowsPerBlock
            tolerance = settings.tolerance
            worst = settings.worst
        }
    }

    let setup: Setup
    var blockCount: Int { setup.blockCount }

    /// The kernel's view of the sweep: raw pointers and scalars only, so that
    /// the inner loops touch no class, array or reference count.
    struct Kernel {
        let nw1, nw2, ny, columns: Int
        let x, y, w1, w1HalfGain, w1Gain: UnsafePointer<Double>
        let w2, w2Plus, w2Minus, w2HalfGain, w2Gain: UnsafePointer<Double>
        /// Per row of the block: `a1`, `a1(w1 ± h)`, `σ'(z1) x`, and `R` (see the type's notes).
        let a1, a1Plus, a1Minus, slopeX, rowBound: UnsafeMutablePointer<Double>
        let table: UnsafePointer<UInt64>
        let edgeBase: UnsafePointer<Double>
        let atol, rtol, widening: Double
        /// ``RoundingErrorBound/nodeRelativeError`` (a global would be a lazy-initialisation check per use).
        let nodeRelativeError: Double
        let worst: Int
    }

    private let kernel: Kernel
    /// Owned copies of the setup's arrays and the row buffers, freed in `deinit`.
    private let owned: [UnsafeMutablePointer<Double>]
    private let histograms = (LaneTally.Storage(), LaneTally.Storage())
    private var tallies: (LaneTally, LaneTally)

    init(_ setup: Setup) {
        self.setup = setup
        var owned: [UnsafeMutablePointer<Double>] = []
        func copy(_ a: [Double]) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: a.count)
            p.initialize(from: a, count: a.count)
            owned.append(p)
            return p
        }
        let capacity = (setup.rowsPerBlock + 3) / 4 * 4
        func buffer() -> UnsafeMutablePointer<Double> { copy([Double](repeating: 0, count: capacity)) }
        kernel = Kernel(
            nw1: setup.nw1, nw2: setup.nw2, ny: setup.ny, columns: setup.paddedColumns,
            x: copy(setup.x), y: copy(setup.y), w1: copy(setup.w1),
            w1HalfGain: copy(setup.w1HalfGain), w1Gain: copy(setup.w1Gain),
            w2: copy(setup.w2), w2Plus: copy(setup.w2Plus), w2Minus: copy(setup.w2Minus),
            w2HalfGain: copy(setup.w2HalfGain), w2Gain: copy(setup.w2Gain),
            a1: buffer(), a1Plus: buffer(), a1Minus: buffer(), slopeX: buffer(), rowBound: buffer(),
            table: SIMDExp.tablePointer, edgeBase: histograms.0.edgeBase,
            atol: setup.tolerance.atol, rtol: setup.tolerance.rtol, widening: setup.tolerance.widening,
            nodeRelativeError: RoundingErrorBound.nodeRelativeError, worst: setup.worst)
        self.owned = owned
        tallies = (LaneTally(histograms.0), LaneTally(histograms.1))
    }

    deinit {
        for p in owned { p.deallocate() }
    }

    func evaluate(block k: Int, into summary: inout SweepSummary) {
        let s = setup
        let firstRow = k * s.rowsPerBlock
        let rows = Swift.min(s.rowsPerBlock, s.nx * s.nw1 - firstRow)
        computeRows(first: firstRow, count: rows)
        var (t1, t2) = tallies
        t1.refresh(from: summary.parameters[0], worst: kernel.worst)
        t2.refresh(from: summary.parameters[1], worst: kernel.worst)
        for r in 0..<rows {
            Self.evaluateRow(kernel, firstRow + r, local: r, &t1, &t2, &summary)
        }
        t1.flush(into: &summary.parameters[0])
        t2.flush(into: &summary.parameters[1])
        tallies = (t1, t2)
        summary.pointsEvaluated += rows * s.nw2 * s.ny
    }

    /// The per-row values for `count` rows from `first`, four rows at a time
    /// (with ``SIMDExp/sigmoid(_:_:)``'s range test: `|x w1|` may be large).
    private func computeRows(first: Int, count: Int) {
        let k = kernel, t = k.table
        var r = 0
        while r < count {
            var x = SIMD4<Double>(), w1 = x, plus = x, minus = x
            for l in 0..<4 {
                let row = Swift.min(first + r + l, first + count - 1)
                let (ix, i1) = (row / k.nw1, row % k.nw1)
                (x[l], w1[l]) = (k.x[ix], k.w1[i1])
                (plus[l], minus[l]) = (setup.w1Plus[i1], setup.w1Minus[i1])
            }
            let z1 = x * w1
            let (a1, slope1) = SIMDExp.sigmoidAndSlope(z1, t)
            store(a1, k.a1 + r)
            store(SIMDExp.sigmoid(x * plus, t), k.a1Plus + r)
            store(SIMDExp.sigmoid(x * minus, t), k.a1Minus + r)
            store(slope1 * x, k.slopeX + r)
            let bound = magnitude(slope1) * (2 * magnitude(x) * magnitude(w1) + magnitude(z1)) + 2 * magnitude(a1)
            store(bound, k.rowBound + r)
            r += 4
        }
    }

    /// Every point of row `row` (`local` within the block).
    private static func evaluateRow(
        _ k: Kernel, _ row: Int, local r: Int, _ t1: inout LaneTally, _ t2: inout LaneTally, _ summary: inout SweepSummary
    ) {
        let (ix, i1) = (row / k.nw1, row % k.nw1)
        let a1 = SIMD4<Double>(repeating: k.a1[r])
        let a1Plus = SIMD4<Double>(repeating: k.a1Plus[r]), a1Minus = SIMD4<Double>(repeating: k.a1Minus[r])
        let slopeX = k.slopeX[r], rowBound = k.rowBound[r]
        let halfGain1 = SIMD4<Double>(repeating: k.w1HalfGain[i1]), gain1 = SIMD4<Double>(repeating: k.w1Gain[i1])
        let t = k.table
        var j = 0
        while j < k.columns {
            let w2 = load(k.w2 + j)
            let z2 = a1 * w2
            let (a2, slope2) = SIMDExp.sigmoidAndSlopeBounded(z2, t)
            let a2w1Plus = SIMDExp.sigmoidBounded(a1Plus * w2, t)
            let a2w1Minus = SIMDExp.sigmoidBounded(a1Minus * w2, t)
            let a2w2Plus = SIMDExp.sigmoidBounded(a1 * load(k.w2Plus + j), t)
            let a2w2Minus = SIMDExp.sigmoidBounded(a1 * load(k.w2Minus + j), t)
            let halfGain2 = load(k.w2HalfGain + j), gain2 = load(k.w2Gain + j)
            // The label-free factors: ∂L/∂w = d · factor, Σ|∂L/∂v||v| = |d| (S + |y|) + |L|.
            let factor2 = slope2 * a1
            let factor1 = (slope2 * w2) * slopeX
            let tripleBound = magnitude(slope2) * (magnitude(w2) * rowBound + magnitude(z2)) + magnitude(a2)
            let valid = Swift.min(4, k.nw2 - j)
            for iy in 0..<k.ny {
                let y = k.y[iy]
                let d = a2 - y
                let loss = 0.5 * (d * d)
                let p1 = a2w1Plus - y, m1 = a2w1Minus - y, p2 = a2w2Plus - y, m2 = a2w2Minus - y
                let fd1 = (p1 * p1 - m1 * m1) * halfGain1
                let fd2 = (p2 * p2 - m2 * m2) * halfGain2
                let g1 = d * factor1, g2 = d * factor2
                let lossError = (magnitude(d) * (tripleBound + Swift.abs(y)) + loss) * k.nodeRelativeError
                let e1 = lossError * gain1, e2 = lossError * gain2
                if valid < 4 || !t1.add(analytic: g1, estimate: fd1, errorEstimate: e1, k.atol, k.rtol, k.widening, k.edgeBase) {
                    let first = ((ix * k.ny + iy) * k.nw1 + i1) * k.nw2 + j
                    slowPath(k, g1, fd1, e1, first: first, valid: valid, &t1, &summary.parameters[0])
                }
                if valid < 4 || !t2.add(analytic: g2, estimate: fd2, errorEstimate: e2, k.atol, k.rtol, k.widening, k.edgeBase) {
                    let first = ((ix * k.ny + iy) * k.nw1 + i1) * k.nw2 + j
                    slowPath(k, g2, fd2, e2, first: first, valid: valid, &t2, &summary.parameters[1])
                }
            }
            j += 4
        }
    }

    /// The general path for `valid` points: ``ParameterSummary/record``, as the broadcast evaluator does.
    @inline(never)
    private static func slowPath(
        _ k: Kernel, _ analytic: SIMD4<Double>, _ estimate: SIMD4<Double>, _ errorEstimate: SIMD4<Double>,
        first: Int, valid: Int, _ t: inout LaneTally, _ p: inout ParameterSummary
    ) {
        let tolerance = Tolerance(atol: k.atol, rtol: k.rtol, widening: k.widening)
        for l in 0..<valid {
            p.record(point: first + l, analytic: analytic[l], estimate: estimate[l], errorEstimate: errorEstimate[l],
                     tolerance: tolerance, worstCount: k.worst)
        }
        t.refresh(from: p, worst: k.worst)
    }
}

@inline(__always) private func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}
@inline(__always) private func load(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}
@inline(__always) private func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}
