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
/// `L = ½(a2 - y)²`), central differences, claims in terms of the nodes up
/// to `a2` (``ChunkClaim``), and no heatmap or one over `x` and `w1`:
/// - per `(x, w1)` pair (a *row*): `a1`, `a1(w1 ± h)`, `a1(w1 ± 2h)`, `σ'(z1)`: 5 exp;
/// - per `(x, w1, w2)` triple: `a2`, `a2` with `a1(w1 ± h)` and `a1(w1 ± 2h)`,
///   `a2` with `w2 ± h` and `w2 ± 2h`: 9 exp, shared by every label `y`, and
///   the label-free factors of the gradient and of the rounding-error bound;
/// - per point: the four losses of each parameter's central differences at
///   `h` and `2h` (the error estimate's truncation term,
///   ``StencilErrorModel``), a few products, verdicts and statistics
///   (``LaneTally``), with no exp.
/// So a grid with two labels costs `5/(n_w2 · n_y) + 9/n_y ≈ 4.5` exp per point.
/// The rows' values are computed here, four rows at a time (``SIMDExp``);
/// everything inside a row (triples four `w2` values at a time, labels,
/// verdicts, histogram keys, the threshold test) is C with AVX2/FMA
/// intrinsics in `_SIMDShims/ExamRowKernel.h`, the same arithmetic operation
/// for operation with no contraction, one chunk of up to 64 `w2` columns at a
/// time in short loops (see the header for why): `gc_exam_chunk_triples`, then
/// (with `--claim`) the claims, then `gc_exam_chunk_labels`. It
/// returns the rare groups of four points that may change the extremes or
/// the worst list, which Swift records (``ParameterSummary/record``). No
/// allocation or dispatch per point. A block is a run of rows with every
/// `w2` and `y`; it stays in the caches.
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
/// **Claims.** With `--claim`, Swift evaluates each claim between the
/// kernel's two passes over a chunk (``ChunkClaim``, from pass one's `a2`) and
/// the kernel checks those values in place of the network's gradient.
///
/// **Heatmap.** A row is one heatmap cell of an `(x, w1)` heatmap (either
/// order): the kernel reduces the relative errors of the points it counts to
/// the row's maximum (a vector max, only when a heatmap is wanted), Swift adds
/// the points it hands back with ``ErrorHeatmap``'s conventions, and the cell
/// gets the result: the same as ``BroadcastEvaluator``'s for the same
/// analytic values and estimates (so within the few ulps above of it).
///
/// Identical bit for bit for any thread count and block size: each point's
/// arithmetic does not depend on which block or thread evaluates it.
final class ExamNetworkEvaluator: BlockEvaluator {
    /// Everything fixed for the sweep: axes, steps, and the block layout.
    struct Setup: Sendable {
        let nx, ny, nw1, nw2: Int
        let x, y, w1: [Double]
        let w1Plus, w1Minus, w1HalfGain, w1Gain: [Double]
        /// `w ± 2h` and `1/(2 (w₊₂ - w₋₂))`, for the truncation estimate (``StencilErrorModel/centralTruncation(_:_:)``).
        let w1Plus2, w1Minus2, w1HalfGain2: [Double]
        /// `w2` columns padded to a multiple of 4 with copies of the last value.
        let paddedColumns: Int
        let w2, w2Plus, w2Minus, w2HalfGain, w2Gain: [Double]
        let w2Plus2, w2Minus2, w2HalfGain2: [Double]
        let rowsPerBlock: Int
        let blockCount: Int
        let tolerance: Tolerance
        let worst: Int
        /// With a heatmap: whether `x` is its first (horizontal) dimension, else `w1` is.
        let heatmapXFirst: Bool?
        /// Per parameter (w1, w2): the claimed gradient, if any (``ChunkClaim``).
        let claims: [CompiledExpression?]

