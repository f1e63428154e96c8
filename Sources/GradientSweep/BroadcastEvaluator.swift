import AnalyticGradients
import CBLAS
import Foundation
import FiniteDifferences
import GradientCheck
import NetworkModel
import _SIMDShims

/// Evaluates any network over any domain, block by block, by broadcasting:
/// each node is computed once per block over just the dimensions it depends
/// on (`a1` once per `(x, w1)` pair), and broadcast when an operation
/// combines it with values over other dimensions. The same holds inside a
/// node's expression: every operation runs over the union of its operands'
/// dimensions (`log(a2)` in a loss over `(x, w1, w2)`, not over the labels
/// too), and operands are broadcast into each other as they are read
/// (``BlockShape/combine(_:_:_:_:_:)``), never copied out expanded. `exp`
/// and `sigmoid` run four lanes at a time (``ElementwiseFunction``).
///
/// Per block it runs, as tensor operations:
/// 1. the forward pass over every node;
/// 2. the reverse sweep (the adjoints `∂L/∂v` of every slot over the block's
///    points), in exactly ``ReverseMode``'s order of operations, so the
///    analytic gradient equals ReverseMode's bit for bit;
/// 3. the rounding-error bound `e_L` (``RoundingErrorBound``) from the adjoints;
/// 4. per parameter, the finite-difference stencil, recomputing only that
///    parameter's descendants, with kink detection (`relu`, `abs`), and its
///    estimate and error estimate by ``StencilErrorModel`` (the model `check`
///    uses on a network): rounding from `e_L` plus truncation (central
///    differences also at `2h`);
/// 5. the verdict and summary of every point.
///
/// A product of two operands over disjoint dimensions, all of the first's
/// before all of the second's, is an outer product and is done by OpenBLAS
/// (`cblas_dgemm` with inner dimension 1, equal to the elementwise products
/// bit for bit except that a product of zeros is +0).
/// Methods without a stencil here (forward, backward, Richardson, complex
/// step) are evaluated point by point with the `FiniteDifferences` module.
///
/// Central and five-point sweeps run on the compiled program
/// (``ProgramEvaluator``), which gives this evaluator's summaries bit for
/// bit; this one stays as the reference it is tested against
/// (`--evaluator broadcast`) and for the other methods.
final class BroadcastEvaluator: BlockEvaluator {
    let network: Network
    let domain: SweepDomain
    let plan: BlockPlan
    let settings: SweepSettings
    /// Per slot, the set of dimensions it depends on (bit mask).
    let slotSets: [UInt64]
    let fullSet: UInt64
    /// Per parameter, the indices of the nodes that depend on it, in order.
    let descendants: [[Int]]
    /// Per parameter, the claimed formula, if any, and the dimensions it depends on.
    let claims: [(CompiledExpression, UInt64)?]

    var blockCount: Int { plan.blockCount }

    /// Every block allocates and frees tensors of up to `blockPoints` doubles
    /// (256 KiB by default). glibc serves those with `mmap` and returns them
    /// (or trims the heap) on `free`, so each new tensor paid page faults and
    /// the kernel's zeroing of its pages (9% of a relu sweep's time under
    /// `perf`). Raising both thresholds to 64 MiB keeps freed buffers in the
    /// heap for reuse; memory still does not grow with the grid, only with
    /// the block size and the number of threads. Set once per process.
    static let keepFreedBuffers: Void = gc_keep_freed_buffers(64 << 20)

    init(network: Network, domain: SweepDomain, settings: SweepSettings) {
        _ = Self.keepFreedBuffers
        self.network = network
        self.domain = domain
        self.settings = settings
        plan = BlockPlan(sizes: domain.dimensionSizes, maximumPoints: settings.blockPoints)
        var sets = [UInt64](repeating: 0, count: network.slotCount)
        for v in 0..<network.variableCount where domain.dimensionSizes[domain.variableDimension[v]] > 0 {
            sets[v] = 1 << UInt64(domain.variableDimension[v])
        }
        for (k, node) in network.nodes.enumerated() {
            sets[network.variableCount + k] = node.compiled.slots.reduce(0) { $0 | sets[$1] }
        }
        slotSets = sets
        fullSet = domain.dimensionSizes.indices.reduce(0) { $0 | (1 << UInt64($1)) }
        descendants = network.parameterSlots.map { p in
            network.nodes.indices.filter { network.depends(network.variableCount + $0, on: p) }
        }
        claims = network.parameters.map { p in
            settings.claims.first { $0.parameter == p }.map { c in (c.compiled, c.compiled.slots.reduce(0) { $0 | sets[$1] }) }
        }
    }

