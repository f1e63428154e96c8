import AnalyticGradients
import ComplexModule
import FiniteDifferences
import GradientCheck
import NetworkModel
import _SIMDShims

/// Runs a ``SweepProgram`` over a domain, a chunk of the *inner* dimension
/// at a time: every network, every claim, every method (central and five-point from their
/// stencils' losses; forward, backward, Richardson and complex step replayed, ``finishReplayed``;
/// complex step where it applies: a network it cannot differentiate goes to the broadcast evaluator).
///
/// **Layout.** The inner dimension is the longest one (the last of equally
/// long ones); the others are *outer* dimensions, ordered so that those most
/// instructions depend on come first and those few depend on (a label) last.
/// A register over the inner dimension holds one value per lane of the
/// chunk; any other register holds one value. A block is a chunk of the inner
/// dimension times every combination of the outer dimensions after a fixed
/// prefix: its *rows* are visited in lexicographic order, and when a row
/// differs from the previous one first at outer position `c`, only the
/// instructions depending on an outer dimension at position `c` or later run
/// again. So `a1(x, w1)` is computed once per `(x, w1)` and the chunk, `a2`
/// once per `(x, w1, w2)` for every label, with no per-point work but the
/// verdict. The instructions are sorted by that level once (stably, so the
/// order stays a valid evaluation order), so a row runs a suffix of them.
///
/// **Per point**, it forms each parameter's estimate, error estimate
/// (``StencilErrorModel``, the model `check` uses on a network)
/// and verdict, as ``BroadcastEvaluator`` does, with the same arithmetic, so
/// both give the same summary bit for bit (the tests check it); a point is
/// recorded in full (``ParameterSummary/record``) only when it may change
/// the extremes or the worst list, or is not finite or straddles a kink;
/// otherwise only its verdict count and histogram bin change (``VerdictTally``).
///
/// Each point's arithmetic is independent of the block, the chunk and the
/// thread that evaluates it, so summaries are identical for any thread count,
/// block size or sharding.
final class ProgramEvaluator: BlockEvaluator {
    /// Everything fixed for the sweep, shared by the threads' evaluators.
    struct Setup: Sendable {
        let program: SweepProgram
        let network: Network
        let domain: SweepDomain
        let settings: SweepSettings
        let inner: Int
        /// The outer dimensions, outermost first.
        let outer: [Int]
        /// Lanes per chunk of the inner dimension.
        let chunk: Int
        /// Outer positions fixed per block (the rest are the block's rows).
        let prefix: Int
        let chunksPerRow: Int
        let blockCount: Int
        /// Instruction indices sorted by level, and the first index of each level `0...outer.count`.
        let order: [Int]
        let levelStart: [Int]
        /// Per register: whether it varies along the inner dimension, and its offset in the buffer.
        let isVector: [Bool]
        let offset: [Int]
        let bufferSize: Int
        /// Row-major strides of the domain's dimensions (for the points' linear indices).
        let strides: [Int]