        /// `nil` unless the network is the exam's (with its nodes in file order), the
        /// domain a grid, the method central differences, any claims in terms of
        /// `x y w1 w2 z1 a1 z2 a2` (``ChunkClaim``), no heatmap or one over `x`
        /// and `w1` (in either order), and every value finite with `|x|, |w1| < 2^500` (so `x w1` is
        /// finite) and `|w2 ± 2h| < 512` (so every `|z2| < 512`: no exp range test
        /// per triple, see ``SIMDExp/expNonPositive(_:_:)``), on an x86-64 CPU
        /// with AVX2 and FMA (the kernels' `_SIMDShims` intrinsics) unless
        /// `GRADCHECK_SIMD=portable` (``VectorKernels``).
        /// The longest axis the kernel takes (2^18 values: about 30 MB of axis and step arrays).
        static let longestAxis = 1 << 18

        init?(network: Network, domain: SweepDomain, settings: SweepSettings) {
            // A grid's dimensions are the variables: x 0, y 1, w1 2, w2 3.
            let heatmapXFirst: Bool?
            switch settings.heatmap {
            case nil: heatmapXFirst = nil
            case (0, 2)?: heatmapXFirst = true
            case (2, 0)?: heatmapXFirst = false
            default: return nil
            }
            guard settings.method == .central,
                  domain.kind == .grid, ClosedForm.q2.matches(network),
                  network.slotNames == ["x", "y", "w1", "w2", "z1", "a1", "z2", "a2", "Loss"], network.loss == "Loss"
            else { return nil }
            let claims = ["w1", "w2"].map { p in settings.claims.first { $0.parameter == p }?.compiled }
            guard claims.allSatisfy({ $0.map(ChunkClaim.supports) ?? true }) else { return nil }
            self.claims = claims
            // The kernel keeps each axis (and its steps) as arrays: a longer axis goes to the
            // broadcast evaluator, whose memory does not grow with the axes (issue 12 item 8).
            guard domain.variableValues.allSatisfy({ $0.count <= Self.longestAxis }) else { return nil }
            let v = domain.variableValues.map { Array($0) }
            func steps(_ w: [Double], _ k: Double = 1) -> (plus: [Double], minus: [Double], halfGain: [Double], gain: [Double]) {
                let h = w.map { StepSize.step(for: .central, at: $0) }
                let plus = zip(w, h).map { $0 + k * $1 }, minus = zip(w, h).map { $0 - k * $1 }
                return (plus, minus, zip(plus, minus).map { 1 / (2 * ($0 - $1)) }, zip(plus, minus).map { 2 / ($0 - $1) })
            }
            let (w2p, w2m, _, _) = steps(v[3], 2)
            guard VectorKernels.current == .avx2FMA else { return nil }
            guard v.allSatisfy({ $0.allSatisfy(\.isFinite) }),
                  (v[0] + v[2]).allSatisfy({ Swift.abs($0) < 0x1p500 }),
                  (w2p + w2m).allSatisfy({ Swift.abs($0) < 512 })
            else { return nil }
            (x, y, w1) = (v[0], v[1], v[2])
            (nx, ny, nw1, nw2) = (v[0].count, v[1].count, v[2].count, v[3].count)
            (w1Plus, w1Minus, w1HalfGain, w1Gain) = steps(v[2])
            (w1Plus2, w1Minus2, w1HalfGain2, _) = steps(v[2], 2)
            paddedColumns = (nw2 + 3) / 4 * 4
            let w2Values = v[3] + Array(repeating: v[3][nw2 - 1], count: paddedColumns - nw2)
            w2 = w2Values
            (w2Plus, w2Minus, w2HalfGain, w2Gain) = steps(w2Values)
            (w2Plus2, w2Minus2, w2HalfGain2, _) = steps(w2Values, 2)
            // Never more rows than the grid has: the row buffers are allocated at this size.
            rowsPerBlock = Swift.max(1, Swift.min(nx * nw1, settings.blockPoints / (nw2 * ny)))
            blockCount = (nx * nw1 + rowsPerBlock - 1) / rowsPerBlock
            tolerance = settings.tolerance
            worst = settings.worst
            self.heatmapXFirst = heatmapXFirst
        }
    }

    let setup: Setup
    var blockCount: Int { setup.blockCount }