    func evaluate(block k: Int, into summary: inout SweepSummary) {
        let block = plan.block(k)
        let shape = BlockShape(length: block.length)
        let n = block.pointCount
        let offset = network.variableCount
        let lossSlot = network.lossSlot
        var values = [[Double]](repeating: [], count: network.slotCount)
        for v in 0..<network.variableCount {
            let d = domain.variableDimension[v]
            values[v] = Array(domain.variableValues[v][block.lower[d]..<(block.lower[d] + block.length[d])])
        }
        var baseKinks = [[[Double]]](repeating: [], count: network.nodes.count)
        for (j, node) in network.nodes.enumerated() {
            values[offset + j] = evaluate(node.compiled, over: slotSets[offset + j], values, shape, &baseKinks[j])
        }
        let loss = shape.expand(values[lossSlot], from: slotSets[lossSlot], to: fullSet)

        // Reverse sweep, as ReverseMode.adjoints: a node whose adjoint is 0 at a point passes nothing on there.
        var adjoint = [[Double]?](repeating: nil, count: network.slotCount)
        adjoint[lossSlot] = [Double](repeating: 1, count: n)
        for j in network.nodes.indices.reversed() {
            let slot = offset + j
            guard slot <= lossSlot, let seed = adjoint[slot] else { continue }
            let mask = seed.map { $0 != 0 }
            guard mask.contains(true) else { continue }
            backpropagate(network.nodes[j].compiled, seed, mask, slotSets[slot], values, shape, &adjoint)
        }

        // e_L = K eps Σ |∂L/∂v| |v|
        var lossError = [Double](repeating: 0, count: n)
        for s in 0..<network.slotCount {
            guard let a = adjoint[s] else { continue }
            let term = shape.combine(a, fullSet, values[s], slotSets[s]) { Swift.abs($0) * Swift.abs($1) }
            for i in 0..<n { lossError[i] += term[i] }
        }
        for i in 0..<n { lossError[i] *= RoundingErrorBound.nodeRelativeError }

        for (pi, p) in network.parameterSlots.enumerated() {
            let analytic: [Double]
            if let (claim, set) = claims[pi] {
                var ignored: [[Double]] = []
                analytic = shape.expand(evaluate(claim, over: set, values, shape, &ignored), from: set, to: fullSet)
            } else {
                analytic = adjoint[p] ?? [Double](repeating: 0, count: n)
            }
            let estimate = estimateDerivative(parameter: pi, slot: p, block: block, shape: shape, values: values,
                                              baseKinks: baseKinks, loss: loss, lossError: lossError)
            record(analytic: analytic, estimate, parameter: pi, firstPoint: block.firstPoint, into: &summary)
            if summary.heatmap != nil {
                recordHeatmap(&summary.heatmap!, analytic: analytic, estimate: estimate.value, block: block)
            }
        }
        summary.pointsEvaluated += n
    }

    /// Records every point of the block for parameter `pi`: one exclusive
    /// access to the summaries per block, not one per point, and the kink
    /// test only where the stencil straddled one somewhere in the block.
    func record(analytic: [Double], _ estimate: Estimate, parameter pi: Int, firstPoint: Int, into summary: inout SweepSummary) {
        let tolerance = settings.tolerance, worst = settings.worst
        summary.parameters.withUnsafeMutableBufferPointer { parameters in
            analytic.withUnsafeBufferPointer { analytic in
                estimate.value.withUnsafeBufferPointer { value in
                    estimate.error.withUnsafeBufferPointer { error in
                        if let straddle = estimate.straddle {
                            for i in 0..<analytic.count {
                                let kink = straddle[i] ? (estimate.left[i], estimate.right[i]) : nil
                                parameters[pi].record(point: firstPoint + i, analytic: analytic[i], estimate: value[i],
                                                      errorEstimate: error[i], tolerance: tolerance, worstCount: worst, kink: kink)
                            }
                        } else {
                            for i in 0..<analytic.count {
                                parameters[pi].record(point: firstPoint + i, analytic: analytic[i], estimate: value[i],
                                                      errorEstimate: error[i], tolerance: tolerance, worstCount: worst)
                            }
                        }
                    }
                }
            }
        }
    }