        /// `nil` when the method is not compiled (``SweepProgram/supports(_:)``).
        init?(network: Network, domain: SweepDomain, settings: SweepSettings) {
            guard SweepProgram.supports(settings.method) else { return nil }
            // Complex step through relu/abs: every point unavailable, as the pointwise estimator says (the
            // request refuses it; a library caller gets the broadcast evaluator's answer).
            if settings.method == .complexStep,
               network.parameters.contains(where: { ComplexStep.refusal(for: $0, in: network) != nil }) { return nil }
            var program = SweepProgram(network: network, domain: domain, settings: settings)
            var pinned: Set<Int> = Set([program.loss, program.magnitudeSum] + program.variables)
            for p in program.parameters {
                pinned.formUnion([p.value, p.analytic, p.step] + p.points + p.losses + (p.straddle.map { [$0] } ?? []))
            }
            let live = program.fuse(keeping: pinned)
            self.program = program
            self.network = network
            self.domain = domain
            self.settings = settings
            let sizes = domain.dimensionSizes
            let dimensions = Array(sizes.indices)
            let inner = dimensions.max { sizes[$0] < sizes[$1] || (sizes[$0] == sizes[$1] && $0 < $1) }!
            // Outer order: single-valued dimensions first (they never change), then by how many
            // instructions depend on each, most first (ties: domain order).
            let users = dimensions.map { d in
                program.sets.indices.reduce(0) { $0 + (live[$1] && program.sets[$1] & (1 << UInt64(d)) != 0 ? 1 : 0) }
            }
            let outer = dimensions.filter { $0 != inner }.sorted { a, b in
                let ka = (sizes[a] == 1 ? 0 : 1, -users[a], a), kb = (sizes[b] == 1 ? 0 : 1, -users[b], b)
                return ka < kb
            }
            (self.inner, self.outer) = (inner, outer)
            let innerBit = UInt64(1) << UInt64(inner)
            let isVector = program.sets.map { $0 & innerBit != 0 }
            self.isVector = isVector
            // level = 1 + the outermost-last position of an outer dimension in the set, 0 if none.
            var position = [Int](repeating: -1, count: sizes.count)
            for (k, d) in outer.enumerated() { position[d] = k }
            let levels = program.sets.map { set in
                1 + (dimensions.filter { set & (1 << UInt64($0)) != 0 && $0 != inner }.map { position[$0] }.max() ?? -1)
            }
            let sorted = program.instructions.indices.filter { live[$0] }.sorted { (levels[$0], $0) < (levels[$1], $1) }
            let slots = RegisterSlots(order: sorted, levels: levels, operands: program.instructions.map(\.operands),
                                      isVector: isVector, pinned: pinned)
            // About 64 KiB of vector slots (the first-level cache's share and some), 16 to 1024 lanes.
            let lanes = Swift.min(1024, Swift.max(16, (8 * 1024 / Swift.max(1, slots.vectorSlots)) / 4 * 4))
            let chunk = Swift.max(1, Swift.min(sizes[inner], lanes, settings.blockPoints))
            let chunksPerRow = (sizes[inner] + chunk - 1) / chunk
            (self.chunk, self.chunksPerRow) = (chunk, chunksPerRow)
            // The fewest fixed outer positions that keep a block within blockPoints.
            var prefix = outer.count, rows = 1
            while prefix > 0, rows * sizes[outer[prefix - 1]] * chunk <= settings.blockPoints {
                prefix -= 1
                rows *= sizes[outer[prefix]]
            }
            self.prefix = prefix
            blockCount = outer.prefix(prefix).reduce(1) { $0 * sizes[$1] } * chunksPerRow
            order = sorted
            levelStart = (0...outer.count + 1).map { l in sorted.firstIndex { levels[$0] >= l } ?? sorted.count }
            // Scalar slots (4 doubles each) first, then vector slots (chunk rounded up to 4 lanes).
            let stride = (chunk + 3) / 4 * 4
            offset = isVector.indices.map {
                !live[$0] ? 0 : isVector[$0] ? 4 * slots.scalarSlots + stride * slots.slot[$0] : 4 * slots.slot[$0]
            }
            bufferSize = 4 * slots.scalarSlots + stride * slots.vectorSlots
            var strides = [Int](repeating: 1, count: sizes.count)
            for d in sizes.indices.dropLast().reversed() { strides[d] = strides[d + 1] * sizes[d + 1] }
            self.strides = strides
        }
    }

    let setup: Setup
    var blockCount: Int { setup.blockCount }
    private let buffer: UnsafeMutablePointer<Double>
    /// Per register, its address in `buffer`.
    private let address: [UnsafeMutablePointer<Double>]
    /// The instructions in `setup.order`, with their registers' addresses: nothing to look up per row.
    private let steps: UnsafeMutableBufferPointer<Step>
    /// The chunk of the inner dimension whose level-0 registers (those that depend on no outer
    /// dimension) the buffer holds, or -1: consecutive blocks of one chunk skip them.
    private var levelZeroChunk = -1
    /// Per parameter, the counts of the points recorded in brief.
    private let tallies: UnsafeMutablePointer<VerdictTally>
    /// Replayed methods: how many loss evaluations were not in the plan (kink paths), evaluated point by point.
    private(set) var fallbacks = 0
    /// The per-point stage's arrays, `chunk` lanes each: ``broadcastSlots`` copies of scalar
    /// registers, then the estimates, error estimates, absolute and relative errors and verdict codes.
    private let scratch: UnsafeMutablePointer<Double>
    private static let broadcastSlots = 10
    /// Whether the arithmetic instructions run through the AVX2 array kernels (`ArrayKernels.h`, the
    /// same bits): ``VectorKernels/current`` is ``VectorKernels/avx2FMA``.
    private let avx2 = VectorKernels.current == .avx2FMA