    /// The kernel's view of the sweep: raw pointers and scalars only, so that
    /// the inner loops touch no class, array or reference count.
    struct Kernel {
        let nw1, nw2, ny, columns: Int
        let x, y, w1, w1HalfGain, w1Gain: UnsafePointer<Double>
        let w1HalfGain2: UnsafePointer<Double>
        let w2, w2Plus, w2Minus, w2HalfGain, w2Gain: UnsafePointer<Double>
        let w2Plus2, w2Minus2, w2HalfGain2: UnsafePointer<Double>
        /// Per row of the block: `a1`, `a1(w1 ± h)`, `σ'(z1) x`, `R` (see the type's notes), `a1(w1 ± 2h)`.
        let a1, a1Plus, a1Minus, slopeX, rowBound, a1Plus2, a1Minus2: UnsafeMutablePointer<Double>
        let table: UnsafePointer<UInt64>
        let edgeBase: UnsafePointer<Double>
        let atol, rtol, widening: Double
        /// ``RoundingErrorBound/nodeRelativeError`` (a global would be a lazy-initialisation check per use).
        let nodeRelativeError: Double
        let worst: Int
        /// With a heatmap: whether `x` is its first dimension.
        let heatmapXFirst: Bool?
    }

    private let kernel: Kernel
    /// Owned copies of the setup's arrays and the row buffers, freed in `deinit`.
    private let owned: [UnsafeMutablePointer<Double>]
    private let histograms = (LaneTally.Storage(), LaneTally.Storage())
    private var tallies: (LaneTally, LaneTally)
    /// The row kernel's output: groups of four points for the general path.
    private let candidates: UnsafeMutablePointer<gc_exam_candidate>
    private let candidateCapacity: Int
    /// The kernel's pass one over a chunk (its label-free values), read by pass
    /// two and by the claims; 32-byte aligned for the kernel's aligned loads and stores.
    private let triples = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<gc_exam_triples>.size, alignment: 64)
        .bindMemory(to: gc_exam_triples.self, capacity: 1)
    /// With `--claim`: the claims' values for a chunk, between the kernel's two passes.
    private let claimWork: ClaimWork?

    /// The claims (w1, w2) and their values for one chunk, every label:
    /// label `iy` at `values[p] + iy · GC_EXAM_CHUNK`.
    final class ClaimWork {
        let claims: [ChunkClaim?]
        let values: [UnsafeMutablePointer<Double>?]
        let z2 = UnsafeMutablePointer<Double>.allocate(capacity: Int(GC_EXAM_CHUNK))

        init?(_ expressions: [CompiledExpression?], labels: Int) {
            guard expressions.contains(where: { $0 != nil }) else { return nil }
            claims = expressions.map { e in e.flatMap { ChunkClaim($0, capacity: Int(GC_EXAM_CHUNK)) } }
            values = claims.map { c in c.map { _ in .allocate(capacity: labels * Int(GC_EXAM_CHUNK)) } }
        }

        deinit {
            for v in values { v?.deallocate() }
            z2.deallocate()
        }
    }

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
            w1HalfGain: copy(setup.w1HalfGain), w1Gain: copy(setup.w1Gain), w1HalfGain2: copy(setup.w1HalfGain2),
            w2: copy(setup.w2), w2Plus: copy(setup.w2Plus), w2Minus: copy(setup.w2Minus),
            w2HalfGain: copy(setup.w2HalfGain), w2Gain: copy(setup.w2Gain),
            w2Plus2: copy(setup.w2Plus2), w2Minus2: copy(setup.w2Minus2), w2HalfGain2: copy(setup.w2HalfGain2),
            a1: buffer(), a1Plus: buffer(), a1Minus: buffer(), slopeX: buffer(), rowBound: buffer(),
            a1Plus2: buffer(), a1Minus2: buffer(),
            table: SIMDExp.tablePointer, edgeBase: histograms.0.edgeBase,
            atol: setup.tolerance.atol, rtol: setup.tolerance.rtol, widening: setup.tolerance.widening,
            nodeRelativeError: RoundingErrorBound.nodeRelativeError, worst: setup.worst,
            heatmapXFirst: setup.heatmapXFirst)
        self.owned = owned
        tallies = (LaneTally(histograms.0), LaneTally(histograms.1))
        candidateCapacity = Swift.max(128, 2 * setup.ny)
        candidates = .allocate(capacity: candidateCapacity)
        claimWork = ClaimWork(setup.claims, labels: setup.ny)
    }

    deinit {
        for p in owned { p.deallocate() }
        candidates.deallocate()
        triples.deallocate()
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
            Self.evaluateRow(kernel, firstRow + r, local: r, &t1, &t2, candidates, capacity: candidateCapacity, triples, claimWork,
                             &summary)
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
            var x = SIMD4<Double>(), w1 = x, plus = x, minus = x, plus2 = x, minus2 = x
            for l in 0..<4 {
                let row = Swift.min(first + r + l, first + count - 1)
                let (ix, i1) = (row / k.nw1, row % k.nw1)
                (x[l], w1[l]) = (k.x[ix], k.w1[i1])
                (plus[l], minus[l]) = (setup.w1Plus[i1], setup.w1Minus[i1])
                (plus2[l], minus2[l]) = (setup.w1Plus2[i1], setup.w1Minus2[i1])
            }
            let z1 = x * w1
            let (a1, slope1) = SIMDExp.sigmoidAndSlope(z1, t)
            store(a1, k.a1 + r)
            store(SIMDExp.sigmoid(x * plus, t), k.a1Plus + r)
            store(SIMDExp.sigmoid(x * minus, t), k.a1Minus + r)
            store(SIMDExp.sigmoid(x * plus2, t), k.a1Plus2 + r)
            store(SIMDExp.sigmoid(x * minus2, t), k.a1Minus2 + r)
            store(slope1 * x, k.slopeX + r)
            let bound = magnitude(slope1) * (2 * magnitude(x) * magnitude(w1) + magnitude(z1)) + 2 * magnitude(a1)
            store(bound, k.rowBound + r)
            r += 4
        }
    }

    /// Every point of row `row` (`local` within the block): the row kernel
    /// (`gc_exam_chunk_triples`, `gc_exam_chunk_labels`) does the triples, labels, verdicts and
    /// histogram in C, and hands back the few groups of four points that may
    /// change the extremes or the worst list (or are not finite, or include
    /// padding), which are recorded here by ``ParameterSummary/record``. The
    /// kernel works with the thresholds of its last call, never higher than
    /// the current ones, so it may hand back more than necessary, never less.
    /// With a heatmap, the row's cell gets the largest relative error of the
    /// kernel's points (its `row_max`) and of the handed-back finite points.
    private static func evaluateRow(
        _ k: Kernel, _ row: Int, local r: Int, _ t1: inout LaneTally, _ t2: inout LaneTally,
        _ candidates: UnsafeMutablePointer<gc_exam_candidate>, capacity: Int,
        _ triples: UnsafeMutablePointer<gc_exam_triples>, _ claimWork: ClaimWork?, _ summary: inout SweepSummary
    ) {
        #if arch(x86_64)
        let (ix, i1) = (row / k.nw1, row % k.nw1)
        var input = gc_exam_row(
            a1: k.a1[r], a1_plus: k.a1Plus[r], a1_minus: k.a1Minus[r], slope_x: k.slopeX[r], row_bound: k.rowBound[r],
            half_gain1: k.w1HalfGain[i1], gain1: k.w1Gain[i1],
            a1_plus2: k.a1Plus2[r], a1_minus2: k.a1Minus2[r], half_gain1_2: k.w1HalfGain2[i1],
            w2: k.w2, w2_plus: k.w2Plus, w2_minus: k.w2Minus, w2_half_gain: k.w2HalfGain, w2_gain: k.w2Gain,
            w2_plus2: k.w2Plus2, w2_minus2: k.w2Minus2, w2_half_gain2: k.w2HalfGain2,
            columns: k.columns, valid_columns: k.nw2, y: k.y, labels: k.ny, table: k.table, edge_base: k.edgeBase,
            atol: k.atol, rtol: k.rtol, widening: k.widening, node_relative_error: k.nodeRelativeError,
            claim1: nil, claim2: nil)
        var j = 0
        var rowMax = ErrorHeatmap.empty
        while j < k.columns {
            var count = 0
            let chunk = gc_exam_chunk(&input, j, capacity)
            gc_exam_chunk_triples(&input, j, chunk, triples)
            if let work = claimWork {
                Self.evaluateClaims(work, triples, k, row: (x: k.x[ix], w1: k.w1[i1], a1: k.a1[r]), column: j, count: chunk)
                input.claim1 = work.values[0].map { UnsafePointer($0) }
                input.claim2 = work.values[1].map { UnsafePointer($0) }
            }
            j = k.heatmapXFirst == nil
                ? gc_exam_chunk_labels(&input, triples, j, chunk, &t1.state, &t2.state, candidates, &count, nil)
                : gc_exam_chunk_labels(&input, triples, j, chunk, &t1.state, &t2.state, candidates, &count, &rowMax)
            for c in UnsafeBufferPointer(start: candidates, count: count) {
                let first = ((ix * k.ny + c.label) * k.nw1 + i1) * k.nw2 + c.column
                let valid = Swift.min(4, k.nw2 - c.column)
                if k.heatmapXFirst != nil { rowMax = Swift.max(rowMax, heatmapMaximum(c, valid: valid)) }
                if c.parameter == 0 {
                    slowPath(k, c, first: first, valid: valid, &t1, &summary.parameters[0])
                } else {
                    slowPath(k, c, first: first, valid: valid, &t2, &summary.parameters[1])
                }
            }
        }
        if let xFirst = k.heatmapXFirst {
            if xFirst { summary.heatmap!.record(rowMax, at: ix, i1) } else { summary.heatmap!.record(rowMax, at: i1, ix) }
        }
        #else
        preconditionFailure("the exam network's kernel needs x86-64 (Setup returns nil elsewhere)")
        #endif
    }

    /// Each claim at the chunk's `count` columns from `column`, every label, from
    /// the kernel's row values and pass one's `a2` (``ChunkClaim``).
    private static func evaluateClaims(_ work: ClaimWork, _ triples: UnsafeMutablePointer<gc_exam_triples>, _ k: Kernel,
                                       row: (x: Double, w1: Double, a1: Double), column: Int, count: Int) {
        for i in 0..<count { work.z2[i] = row.a1 * k.w2[column + i] }
        let rowValues = ChunkClaim.Row(x: row.x, w1: row.w1, z1: row.x * row.w1, a1: row.a1)
        withUnsafePointer(to: &triples.pointee.a2) { a2Tuple in
            a2Tuple.withMemoryRebound(to: Double.self, capacity: Int(GC_EXAM_CHUNK)) { a2 in
                let columns = ChunkClaim.Columns(w2: k.w2 + column, z2: UnsafePointer(work.z2), a2: a2, count: count)
                for (claim, values) in zip(work.claims, work.values) {
                    guard let claim, let values else { continue }
                    for iy in 0..<k.ny {
                        claim.evaluate(row: rowValues, y: k.y[iy], columns: columns, into: values + iy * Int(GC_EXAM_CHUNK))
                    }
                }
            }
        }
    }

    /// The general path for `valid` points: ``ParameterSummary/record``, as the broadcast evaluator does.
    @inline(never)
    private static func slowPath(
        _ k: Kernel, _ c: gc_exam_candidate, first: Int, valid: Int, _ t: inout LaneTally, _ p: inout ParameterSummary
    ) {
        let tolerance = Tolerance(atol: k.atol, rtol: k.rtol, widening: k.widening)
        for l in 0..<valid {
            p.record(point: first + l, analytic: lane(c.analytic, l), estimate: lane(c.estimate, l),
                     errorEstimate: lane(c.error_estimate, l), tolerance: tolerance, worstCount: k.worst)
        }
        t.refresh(from: p, worst: k.worst)
    }
}

/// The largest relative error of the first `valid` points of `c` whose
/// analytic value and estimate are finite (``ErrorHeatmap/empty`` if none),
/// as ``BroadcastEvaluator/recordHeatmap(_:analytic:estimate:block:)`` records them.
private func heatmapMaximum(_ c: gc_exam_candidate, valid: Int) -> Double {
    var m = ErrorHeatmap.empty
    for l in 0..<valid {
        let (a, e) = (lane(c.analytic, l), lane(c.estimate, l))
        guard a.isFinite && e.isFinite else { continue }
        let r = PointError.relative(Swift.abs(a - e), e)
        if r > m { m = r }
    }
    return m
}

/// Lane `l` of a C `double[4]`.
@inline(__always) private func lane(_ v: (Double, Double, Double, Double), _ l: Int) -> Double {
    switch l {
    case 0: v.0
    case 1: v.1
    case 2: v.2
    default: v.3
    }
}
@inline(__always) private func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}