    func recordHeatmap(_ heatmap: inout ErrorHeatmap, analytic: [Double], estimate: [Double], block: BlockPlan.Block) {
        let strides = BlockShape(length: block.length).strides(fullSet)
        let a = heatmap.dimensions[0], b = heatmap.dimensions[1]
        for i in analytic.indices where analytic[i].isFinite && estimate[i].isFinite {
            let r = PointError.relative(Swift.abs(analytic[i] - estimate[i]), estimate[i])
            let ia = block.lower[a] + (i / strides[a]) % block.length[a]
            let ib = block.lower[b] + (i / strides[b]) % block.length[b]
            heatmap.record(r, at: ia, ib)
        }
    }

    struct Estimate {
        var value: [Double]
        var error: [Double]
        var straddle: [Bool]?
        var left: [Double] = []
        var right: [Double] = []
    }

    /// The finite-difference estimate of `∂L/∂(parameter)` at every point of the block.
    func estimateDerivative(
        parameter pi: Int, slot p: Int, block: BlockPlan.Block, shape: BlockShape, values: [[Double]],
        baseKinks: [[[Double]]], loss: [Double], lossError: [Double]
    ) -> Estimate {
        let n = block.pointCount
        let w = values[p], set = slotSets[p]
        func expand(_ t: [Double]) -> [Double] { shape.expand(t, from: set, to: fullSet) }
        switch settings.method {
        case .central:
            let h = w.map { StepSize.step(for: .central, at: $0) }  // the step `gradcheck check` takes
            let wp = elementwise(w, h) { $0 + $1 }, wm = elementwise(w, h) { $0 - $1 }
            let (lp, sp) = perturbedLoss(parameter: pi, slot: p, to: wp, values, baseKinks, shape)
            let (lm, sm) = perturbedLoss(parameter: pi, slot: p, to: wm, values, baseKinks, shape)
            // D(2h), for the truncation error (StencilErrorModel).
            let wp2 = elementwise(w, h) { $0 + 2 * $1 }, wm2 = elementwise(w, h) { $0 - 2 * $1 }
            let lp2 = perturbedLoss(parameter: pi, slot: p, to: wp2, values, baseKinks, shape).0
            let lm2 = perturbedLoss(parameter: pi, slot: p, to: wm2, values, baseKinks, shape).0
            let (pp, pm, pp2, pm2) = (expand(wp), expand(wm), expand(wp2), expand(wm2))
            var value = [Double](repeating: 0, count: n), error = value
            for i in 0..<n {
                let d = StencilErrorModel.central(plus: lp[i], minus: lm[i], widePlus: lp2[i], wideMinus: lm2[i],
                                                  points: pp[i], pm[i], pp2[i], pm2[i], lossError: lossError[i])
                (value[i], error[i]) = (d.value, d.error)
            }
            var e = Estimate(value: value, error: error, straddle: nil)
            if let straddle = union(sp, sm) {
                let at = expand(w)
                e.straddle = straddle
                (e.left, e.right) = ([Double](repeating: 0, count: n), [Double](repeating: 0, count: n))
                for i in 0..<n {
                    (e.left[i], e.right[i]) = StencilErrorModel.centralSlopes(
                        loss: loss[i], plus: lp[i], minus: lm[i], points: at[i], pp[i], pm[i])
                }
            }
            return e
        case .fivePoint:
            let hr = w.map { StepSize.step(for: .fivePoint, at: $0) }
            var losses: [[Double]] = []
            var straddle: [Bool]?
            for k in [1.0, -1.0, 2.0, -2.0] {
                let (l, s) = perturbedLoss(parameter: pi, slot: p, to: elementwise(w, hr) { $0 + k * $1 }, values, baseKinks, shape)
                losses.append(l)
                straddle = union(straddle, s)
            }
            let step = expand(hr)
            let (l1, m1, l2, m2) = (losses[0], losses[1], losses[2], losses[3])
            // ±4h, for D(4h): is the stencil in the asymptotic regime (StencilErrorModel)?
            let l4 = perturbedLoss(parameter: pi, slot: p, to: elementwise(w, hr) { $0 + 4 * $1 }, values, baseKinks, shape).0
            let m4 = perturbedLoss(parameter: pi, slot: p, to: elementwise(w, hr) { $0 - 4 * $1 }, values, baseKinks, shape).0
            var value = [Double](repeating: 0, count: n), error = value
            for i in 0..<n {
                let d = StencilErrorModel.fivePoint(loss: loss[i], plus: (l1[i], l2[i], l4[i]), minus: (m1[i], m2[i], m4[i]),
                                                    step: step[i], lossError: lossError[i])
                (value[i], error[i]) = (d.value, d.error)
            }
            var e = Estimate(value: value, error: error, straddle: nil)
            if let straddle {
                e.straddle = straddle
                (e.left, e.right) = ([Double](repeating: 0, count: n), [Double](repeating: 0, count: n))
                for i in 0..<n {
                    (e.left[i], e.right[i]) = StencilErrorModel.fivePointSlopes(loss: loss[i], plus: l1[i], minus: m1[i], step: step[i])
                }
            }
            return e
        default:
            return pointwiseEstimate(parameter: pi, block: block)
        }
    }