    /// An instruction ready to run: output and operand addresses, and which are vectors.
    struct Step {
        var operation: SweepProgram.Operation
        var out: UnsafeMutablePointer<Double>
        var x, y, z, w: UnsafeMutablePointer<Double>
        var vector, xv, yv, zv, wv: Bool
    }

    init(_ setup: Setup) {
        self.setup = setup
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: setup.bufferSize)
        buffer.initialize(repeating: 0, count: setup.bufferSize)
        self.buffer = buffer
        let address = setup.offset.map { buffer + $0 }
        self.address = address
        steps = .allocate(capacity: setup.order.count)
        for (i, k) in setup.order.enumerated() {
            let instruction = setup.program.instructions[k]
            let o = instruction.operands + [k, k, k, k]
            steps.initializeElement(at: i, to: Step(
                operation: instruction.operation, out: address[k],
                x: address[o[0]], y: address[o[1]], z: address[o[2]], w: address[o[3]], vector: setup.isVector[k],
                xv: setup.isVector[o[0]], yv: setup.isVector[o[1]], zv: setup.isVector[o[2]], wv: setup.isVector[o[3]]))
        }
        scratch = .allocate(capacity: (Self.broadcastSlots + 5) * setup.chunk)
        scratch.initialize(repeating: 0, count: (Self.broadcastSlots + 5) * setup.chunk)
        tallies = .allocate(capacity: setup.network.parameters.count)
        for p in 0..<setup.network.parameters.count { (tallies + p).initialize(to: VerdictTally()) }
    }

    deinit {
        buffer.deallocate()
        steps.deallocate()
        scratch.deallocate()
        for p in 0..<setup.network.parameters.count { tallies[p].deallocate() }
        tallies.deinitialize(count: setup.network.parameters.count)
        tallies.deallocate()
    }

    func evaluate(block k: Int, into summary: inout SweepSummary) {
        let s = setup
        let sizes = s.domain.dimensionSizes
        var coordinates = [Int](repeating: 0, count: sizes.count)
        var rest = k / s.chunksPerRow
        for p in stride(from: s.prefix - 1, through: 0, by: -1) {
            coordinates[s.outer[p]] = rest % sizes[s.outer[p]]
            rest /= sizes[s.outer[p]]
        }
        let first = (k % s.chunksPerRow) * s.chunk
        let lanes = Swift.min(s.chunk, sizes[s.inner] - first)
        coordinates[s.inner] = first
        for p in summary.parameters.indices { tallies[p].refresh(from: summary.parameters[p], worst: s.settings.worst) }
        // Level 0 depends on the inner dimension alone: computed already if the last block had this chunk.
        let chunkIndex = k % s.chunksPerRow
        var changed = chunkIndex == levelZeroChunk ? 1 : 0
        levelZeroChunk = chunkIndex
        var points = 0
        while true {
            run(from: s.levelStart[changed], coordinates, lanes: lanes)
            finish(coordinates, lanes: lanes, into: &summary)
            points += lanes
            // Next row: the last outer position that can still advance.
            var p = s.outer.count - 1
            while p >= s.prefix {
                let d = s.outer[p]
                if coordinates[d] + 1 < sizes[d] { break }
                coordinates[d] = 0
                p -= 1
            }
            guard p >= s.prefix else { break }
            coordinates[s.outer[p]] += 1
            changed = p + 1
        }
        for p in summary.parameters.indices { tallies[p].flush(into: &summary.parameters[p]) }
        summary.pointsEvaluated += points
    }

    /// Runs the instructions `order[from...]` over `lanes` lanes.
    private func run(from start: Int, _ coordinates: [Int], lanes: Int) {
        let domain = setup.domain, inner = setup.inner
        for k in start..<steps.count {
            let step = steps[k]
            let out = step.out
            let n = step.vector ? lanes : 1
            switch step.operation {
            case .load(let v):
                let d = domain.variableDimension[v], axis = domain.variableValues[v]
                if d == inner {
                    let first = coordinates[d]
                    for i in 0..<n { out[i] = axis[first + i] }
                } else {
                    out[0] = axis[coordinates[d]]
                }
            case .constant(let bits): out[0] = Double(bitPattern: bits)
            case .negate: Self.unary(n, out, step, avx2: avx2 ? 0 : nil) { -$0 }
            case .add: Self.binary(n, out, step, avx2: kernel(GC_ADD)) { $0 + $1 }
            case .subtract: Self.binary(n, out, step, avx2: kernel(GC_SUBTRACT)) { $0 - $1 }
            case .multiply: Self.binary(n, out, step, avx2: kernel(GC_MULTIPLY)) { $0 * $1 }
            case .divide: Self.binary(n, out, step, avx2: kernel(GC_DIVIDE)) { $0 / $1 }
            case .power: Self.binary(n, out, step) { Double.power($0, $1) }
            case .integerPower(let e):
                if e == 2 {
                    Self.unary(n, out, step, avx2: avx2 ? 1 : nil) { $0 * $0 }
                } else {
                    Self.unary(n, out, step) { BroadcastEvaluator.integerPower($0, e) }
                }
            case .call(let f): ElementwiseFunction.apply(f, step.x, out, n)
            case .derivative(let f): ElementwiseFunction.derivative(f, step.x, out, n)
            case .step(let method): Self.unary(n, out, step) { StepSize.step(for: method, at: $0) }
            case .planPoint(let method, let index): Self.unary(n, out, step) { EvaluationPlan.argument(method, index: index, at: $0) }
            case .scaledAdd(let c): Self.binary(n, out, step, avx2: kernel(GC_SCALED_ADD), factor: c) { $0 + c * $1 }
            case .accumulate:
                Self.ternary(n, out, step, avx2: avx2 ? GC_ACCUMULATE : nil) { a, b, m in m != 0 ? a + b : a }
            case .magnitudeProduct: Self.binary(n, out, step, avx2: kernel(GC_MAGNITUDE_PRODUCT)) { $0 == 0 ? 0 : Swift.abs($0) * Swift.abs($1) }
            case .kinkChange:
                Self.binary(n, out, step, avx2: kernel(GC_KINK_CHANGE)) { b, q in b == 0 || q == 0 || (b > 0) != (q > 0) ? 1 : 0 }
            case .either: Self.binary(n, out, step, avx2: kernel(GC_EITHER)) { $0 != 0 || $1 != 0 ? 1 : 0 }
            case .complex(let operation, let imaginary): Self.complex(operation, imaginary: imaginary, n, out, step)
            case .scaledSquaredDifference:
                Self.ternary(n, out, step, avx2: avx2 ? GC_SCALED_SQUARED_DIFFERENCE : nil) { c, a, b in
                    let d = a - b
                    return c * (d * d)
                }
            case .addMagnitudeProduct:
                Self.ternary(n, out, step, avx2: avx2 ? GC_ADD_MAGNITUDE_PRODUCT : nil) { s, a, b in
                    s + (a == 0 ? 0 : Swift.abs(a) * Swift.abs(b))
                }
            }
        }
    }

    /// `op` where the AVX2 array kernels run (``VectorKernels/current``), else nil.
    @inline(__always)
    private func kernel(_ op: gc_binary_op) -> gc_binary_op? { avx2 ? op : nil }

    /// `out[i] = f(x[i])`; a vector operand's lanes first by `gc_unary_n(avx2, …)` (0: negate,
    /// 1: square) when given, which gives the same bits, the last `n % 4` by `f`.
    @inline(__always)
    private static func unary(_ n: Int, _ out: UnsafeMutablePointer<Double>, _ step: Step, avx2: Int32? = nil,
                              _ f: (Double) -> Double) {
        let x = step.x
        if step.xv {
            var start = 0
            #if arch(x86_64)
            if let avx2 { start = gc_unary_n(avx2, x, out, n) }
            #endif
            for i in start..<n { out[i] = f(x[i]) }
        } else {
            out[0] = f(x[0])
        }
    }

    /// `out[i] = f(x[i], y[i])` (a scalar operand broadcast); with a vector operand, its lanes first
    /// by `gc_binary_n(avx2, …, factor, …)` when given, which gives the same bits, the last `n % 4` by `f`.
    @inline(__always)
    private static func binary(_ n: Int, _ out: UnsafeMutablePointer<Double>, _ step: Step, avx2: gc_binary_op? = nil,
                               factor: Double = 0, _ f: (Double, Double) -> Double) {
        let x = step.x, y = step.y
        var start = 0
        #if arch(x86_64)
        if let avx2, step.xv || step.yv { start = gc_binary_n(avx2, x, step.xv ? 1 : 0, y, step.yv ? 1 : 0, factor, out, n) }
        #endif
        switch (step.xv, step.yv) {
        case (true, true): for i in start..<n { out[i] = f(x[i], y[i]) }
        case (true, false):
            let v = y[0]
            for i in start..<n { out[i] = f(x[i], v) }
        case (false, true):
            let u = x[0]
            for i in start..<n { out[i] = f(u, y[i]) }
        case (false, false): out[0] = f(x[0], y[0])
        }
    }

    /// `out[i] = f(x[i], y[i], z[i])` (scalar operands broadcast); with a vector output, its lanes first by
    /// `gc_ternary_n(avx2, …)` when given, which gives the same bits, the last `n % 4` by `f`.
    @inline(__always)
    private static func ternary(_ n: Int, _ out: UnsafeMutablePointer<Double>, _ step: Step, avx2: gc_ternary_op? = nil,
                                _ f: (Double, Double, Double) -> Double) {
        let (x, y, z) = (step.x, step.y, step.z)
        let (sx, sy, sz) = (step.xv ? 1 : 0, step.yv ? 1 : 0, step.zv ? 1 : 0)
        var start = 0
        #if arch(x86_64)
        if let avx2, step.vector { start = gc_ternary_n(avx2, x, Int32(sx), y, Int32(sy), z, Int32(sz), out, n) }
        #endif
        for i in start..<n { out[i] = f(x[i &* sx], y[i &* sy], z[i &* sz]) }
    }

    /// `out[i]` = the real or imaginary part of `operation` on lane `i` of the complex operands
    /// `(x, y)` and `(z, w)`, in `Complex<Double>` (`GraphScalar`'s operations, as the complex loss
    /// of ``LossFunction/complex(_:)``), each part its raw storage. One lane at a time.
    private static func complex(_ operation: SweepProgram.ComplexOperation, imaginary: Bool, _ n: Int,
                                _ out: UnsafeMutablePointer<Double>, _ step: Step) {
        let (x, y, z, w) = (step.x, step.y, step.z, step.w)
        let (sx, sy, sz, sw) = (step.xv ? 1 : 0, step.yv ? 1 : 0, step.zv ? 1 : 0, step.wv ? 1 : 0)
        func each(_ f: (Complex<Double>, Complex<Double>) -> Complex<Double>) {
            for i in 0..<n {
                let r = f(Complex(x[i &* sx], y[i &* sy]), Complex(z[i &* sz], w[i &* sw])).rawStorage
                out[i] = imaginary ? r.y : r.x
            }
        }
        switch operation {
        case .negate: each { a, _ in -a }
        case .add: each { $0 + $1 }
        case .subtract: each { $0 - $1 }
        case .multiply: each { $0 * $1 }
        case .divide: each { $0 / $1 }
        case .power: each { Complex<Double>.power($0, $1) }
        case .integerPower(let k): each { a, _ in a.integerPower(k) }
        case .call(let f): each { a, _ in Complex<Double>.apply(f, to: a) }
        }
    }

    /// A register's lanes: `lane(i)` is its value at lane `i` (a scalar register's one value at every lane).
    struct Lanes {
        let base: UnsafePointer<Double>
        let stride: Int
        @inline(__always) subscript(i: Int) -> Double { base[i &* stride] }
    }

    private func lanes(_ r: Int) -> Lanes { Lanes(base: address[r], stride: setup.isVector[r] ? 1 : 0) }

    /// `r`'s lanes as a unit-stride array: its own buffer if it varies along the inner dimension,
    /// else `count` copies of its value in broadcast slot `slot` of `scratch`.
    private func unitStride(_ r: Int, slot: Int, _ count: Int) -> UnsafePointer<Double> {
        if setup.isVector[r] { return UnsafePointer(address[r]) }
        let out = scratch + slot * setup.chunk, v = address[r][0]
        for i in 0..<count { out[i] = v }
        return UnsafePointer(out)
    }

    /// The per-point stage of a row's `count` points, per parameter in two passes: first every
    /// lane's estimate, error estimate, `|analytic - estimate|`, relative error and verdict code
    /// (loops over unit-stride arrays, vectorised, with no branch on a point), then the
    /// tally of each point (``VerdictTally``), or its full record when it may change the extremes
    /// or the worst list, is not finite, or straddles a kink.
    private func finish(_ coordinates: [Int], lanes count: Int, into summary: inout SweepSummary) {
        let s = setup
        var base = 0
        for d in coordinates.indices where d != s.inner { base += coordinates[d] * s.strides[d] }
        let innerStride = s.strides[s.inner], first = coordinates[s.inner]
        let tolerance = s.settings.tolerance
        let fivePoint = s.program.method == .fivePoint
        let nodeRelativeError = RoundingErrorBound.nodeRelativeError
        let c = s.chunk
        let estimates = scratch + Self.broadcastSlots * c, errors = estimates + c
        let absolutes = errors + c, relatives = absolutes + c, codes = relatives + c
        if SweepProgram.replays(s.program.method) {
            return finishReplayed(base: base, innerStride: innerStride, first: first, coordinates, lanes: count, into: &summary)
        }
        for p in s.program.parameters {
            let pi = p.parameter
            let analytic = unitStride(p.analytic, slot: 0, count), sum = unitStride(s.program.magnitudeSum, slot: 1, count)
            let l1 = unitStride(p.losses[0], slot: 2, count), m1 = unitStride(p.losses[1], slot: 3, count)
            let l2 = unitStride(p.losses[2], slot: 4, count), m2 = unitStride(p.losses[3], slot: 5, count)
            // Lanes before `done` have their estimate, error estimate, errors and verdict code already.
            var done = 0
            if fivePoint {
                let h = unitStride(p.step, slot: 6, count), loss = unitStride(s.program.loss, slot: 7, count)
                let l4 = unitStride(p.losses[4], slot: 8, count), m4 = unitStride(p.losses[5], slot: 9, count)
                for i in 0..<count {
                    let lossError = sum[i] * nodeRelativeError
                    let d = StencilErrorModel.fivePoint(loss: loss[i], plus: (l1[i], l2[i], l4[i]), minus: (m1[i], m2[i], m4[i]),
                                                        step: h[i], lossError: lossError)
                    (estimates[i], errors[i]) = (d.value, d.error)
                }
            } else {
                let wp = unitStride(p.points[0], slot: 6, count), wm = unitStride(p.points[1], slot: 7, count)
                let wp2 = unitStride(p.points[2], slot: 8, count), wm2 = unitStride(p.points[3], slot: 9, count)
                #if arch(x86_64)
                if avx2 {
                    var inputs = gc_central_inputs(analytic: analytic, magnitude_sum: sum, plus: l1, minus: m1, wide_plus: l2,
                                                   wide_minus: m2, point_plus: wp, point_minus: wm, point_wide_plus: wp2,
                                                   point_wide_minus: wm2)
                    done = gc_central_points_n(&inputs, nodeRelativeError, tolerance.atol, tolerance.rtol, tolerance.widening,
                                               estimates, errors, absolutes, relatives, codes, count)
                }
                #endif
                for i in done..<count {
                    let lossError = sum[i] * nodeRelativeError
                    let d = StencilErrorModel.central(plus: l1[i], minus: m1[i], widePlus: l2[i], wideMinus: m2[i],
                                                      points: wp[i], wm[i], wp2[i], wm2[i], lossError: lossError)
                    (estimates[i], errors[i]) = (d.value, d.error)
                }
            }
            for i in done..<count {
                let estimate = estimates[i]
                let absolute = Swift.abs(analytic[i] - estimate)
                absolutes[i] = absolute
                relatives[i] = PointError.relative(absolute, estimate)
                codes[i] = VerdictTally.verdictCode(absolute: absolute, estimate: estimate, errorEstimate: errors[i], tolerance: tolerance)
            }
            let straddle = p.straddle.map(lanes)
            // Runs of points that cannot change the extremes or the worst list are only counted, by
            // the tally's loop; the others are recorded one by one.
            let straddleVector = p.straddle.flatMap { s.isVector[$0] ? UnsafePointer(address[$0]) : nil }
            let countable = p.straddle.map { s.isVector[$0] || address[$0][0] == 0 } ?? true
            var i = 0
            while i < count {
                if countable {
                    i += tallies[pi].count(analytic + i, estimates + i, absolutes + i, relatives + i, codes + i,
                                           straddle: straddleVector.map { $0 + i }, count - i)
                    if i == count { break }
                }
                defer { i += 1 }
                let a = analytic[i], estimate = estimates[i], error = errors[i]
                if let straddle, straddle[i] != 0 {
                    let (w, h, l) = (lanes(p.value)[i], lanes(p.step)[i], lanes(s.program.loss)[i])
                    let (wp, wm, l1, m1) = (lanes(p.points[0])[i], lanes(p.points[1])[i], lanes(p.losses[0])[i], lanes(p.losses[1])[i])
                    let (left, right) = fivePoint
                        ? StencilErrorModel.fivePointSlopes(loss: l, plus: l1, minus: m1, step: h)
                        : StencilErrorModel.centralSlopes(loss: l, plus: l1, minus: m1, points: w, wp, wm)
                    record(pi, point: base + (first + i) * innerStride, analytic: a, estimate: estimate,
                           error: error, absolute: absolutes[i], relative: relatives[i], code: codes[i], kink: (left, right), into: &summary)
                } else {
                    record(pi, point: base + (first + i) * innerStride, analytic: a, estimate: estimate,
                           error: error, absolute: absolutes[i], relative: relatives[i], code: codes[i], kink: nil, into: &summary)
                }
            }
            heat(coordinates, first: first, count, into: &summary) { analytic[$0].isFinite && estimates[$0].isFinite ? relatives[$0] : nil }
        }
    }

    /// The per-point stage of a replayed method (forward, backward, Richardson): per point and
    /// parameter, the unchanged ``KinkAwareEstimator`` on the loss, answered from the compiled losses
    /// at the method's ``EvaluationPlan`` (``LossReplay``; a request off the plan, on a kink path,
    /// evaluates the network as ``LossFunction`` does), recorded as ``BroadcastEvaluator/pointwiseEstimate``
    /// records it: a doubted estimate has an infinite error, a kink its one-sided slopes.
    private func finishReplayed(base: Int, innerStride: Int, first: Int, _ coordinates: [Int], lanes count: Int,
                                into summary: inout SweepSummary) {
        let s = setup
        let tolerance = s.settings.tolerance, method = s.program.method
        func bound(_ d: DerivativeEstimate) -> Double { d.isReliable ? d.errorEstimate : .infinity }
        let variables = s.program.variables.map(lanes)
        for p in s.program.parameters {
            let pi = p.parameter
            let name = s.network.parameters[pi]
            let analytic = lanes(p.analytic)
            let points = p.points.map(lanes), losses = p.losses.map(lanes)
            let value = lanes(p.value)
            for i in 0..<count {
                let f = LossFunction(s.network, variable: name, at: variables.map { $0[i] })!
                var (estimate, error) = (Double.nan, Double.infinity)
                var kink: (Double, Double)?
                if method == .complexStep {
                    // ComplexStep.estimate asks for the loss at Complex(w, k h), k in complexStepMultiples:
                    // answered from the compiled losses (real and imaginary parts), matched by the bits of both parts.
                    let w = value[i]
                    let d = ComplexStep.estimate(of: { z in
                        let (re, im) = z.rawStorage
                        if re.bitPattern == w.bitPattern,
                           let k = points.indices.first(where: { points[$0][i].bitPattern == im.bitPattern }) {
                            return Complex(losses[2 * k][i], losses[2 * k + 1][i])
                        }
                        fallbacks += 1
                        return f.complex(z)
                    }, at: w)
                    (estimate, error) = (d.value, bound(d))
                } else {
                    let replay = LossReplay(arguments: points.map { $0[i] }, values: losses.map { $0[i] }, fallback: f.callAsFunction)
                    switch KinkAwareEstimator.estimate(method, f, values: replay.callAsFunction) {
                    case .smooth(let d), .oneSided(let d, _): (estimate, error) = (d.value, bound(d))
                    case .kink(let l, let r):
                        kink = (l.value, r.value)
                        (estimate, error) = ((l.value + r.value) / 2, Swift.max(bound(l), bound(r)))
                    case .straddle(let d, let l, let r):
                        kink = (l, r)
                        (estimate, error) = (d.value, d.errorEstimate)
                    case .unavailable: break
                    }
                    fallbacks += replay.fallbacks
                }
                let a = analytic[i]
                let absolute = Swift.abs(a - estimate)
                let code = VerdictTally.verdictCode(absolute: absolute, estimate: estimate, errorEstimate: error, tolerance: tolerance)
                let relative = PointError.relative(absolute, estimate)
                record(pi, point: base + (first + i) * innerStride, analytic: a, estimate: estimate,
                       error: error, absolute: absolute, relative: relative, code: code, kink: kink, into: &summary)
                heat(coordinates, first: first + i, 1, into: &summary) { _ in a.isFinite && estimate.isFinite ? relative : nil }
            }
        }
    }

    /// One point of parameter `pi` (its linear index `point`): recorded in
    /// full with its one-sided slopes at a kink; else counted by the tally when it cannot change the
    /// extremes or the worst list, recorded in full otherwise. (``heat(_:first:_:into:relative:)`` adds it
    /// to the heatmap.)
    @inline(__always)
    private func record(
        _ pi: Int, point: Int, analytic a: Double, estimate: Double, error: Double,
        absolute: Double, relative: Double, code: Double, kink: (Double, Double)?, into summary: inout SweepSummary
    ) {
        let tolerance = setup.settings.tolerance, worst = setup.settings.worst
        if let kink {
            summary.parameters[pi].record(point: point, analytic: a, estimate: estimate, errorEstimate: error,
                                          tolerance: tolerance, worstCount: worst, kink: kink)
        } else if !tallies[pi].count(analytic: a, estimate: estimate, absolute: absolute, relative: relative, code: code) {
            summary.parameters[pi].record(point: point, analytic: a, estimate: estimate, errorEstimate: error,
                                          tolerance: tolerance, worstCount: worst)
            tallies[pi].refresh(from: summary.parameters[pi], worst: worst)
        }
    }

    /// Adds the relative errors of lanes `first..<first + count` (`relative(i)` for lane `first + i`,
    /// nil where the analytic value or the estimate is not finite) to the heatmap, if there is one.
    /// The map is taken out of the summary meanwhile, so its cells are updated in place.
    @inline(__always)
    private func heat(_ coordinates: [Int], first: Int, _ count: Int, into summary: inout SweepSummary,
                      relative: (Int) -> Double?) {
        guard var map = summary.heatmap else { return }
        summary.heatmap = nil
        let da = map.dimensions[0], db = map.dimensions[1], inner = setup.inner
        for i in 0..<count {
            guard let r = relative(i) else { continue }
            map.record(r, at: da == inner ? first + i : coordinates[da], db == inner ? first + i : coordinates[db])
        }
        summary.heatmap = map
    }
}
