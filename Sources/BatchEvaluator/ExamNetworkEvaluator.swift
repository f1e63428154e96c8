import AnalyticGradients
import FiniteDifferences
import GradientCheck
import NetworkModel

/// The exam network's evaluator: the same results as ``BroadcastEvaluator``
/// bit for bit, with the work laid out for the grid's structure.
///
/// For `q2.net` (`z1 = x w1`, `a1 = σ(z1)`, `z2 = a1 w2`, `a2 = σ(z2)`,
/// `L = ½(a2 - y)²`), central differences, no claims and no heatmap:
/// - per `(x, w1)` pair (a *row*): `a1`, `a1(w1 ± h)`: 3 exp;
/// - per `(x, w1, w2)` triple: `a2`, `a2` with `a1(w1 ± h)`, `a2` with
///   `w2 ± h`: 5 exp, shared by every label `y`;
/// - per point: the losses, both central differences, the reverse sweep and
///   the rounding-error bound (``RoundingErrorBound``), verdicts and statistics,
///   with no exp.
/// So a grid with two labels costs `3/(n_w2 · n_y) + 5/n_y ≈ 2.5` exp per point.
/// The triples are visited four `w2` values at a time in SIMD registers
/// (``SIMDExp``), with no allocation or dispatch per point. A block is a run
/// of rows with every `w2` and `y`; it stays in the caches.
///
/// Every operation is the one ``BroadcastEvaluator`` (and so ``ReverseMode``
/// and `Network.lossValue`) performs, in the same order, and ``SIMDExp`` is
/// glibc's `exp` bit for bit, so the two evaluators' summaries are identical.
final class ExamNetworkEvaluator: BlockEvaluator {
    /// Everything fixed for the sweep: axes, steps, and the block layout.
    struct Setup: Sendable {
        let nx, ny, nw1, nw2: Int
        let x, y, w1: [Double]
        let w1Plus, w1Minus, w1Step, w1Gain: [Double]
        /// `w2` columns padded to a multiple of 4 with copies of the last value.
        let paddedColumns: Int
        let w2, w2Plus, w2Minus, w2Step, w2Gain: [Double]
        let rowsPerBlock: Int
        let blockCount: Int
        let tolerance: Tolerance
        let worst: Int

        /// `nil` unless the network is the exam's (with its nodes in file order), the
        /// domain a grid, the method central differences, with no claims and no heatmap.
        init?(network: Network, domain: SweepDomain, settings: SweepSettings) {
            guard settings.method == .central, settings.claims.isEmpty, settings.heatmap == nil,
                  domain.kind == .grid, ClosedForm.q2.matches(network),
                  network.variables == ["x", "y", "w1", "w2"],
                  network.nodes.map(\.name) == ["z1", "a1", "z2", "a2", "Loss"], network.loss == "Loss"
            else { return nil }
            let v = domain.variableValues
            (x, y, w1) = (v[0], v[1], v[2])
            (nx, ny, nw1, nw2) = (v[0].count, v[1].count, v[2].count, v[3].count)
            func steps(_ w: [Double]) -> (plus: [Double], minus: [Double], step: [Double], gain: [Double]) {
                let h = w.map { StepSize.secondOrder * Swift.max(1, Swift.abs($0)) }
                let plus = zip(w, h).map { $0 + $1 }, minus = zip(w, h).map { $0 - $1 }
                return (plus, minus, zip(plus, minus).map { $0 - $1 }, zip(plus, minus).map { 2 / ($0 - $1) })
            }
            (w1Plus, w1Minus, w1Step, w1Gain) = steps(v[2])
            paddedColumns = (nw2 + 3) / 4 * 4
            let w2Values = v[3] + Array(repeating: v[3][nw2 - 1], count: paddedColumns - nw2)
            w2 = w2Values
            (w2Plus, w2Minus, w2Step, w2Gain) = steps(w2Values)
            rowsPerBlock = Swift.max(1, settings.blockPoints / (nw2 * ny))
            blockCount = (nx * nw1 + rowsPerBlock - 1) / rowsPerBlock
            tolerance = settings.tolerance
            worst = settings.worst
        }
    }