    /// Methods without a broadcast stencil: one point at a time through
    /// `KinkAwareEstimator`, as `gradcheck check` does: the loss's noise floor,
    /// an error estimate with a doubt counted as infinite (never a mismatch),
    /// relu/abs kinks judged by their one-sided slopes.
    func pointwiseEstimate(parameter pi: Int, block: BlockPlan.Block) -> Estimate {
        let name = network.parameters[pi], n = block.pointCount
        var e = Estimate(value: .init(repeating: .nan, count: n), error: .init(repeating: .infinity, count: n),
                         straddle: .init(repeating: false, count: n), left: .init(repeating: 0, count: n), right: .init(repeating: 0, count: n))
        func bound(_ d: DerivativeEstimate) -> Double { d.isReliable ? d.errorEstimate : .infinity }
        for i in 0..<n {
            let f = LossFunction(network, variable: name, at: domain.variableValues(at: block.firstPoint + i))!
            switch KinkAwareEstimator.estimate(settings.method, f) {
            case .smooth(let d), .oneSided(let d, _): (e.value[i], e.error[i]) = (d.value, bound(d))
            case .kink(let l, let r):
                (e.straddle![i], e.left[i], e.right[i]) = (true, l.value, r.value)
                (e.value[i], e.error[i]) = ((l.value + r.value) / 2, Swift.max(bound(l), bound(r)))
            case .straddle(let d, let l, let r):  // not from KinkAwareEstimator; as the stencil evaluators record it
                (e.straddle![i], e.left[i], e.right[i]) = (true, l, r)
                (e.value[i], e.error[i]) = (d.value, d.errorEstimate)
            case .unavailable: break  // NaN: inconclusive
            }
        }
        return e
    }

    func union(_ a: [Bool]?, _ b: [Bool]?) -> [Bool]? {
        guard let a else { return b }
        guard let b else { return a }
        return elementwise(a, b) { $0 || $1 }
    }

    /// The loss over the block with parameter slot `p` set to `w` (over the
    /// parameter's dimension), recomputing only its descendants; and, where a
    /// `relu`/`abs` argument changed sign or is 0, a mask of those points.
    func perturbedLoss(
        parameter pi: Int, slot p: Int, to w: [Double], _ base: [[Double]], _ baseKinks: [[[Double]]], _ shape: BlockShape
    ) -> ([Double], [Bool]?) {
        var values = base
        values[p] = w
        var straddle: [Bool]?
        let offset = network.variableCount
        for j in descendants[pi] {
            var kinks: [[Double]] = []
            let set = slotSets[offset + j]
            values[offset + j] = evaluate(network.nodes[j].compiled, over: set, values, shape, &kinks)
            for (b, q) in zip(baseKinks[j], kinks) {
                let changed = elementwise(b, q) { b, q in b == 0 || q == 0 || (b > 0) != (q > 0) }
                guard changed.contains(true) else { continue }
                let full = shape.expand(changed.map { $0 ? 1.0 : 0.0 }, from: set, to: fullSet).map { $0 != 0 }
                straddle = union(straddle, full)
            }
        }
        let l = network.lossSlot
        return (shape.expand(values[l], from: slotSets[l], to: fullSet), straddle)
    }

    // MARK: Tensor evaluation

    /// `e` over the dimensions `set` (a superset of every operand's), appending
    /// each `relu`/`abs` argument (over `set`) to `kinks` in evaluation order.
    func evaluate(
        _ e: CompiledExpression, over set: UInt64, _ values: [[Double]], _ shape: BlockShape, _ kinks: inout [[Double]]
    ) -> [Double] {
        let (t, s) = tensor(e, set, values, shape, &kinks)
        return shape.expand(t, from: s, to: set)
    }

    /// `e` over just the dimensions its slots depend on (returned with the
    /// tensor): every operation runs once per combination of its operands'
    /// dimensions, broadcasting them into each other (``BlockShape/combine``)
    /// only where they differ. Kink arguments are appended over `set`.
    func tensor(
        _ e: CompiledExpression, _ set: UInt64, _ values: [[Double]], _ shape: BlockShape, _ kinks: inout [[Double]]
    ) -> ([Double], UInt64) {
        func sub(_ x: CompiledExpression) -> ([Double], UInt64) { tensor(x, set, values, shape, &kinks) }
        switch e {
        case .constant(let c): return ([c], 0)
        case .slot(let s): return (values[s], slotSets[s])
        case .negate(let a):
            let (v, s) = sub(a)
            return (v.map { -$0 }, s)
        case .add(let a, let b):
            let (x, sx) = sub(a), (y, sy) = sub(b)
            return (shape.combine(x, sx, y, sy) { $0 + $1 }, sx | sy)
        case .subtract(let a, let b):
            let (x, sx) = sub(a), (y, sy) = sub(b)
            return (shape.combine(x, sx, y, sy) { $0 - $1 }, sx | sy)
        case .multiply(let a, let b):
            if let product = outerProduct(a, b, values, shape) { return product }
            let (x, sx) = sub(a), (y, sy) = sub(b)
            return (shape.combine(x, sx, y, sy) { $0 * $1 }, sx | sy)
        case .divide(let a, let b):
            let (x, sx) = sub(a), (y, sy) = sub(b)
            return (shape.combine(x, sx, y, sy) { $0 / $1 }, sx | sy)
        case .integerPower(let a, let k):
            let (v, s) = sub(a)
            // For k = 2 the products are 1·(x·x) = x·x exactly: a loop the optimiser vectorises.
            return (k == 2 ? v.map { $0 * $0 } : v.map { Self.integerPower($0, k) }, s)
        case .power(let a, let b):
            let (x, sx) = sub(a), (y, sy) = sub(b)
            return (shape.combine(x, sx, y, sy) { Double.power($0, $1) }, sx | sy)
        case .call(let f, let a):
            let (v, s) = sub(a)
            if f.hasKink { kinks.append(shape.expand(v, from: s, to: set)) }
            return (ElementwiseFunction.apply(f, to: v), s)
        }
    }

    /// `x ^ n` as `GraphScalar.integerPower` computes it (the same products in
    /// the same order, so bit for bit equal), specialised to `Double` so that a
    /// tensor operation does not pay a generic call per element.
    @inline(__always)
    static func integerPower(_ x: Double, _ n: Int) -> Double {
        var result = 1.0, base = x, k = Swift.abs(n)
        while k > 0 {
            if k & 1 == 1 { result = result * base }
            k >>= 1
            if k > 0 { base = base * base }
        }
        return n < 0 ? 1 / result : result
    }