    let setup: Setup
    var blockCount: Int { setup.blockCount }

    /// Per-row values of the current block (`slope1` is σ'(z1) = σ(z1) σ(-z1)) (capacity: rows per block, padded to 4).
    private let rowA1, rowA1Plus, rowA1Minus, rowSlope1, rowZ1, rowZ1Plus, rowZ1Minus: UnsafeMutablePointer<Double>
    private let rowCapacity: Int
    private let table = SIMDExp.tablePointer
    private let binadeBase: UnsafeMutablePointer<UInt8>
    private let binadeEdge: UnsafeMutablePointer<Double>

    init(_ setup: Setup) {
        self.setup = setup
        tolerance = setup.tolerance
        worst = setup.worst
        let capacity = (setup.rowsPerBlock + 3) / 4 * 4
        rowCapacity = capacity
        func buffer() -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
            p.initialize(repeating: 0, count: capacity)
            return p
        }
        (rowA1, rowA1Plus, rowA1Minus, rowSlope1) = (buffer(), buffer(), buffer(), buffer())
        (rowZ1, rowZ1Plus, rowZ1Minus) = (buffer(), buffer(), buffer())
        binadeBase = .allocate(capacity: 2048)
        binadeBase.initialize(from: ErrorHistogram.binadeBase, count: 2048)
        binadeEdge = .allocate(capacity: 2048)
        binadeEdge.initialize(from: ErrorHistogram.binadeEdge, count: 2048)
    }

    deinit {
        for p in [rowA1, rowA1Plus, rowA1Minus, rowSlope1, rowZ1, rowZ1Plus, rowZ1Minus] { p.deallocate() }
        binadeBase.deallocate()
        binadeEdge.deallocate()
    }

    /// Statistics of one parameter gathered in registers and a small array,
    /// added to the summary at the end of each block.
    final class Tally {
        var agree = SIMD4<Int64>(repeating: 0)
        var inconclusive = SIMD4<Int64>(repeating: 0)
        var mismatch = SIMD4<Int64>(repeating: 0)
        let histogram: UnsafeMutablePointer<Int>
        let bins = ErrorHistogram.edges.count + 1
        /// Below these, a point cannot change the extremes or the worst list.
        var absoluteThreshold = -Double.infinity
        var relativeThreshold = -Double.infinity

        init() {
            histogram = .allocate(capacity: bins)
            histogram.initialize(repeating: 0, count: bins)
        }
        deinit { histogram.deallocate() }

        /// Adds the counts to `p` and starts again from zero.
        func flush(into p: inout ParameterSummary) {
            p.agree += Int(agree.wrappedSum())
            p.inconclusive += Int(inconclusive.wrappedSum())
            p.mismatch += Int(mismatch.wrappedSum())
            for i in 0..<bins { p.histogram.counts[i] += histogram[i] }
            agree = .zero
            inconclusive = .zero
            mismatch = .zero
            histogram.update(repeating: 0, count: bins)
        }
    }

    private let tallies = (Tally(), Tally())
    private let tolerance: Tolerance
    private let worst: Int

    func evaluate(block k: Int, into summary: inout SweepSummary) {
        let s = setup
        let firstRow = k * s.rowsPerBlock
        let rows = Swift.min(s.rowsPerBlock, s.nx * s.nw1 - firstRow)
        computeRows(first: firstRow, count: rows)
        refreshThresholds(tallies.0, summary.parameters[0])
        refreshThresholds(tallies.1, summary.parameters[1])
        s.w2.withUnsafeBufferPointer { w2 in
        s.w2Plus.withUnsafeBufferPointer { w2Plus in
        s.w2Minus.withUnsafeBufferPointer { w2Minus in
        s.w2Step.withUnsafeBufferPointer { w2Step in
        s.w2Gain.withUnsafeBufferPointer { w2Gain in
            let columns = Columns(w2: w2.baseAddress!, plus: w2Plus.baseAddress!, minus: w2Minus.baseAddress!,
                                  step: w2Step.baseAddress!, gain: w2Gain.baseAddress!)
            for r in 0..<rows {
                evaluateRow(firstRow + r, local: r, columns, &summary)
            }
        }}}}}
        tallies.0.flush(into: &summary.parameters[0])
        tallies.1.flush(into: &summary.parameters[1])
        summary.pointsEvaluated += rows * s.nw2 * s.ny
    }

    struct Columns {
        let w2, plus, minus, step, gain: UnsafePointer<Double>
    }

    /// `a1`, `a1(w1 ± h)` and `σ'(z1)` for `count` rows from `first`, four rows at a time.
    private func computeRows(first: Int, count: Int) {
        let s = setup
        for r in 0..<((count + 3) / 4 * 4) {
            let row = Swift.min(first + r, first + count - 1)
            let (ix, i1) = (row / s.nw1, row % s.nw1)
            rowZ1[r] = s.x[ix] * s.w1[i1]
            rowZ1Plus[r] = s.x[ix] * s.w1Plus[i1]
            rowZ1Minus[r] = s.x[ix] * s.w1Minus[i1]
        }
        var r = 0
        while r < count {
            let (a1, slope1) = SIMDExp.sigmoidAndSlope(load(rowZ1 + r), table)
            store(a1, rowA1 + r)
            store(SIMDExp.sigmoid(load(rowZ1Plus + r), table), rowA1Plus + r)
            store(SIMDExp.sigmoid(load(rowZ1Minus + r), table), rowA1Minus + r)
            store(slope1, rowSlope1 + r)
            r += 4
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

    @inline(__always) private static func magnitude(_ v: SIMD4<Double>) -> SIMD4<Double> {
        unsafeBitCast(unsafeBitCast(v, to: SIMD4<UInt64>.self) & 0x7fff_ffff_ffff_ffff, to: SIMD4<Double>.self)
    }

    private func evaluateRow(_ row: Int, local r: Int, _ c: Columns, _ summary: inout SweepSummary) {
        let nw1 = setup.nw1, nw2 = setup.nw2, ny = setup.ny, columns = setup.paddedColumns
        let (ix, i1) = (row / nw1, row % nw1)
        let x = setup.x[ix], w1 = setup.w1[i1]
        let a1 = rowA1[r], a1Plus = rowA1Plus[r], a1Minus = rowA1Minus[r], slope1 = rowSlope1[r], z1 = rowZ1[r]
        let step1 = setup.w1Step[i1], gain1 = setup.w1Gain[i1]
        let (t1, t2) = tallies
        let absX = Swift.abs(x), absW1 = Swift.abs(w1), absZ1 = Swift.abs(z1), absA1 = Swift.abs(a1)
        let K = RoundingErrorBound.nodeRelativeError
        var j = 0
        while j < columns {
            let w2 = load(c.w2 + j)
            let z2 = a1 * w2
            let (a2, slope2) = SIMDExp.sigmoidAndSlope(z2, table)
            let a2w1Plus = SIMDExp.sigmoid(a1Plus * w2, table)
            let a2w1Minus = SIMDExp.sigmoid(a1Minus * w2, table)
            let a2w2Plus = SIMDExp.sigmoid(a1 * load(c.plus + j), table)
            let a2w2Minus = SIMDExp.sigmoid(a1 * load(c.minus + j), table)
            let step2 = load(c.step + j), gain2 = load(c.gain + j)
            let absW2 = Self.magnitude(w2), absZ2 = Self.magnitude(z2), absA2 = Self.magnitude(a2)
            let valid = Swift.min(4, nw2 - j)
            for iy in 0..<ny {
                let y = setup.y[iy]
                let d = a2 - y
                let loss = 0.5 * (d * d)
                let dp1 = a2w1Plus - y, dm1 = a2w1Minus - y, dp2 = a2w2Plus - y, dm2 = a2w2Minus - y
                let fd1 = (0.5 * (dp1 * dp1) - 0.5 * (dm1 * dm1)) / step1
                let fd2 = (0.5 * (dp2 * dp2) - 0.5 * (dm2 * dm2)) / step2
                // Reverse sweep, in ReverseMode's order.
                let adjZ2 = d * slope2
                let adjA1 = adjZ2 * w2
                let g2 = adjZ2 * a1
                let adjZ1 = adjA1 * slope1
                let g1 = adjZ1 * x
                let adjX = adjZ1 * w1
                let absD = Self.magnitude(d)
                // Σ |∂L/∂v| |v| over the slots x, y, w1, w2, z1, a1, z2, a2, Loss, in that order.
                var sum = Self.magnitude(adjX) * absX
                sum += absD * Swift.abs(y)
                sum += Self.magnitude(g1) * absW1
                sum += Self.magnitude(g2) * absW2
                sum += Self.magnitude(adjZ1) * absZ1
                sum += Self.magnitude(adjA1) * absA1
                sum += Self.magnitude(adjZ2) * absZ2
                sum += absD * absA2
                sum += Self.magnitude(loss)
                let lossError = sum * K
                let first = ((ix * ny + iy) * nw1 + i1) * nw2 + j
                let e1 = lossError * gain1, e2 = lossError * gain2
                if !tally(g1, fd1, e1, valid: valid, t1) {
                    slowPath(g1, fd1, e1, first: first, valid: valid, t1, &summary.parameters[0])
                }
                if !tally(g2, fd2, e2, valid: valid, t2) {
                    slowPath(g2, fd2, e2, first: first, valid: valid, t2, &summary.parameters[1])
                }
            }
            j += 4
        }
    }

    /// Verdicts and statistics for four points. Returns false, having changed
    /// nothing, when the points need ``slowPath(_:_:_:first:valid:_:_:)``: the
    /// grid's last columns, a non-finite value, or a point that may enter the
    /// extremes or the worst list.
    @inline(__always)
    private func tally(
        _ analytic: SIMD4<Double>, _ estimate: SIMD4<Double>, _ errorEstimate: SIMD4<Double>, valid: Int, _ t: Tally
    ) -> Bool {
        let difference = Self.magnitude(analytic - estimate)
        guard valid == 4, all(difference .< .infinity) else { return false }
        let absEstimate = Self.magnitude(estimate)
        let relative = (difference / absEstimate).replacing(with: 0, where: difference .== 0)
        if any(difference .>= t.absoluteThreshold) || any(relative .>= t.relativeThreshold) { return false }
        let base = tolerance.atol + tolerance.rtol * absEstimate
        let allowance = base + tolerance.widening * errorEstimate
        let agree = difference .<= base
        let within = difference .<= allowance
        let one = SIMD4<Int64>(repeating: 1), zero = SIMD4<Int64>(repeating: 0)
        t.agree &+= zero.replacing(with: one, where: agree)
        t.inconclusive &+= zero.replacing(with: one, where: within .& .!agree)
        t.mismatch &+= zero.replacing(with: one, where: .!within)
        let bits = unsafeBitCast(relative, to: SIMD4<UInt64>.self) &>> 52
        for l in 0..<4 {
            let e = Int(bits[l])
            t.histogram[Int(binadeBase[e]) + (relative[l] >= binadeEdge[e] ? 1 : 0)] += 1
        }
        return true
    }

    /// The general path for `valid` points: ``ParameterSummary/record``, as the broadcast evaluator does.
    private func slowPath(
        _ analytic: SIMD4<Double>, _ estimate: SIMD4<Double>, _ errorEstimate: SIMD4<Double>,
        first: Int, valid: Int, _ t: Tally, _ p: inout ParameterSummary
    ) {
        for l in 0..<valid {
            p.record(point: first + l, analytic: analytic[l], estimate: estimate[l], errorEstimate: errorEstimate[l],
                     tolerance: tolerance, worstCount: worst)
        }
        refreshThresholds(t, p)
    }

    private func refreshThresholds(_ t: Tally, _ p: ParameterSummary) {
        t.absoluteThreshold = p.maxAbsoluteError?.value ?? -.infinity
        t.relativeThreshold = p.relativeErrorThreshold(worstCount: worst)
    }
}