    /// `a * b` by OpenBLAS when both are slots over disjoint, non-empty sets of
    /// dimensions, all of `a`'s (or all of `b`'s) before the other's: the outer
    /// product of two vectors, a rank-1 matrix over the union of their dimensions.
    func outerProduct(
        _ a: CompiledExpression, _ b: CompiledExpression, _ values: [[Double]], _ shape: BlockShape
    ) -> ([Double], UInt64)? {
        guard case .slot(let sa) = a, case .slot(let sb) = b else { return nil }
        var (rows, columns) = (sa, sb)
        let ra = slotSets[sa], rb = slotSets[sb]
        guard ra != 0, rb != 0, ra & rb == 0 else { return nil }
        if ra.trailingZeroBitCount > (63 - rb.leadingZeroBitCount) {
            (rows, columns) = (sb, sa)
        } else if (63 - ra.leadingZeroBitCount) > rb.trailingZeroBitCount {
            return nil  // interleaved dimensions: not a matrix layout
        }
        let x = values[rows], y = values[columns]
        let m = x.count, n = y.count
        guard m > 1, n > 1 else { return nil }
        return ([Double](unsafeUninitializedCapacity: m * n) { out, initialized in
            // C (m×n) = x (m×1) · y (1×n), row-major; beta = 0, so C need not be cleared.
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), 1,
                        1, x, 1, y, Int32(n), 0, out.baseAddress, Int32(n))
            initialized = m * n
        }, ra | rb)
    }

    /// Adds `seed · ∂e/∂slot` to each slot's adjoint at the points where `mask` holds,
    /// in ReverseMode's order. `seed` is over the full block; `set` is the node's dimensions.
    func backpropagate(
        _ e: CompiledExpression, _ seed: [Double], _ mask: [Bool], _ set: UInt64, _ values: [[Double]],
        _ shape: BlockShape, _ adjoint: inout [[Double]?]
    ) {
        var ignored: [[Double]] = []
        func full(_ x: CompiledExpression) -> [Double] {
            shape.expand(evaluate(x, over: set, values, shape, &ignored), from: set, to: fullSet)
        }
        func pass(_ x: CompiledExpression, _ s: [Double]) { backpropagate(x, s, mask, set, values, shape, &adjoint) }
        switch e {
        case .constant: return
        case .slot(let s):
            // Taken out of the list first, so that adding to it does not copy it.
            var a = adjoint[s] ?? [Double](repeating: 0, count: seed.count)
            adjoint[s] = nil
            a.withUnsafeMutableBufferPointer { a in
                for i in 0..<a.count { a[i] = mask[i] ? a[i] + seed[i] : a[i] }
            }
            adjoint[s] = a
        case .negate(let a): pass(a, seed.map { -$0 })
        case .add(let a, let b):
            pass(a, seed)
            pass(b, seed)
        case .subtract(let a, let b):
            pass(a, seed)
            pass(b, seed.map { -$0 })
        case .multiply(let a, let b):
            let (va, sa) = tensor(a, set, values, shape, &ignored), (vb, sb) = tensor(b, set, values, shape, &ignored)
            if !a.slots.isEmpty { pass(a, shape.combine(seed, fullSet, vb, sb) { $0 * $1 }) }
            if !b.slots.isEmpty { pass(b, shape.combine(seed, fullSet, va, sa) { $0 * $1 }) }
        case .divide(let a, let b):
            let va = full(a), vb = full(b)
            pass(a, elementwise(seed, vb) { $0 / $1 })
            pass(b, seed.indices.map { -seed[$0] * va[$0] / (vb[$0] * vb[$0]) })
        case .integerPower(let a, let k):
            let (va, sa) = tensor(a, set, values, shape, &ignored)
            pass(a, shape.combine(seed, fullSet, va, sa) { $0 * Double(k) * Self.integerPower($1, k - 1) })
        case .power(let a, let b):
            let va = full(a), vb = full(b)
            if !a.slots.isEmpty { pass(a, seed.indices.map { seed[$0] * vb[$0] * Foundation.pow(va[$0], vb[$0] - 1) }) }
            if !b.slots.isEmpty { pass(b, seed.indices.map { seed[$0] * Foundation.pow(va[$0], vb[$0]) * Double.apply(.log, to: va[$0]) }) }
        case .call(let f, let a):
            // f' once per combination of the argument's dimensions, then broadcast.
            let (va, sa) = tensor(a, set, values, shape, &ignored)
            pass(a, shape.combine(seed, fullSet, ElementwiseFunction.derivative(f, at: va), sa) { $0 * $1 })
        }
    }
}
