import FiniteDifferences
import NetworkModel

/// A sweep compiled from a network, its claims and a finite-difference
/// method: a straight-line program over *registers*, each holding one value
/// per combination of the dimensions it depends on (its *set*, a bit mask
/// over the domain's dimensions).
///
/// The program computes, at every point:
/// 1. the forward pass (every node once per combination of its dimensions:
///    `a1` once per `(x, w1)`, shared by every `w2` and label);
/// 2. the reverse sweep, in exactly ``ReverseMode``'s order of operations (a
///    node whose adjoint is 0 at a point passes nothing on there), so the
///    analytic gradient equals ReverseMode's bit for bit;
/// 3. the sum `Σ |∂L/∂v| |v|` of the rounding-error bound (``RoundingErrorBound``);
/// 4. per parameter, the losses of its stencil (central: `w ± h`, `w ± 2h`;
///    five-point: `w ± h`, `± 2h`, `± 4h`; forward, backward, Richardson: at
///    every argument of ``EvaluationPlan``, for the estimator to replay; complex step: the loss in
///    complex arithmetic at `w + i k h`, k = 0.5, 1, 2, 4, every node in complex once with no
///    perturbation and then the parameter's descendants per step), recomputing only the parameter's
///    descendants, and a flag where a `relu`/`abs` argument of the `± h`
///    stencil (five-point: `± h`, `± 2h`) changes sign or is 0 (a kink);
/// 5. per parameter, the claimed gradient (`--claim`) when there is one.
///
/// Equal subexpressions are computed once (every operation is a pure
/// function of its operands, so sharing changes no bit), and every
/// operation runs over the union of its operands' sets: the evaluator
/// (``ProgramEvaluator``) computes an instruction again only when a
/// dimension of its set changes.
///
/// The arithmetic is ``BroadcastEvaluator``'s, operation for operation: the
/// same steps (``StepSize/step(for:at:)``), the same losses, the same
/// quotients; what is left to the evaluator's per-point stage (the error
/// estimate's truncation term, the verdict) is done there from these registers.
struct SweepProgram: Sendable {
    /// One operation over registers. Flags (kink changes) are 0 or 1.
    enum Operation: Hashable, Sendable {
        /// Variable `v`'s value along its dimension.
        case load(Int)
        /// A constant, by its bit pattern (so that `0` and `-0` stay apart).
        case constant(bits: UInt64)
        case negate, add, subtract, multiply, divide, power
        case integerPower(Int)
        /// `f(a)`, as `Double.apply(f, to:)`.
        case call(ElementaryFunction)
        /// `f'(a)`, as `ElementaryFunction.derivative(at:)`.
        case derivative(ElementaryFunction)
        /// The step `method` takes at `a` (``StepSize/step(for:at:)``).
        case step(FiniteDifferenceMethod)
        /// The `index`-th argument of `method`'s evaluation plan at `a` (``EvaluationPlan/argument(_:index:at:step:)``).
        case planPoint(FiniteDifferenceMethod, index: Int)
        /// `a + k·b`.
        case scaledAdd(Double)
        /// `c != 0 ? a + b : a` (an adjoint accumulation under its node's mask).
        case accumulate
        /// `a == 0 ? 0 : |a|·|b|` (a term of the rounding bound: no term where the adjoint is 0).
        case magnitudeProduct
        /// 1 where `a` (a kink's argument at the point) and `b` (at the stencil point) are on
        /// different sides of the kink or either is 0, else 0.
        case kinkChange
        /// 1 where `a` or `b` is non-zero, else 0.
        case either
        /// `c · ((a - b) · (a - b))` for operands `[c, a, b]`: `multiply` of `integerPower(2)` of
        /// `subtract`, fused by ``fuse(keeping:)`` (the quadratic loss).
        case scaledSquaredDifference
        /// `s + (a == 0 ? 0 : |a|·|b|)` for operands `[s, a, b]`: `add` of `magnitudeProduct`,
        /// fused by ``fuse(keeping:)`` (a step of the rounding bound's sum).
        case addMagnitudeProduct
        /// The real or imaginary part (`imaginary`) of a complex operation on complex operands,
        /// each two registers (real part, imaginary part): `[a.re, a.im]` or `[a.re, a.im, b.re, b.im]`.
        /// Complex step's losses, in `Complex<Double>`'s arithmetic as ``LossFunction/complex(_:)``
        /// computes them; a part is its raw storage (a non-finite value stays what it was).
        case complex(ComplexOperation, imaginary: Bool)
    }

    /// A complex operation of ``Operation/complex(_:imaginary:)``: ``GraphScalar``'s, on `Complex<Double>`.
    enum ComplexOperation: Hashable, Sendable {
        case negate, add, subtract, multiply, divide, power
        case integerPower(Int)
        case call(ElementaryFunction)

        /// Whether it takes two complex operands.
        var isBinary: Bool {
            switch self {
            case .add, .subtract, .multiply, .divide, .power: true
            case .negate, .integerPower, .call: false
            }
        }
    }

    struct Instruction: Hashable, Sendable {
        var operation: Operation
        var operands: [Int]
    }

    /// What the per-point stage reads for one parameter (register indices).
    struct ParameterRegisters: Sendable {
        var parameter: Int
        /// The parameter's value.
        var value: Int
        /// The gradient under test: the claim, or the reverse sweep's adjoint.
        var analytic: Int
        /// Stencil points and their losses, in the order of ``stencilMultiples(_:)``
        /// (replayed methods: of ``EvaluationPlan/arguments(_:at:step:)``; complex step: the
        /// imaginary parts `k h` of ``complexStepMultiples`` and, per point, the loss's real
        /// and imaginary parts, two registers each).
        var points: [Int]
        var losses: [Int]
        /// The step: central `h` (points `w ± h`, `w ± 2h`), five-point `h` likewise.
        var step: Int
        /// 1 where the stencil straddles a kink; `nil` when no descendant has one.
        var straddle: Int?
    }

    /// Per register, the dimensions it depends on.
    private(set) var sets: [UInt64] = []
    /// Per register, the instruction that computes it.
    private(set) var instructions: [Instruction] = []
    private var memo: [Instruction: Int] = [:]

    let method: FiniteDifferenceMethod
    /// The loss and `Σ |∂L/∂v| |v|`.
    private(set) var loss = 0, magnitudeSum = 0
    private(set) var parameters: [ParameterRegisters] = []
    /// Each variable's value (``Network/variables`` order): the point a replayed estimate's fallback evaluates at.
    private(set) var variables: [Int] = []

    /// The multiples `k` of the step at which `method` evaluates the loss, `w + k h`:
    /// central `1, -1, 2, -2`; five-point `1, -1, 2, -2, 4, -4`.
    static func stencilMultiples(_ method: FiniteDifferenceMethod) -> [Double] {
        StencilErrorModel.multiples(method)
    }

    /// The methods compiled here: all of them. Central and five-point are finished from their
    /// stencil's losses (``StencilErrorModel``); forward, backward and Richardson by *replaying*
    /// the losses at their ``EvaluationPlan`` to the unchanged ``KinkAwareEstimator``
    /// (``replays(_:)``); complex step by replaying the complex losses at `w + i k h` to the
    /// unchanged ``ComplexStep/estimate(of:at:step:)`` (a network it cannot differentiate is
    /// left to the broadcast evaluator, ``ProgramEvaluator/Setup``).
    static func supports(_ method: FiniteDifferenceMethod) -> Bool { true }

    /// Whether `method` is finished by replaying losses to the pointwise estimator (forward, backward,
    /// Richardson, complex step).
    static func replays(_ method: FiniteDifferenceMethod) -> Bool { method != .central && method != .fivePoint }

    /// The multiples `k` of complex step's `h` at which ``ComplexStep/estimate(of:at:step:)`` evaluates
    /// the loss, `w + i k h`, in its order.
    static let complexStepMultiples: [Double] = [0.5, 1, 2, 4]

    /// Compiles `network` over `domain` with `settings`' method and claims.
    init(network: Network, domain: SweepDomain, settings: SweepSettings) {
        precondition(Self.supports(settings.method))
        method = settings.method
        var values = [Int](repeating: -1, count: network.slotCount)
        for v in 0..<network.variableCount {
            values[v] = emit(.load(v), [], set: 1 << UInt64(domain.variableDimension[v]))
        }
        variables = Array(values.prefix(network.variableCount))
        let offset = network.variableCount
        var baseKinks = [[Int]](repeating: [], count: network.nodes.count)
        for (j, node) in network.nodes.enumerated() {
            values[offset + j] = compile(node.compiled, values, &baseKinks[j])
        }
        loss = values[network.lossSlot]

        // Reverse sweep, as BroadcastEvaluator.backpropagate and ReverseMode.adjoints.
        var adjoint = [Int?](repeating: nil, count: network.slotCount)
        adjoint[network.lossSlot] = emit(.constant(bits: (1.0).bitPattern), [])
        for j in network.nodes.indices.reversed() {
            let slot = offset + j
            guard slot <= network.lossSlot, let seed = adjoint[slot] else { continue }
            backpropagate(network.nodes[j].compiled, seed: seed, mask: seed, values, &adjoint)
        }
        var sum = emit(.constant(bits: 0), [])
        for s in 0..<network.slotCount {
            guard let a = adjoint[s] else { continue }
            sum = emit(.add, [sum, emit(.magnitudeProduct, [a, values[s]])])
        }
        magnitudeSum = sum

        // Complex step: every node in complex arithmetic with every variable real (shared by
        // every parameter and step), then per parameter and step its descendants at w + i k h.
        var complexValues: [(Int, Int)] = []
        if method == .complexStep {
            let zero = emit(.constant(bits: 0), [])
            complexValues = values.map { ($0, zero) }
            for (j, node) in network.nodes.enumerated() { complexValues[offset + j] = compileComplex(node.compiled, complexValues) }
        }

        for (pi, p) in network.parameterSlots.enumerated() {
            let analytic: Int
            if let claim = settings.claims.first(where: { $0.parameter == network.parameters[pi] }) {
                var ignored: [Int] = []
                analytic = compile(claim.compiled, values, &ignored)
            } else {
                analytic = adjoint[p] ?? emit(.constant(bits: 0), [])
            }
            let w = values[p]
            let h = emit(.step(method), [w])
            let descendants = network.nodes.indices.filter { network.depends(offset + $0, on: p) }
            if method == .complexStep {
                // As ComplexStep.estimate: the argument Complex(w, k * h), the loss at it.
                var points: [Int] = [], losses: [Int] = []
                for k in Self.complexStepMultiples {
                    let kh = emit(.multiply, [emit(.constant(bits: k.bitPattern), []), h])
                    var perturbed = complexValues
                    perturbed[p] = (w, kh)
                    for j in descendants { perturbed[offset + j] = compileComplex(network.nodes[j].compiled, perturbed) }
                    points.append(kh)
                    losses += [perturbed[network.lossSlot].0, perturbed[network.lossSlot].1]
                }
                parameters.append(ParameterRegisters(parameter: pi, value: w, analytic: analytic, points: points,
                                                     losses: losses, step: h, straddle: nil))
                continue
            }
            var points: [Int] = [], losses: [Int] = []
            var straddle: Int?
            let planned: [Int]
            if Self.replays(method) {
                planned = (0..<EvaluationPlan.count(method)).map { emit(.planPoint(method, index: $0), [w]) }
            } else {
                planned = Self.stencilMultiples(method).map { k in
                    k == 1 ? emit(.add, [w, h]) : k == -1 ? emit(.subtract, [w, h]) : emit(.scaledAdd(k), [w, h])
                }
            }
            for (n, point) in planned.enumerated() {
                let k = Self.replays(method) ? 0 : Self.stencilMultiples(method)[n]
                var perturbed = values
                perturbed[p] = point
                let watched = !Self.replays(method) && StencilErrorModel.watched(k, method)
                for j in descendants {
                    var kinks: [Int] = []
                    perturbed[offset + j] = compile(network.nodes[j].compiled, perturbed, &kinks)
                    guard watched else { continue }
                    for (b, q) in zip(baseKinks[j], kinks) {
                        let changed = emit(.kinkChange, [b, q])
                        straddle = straddle.map { emit(.either, [$0, changed]) } ?? changed
                    }
                }
                points.append(point)
                losses.append(perturbed[network.lossSlot])
            }
            parameters.append(ParameterRegisters(parameter: pi, value: w, analytic: analytic, points: points,
                                                 losses: losses, step: h, straddle: straddle))
        }
    }

    /// Fuses chains of instructions whose intermediate registers are read once, and by
    /// nothing else (not in `pinned`, the registers the per-point stage reads), into one
    /// instruction each, with the same operations in the same order (so the same bits):
    /// `multiply(c, integerPower(2)(subtract(a, b)))` into ``Operation/scaledSquaredDifference``
    /// and `add(s, magnitudeProduct(a, b))` into ``Operation/addMagnitudeProduct``. The
    /// evaluator makes one pass over a register's lanes per instruction, so a row makes fewer.
    /// Returns, per register, whether it is still computed: not the fused intermediates, nor what
    /// no register in `pinned` depends on.
    mutating func fuse(keeping pinned: Set<Int>) -> [Bool] {
        var uses = [Int](repeating: 0, count: instructions.count)
        for instruction in instructions { for o in instruction.operands { uses[o] += 1 } }
        var live = [Bool](repeating: true, count: instructions.count)
        /// Whether `r` is computed by `operation`, read only once and not pinned.
        func intermediate(_ r: Int, _ operation: Operation) -> Bool {
            instructions[r].operation == operation && uses[r] == 1 && !pinned.contains(r)
        }
        for r in instructions.indices {
            let operands = instructions[r].operands
            switch instructions[r].operation {
            case .multiply:
                guard let c = operands.firstIndex(where: { if case .constant = instructions[$0].operation { true } else { false } })
                else { continue }
                let square = operands[1 - c]
                guard intermediate(square, .integerPower(2)) else { continue }
                let difference = instructions[square].operands[0]
                guard intermediate(difference, .subtract) else { continue }
                instructions[r] = Instruction(operation: .scaledSquaredDifference,
                                              operands: [operands[c]] + instructions[difference].operands)
                (live[square], live[difference]) = (false, false)
            case .add:
                let product = operands[1]
                guard intermediate(product, .magnitudeProduct) else { continue }
                instructions[r] = Instruction(operation: .addMagnitudeProduct, operands: [operands[0]] + instructions[product].operands)
                live[product] = false
            default: continue
            }
        }
        // What no pinned register reads is not computed (complex step's unperturbed loss, a node after the loss).
        var needed = [Bool](repeating: false, count: instructions.count)
        for r in pinned { needed[r] = true }
        for r in instructions.indices.reversed() where needed[r] && live[r] {
            for o in instructions[r].operands { needed[o] = true }
        }
        memo = [:]
        return zip(live, needed).map { $0 && $1 }
    }

    /// The register holding `operation` of `operands`: an existing one if the same was computed already.
    /// Its set is the union of the operands' sets (or `set`, for a load).
    @discardableResult
    private mutating func emit(_ operation: Operation, _ operands: [Int], set: UInt64 = 0) -> Int {
        // x^1 = 1·x = x and 1·x = x, bit for bit (no signalling NaN reaches a register).
        if operation == .integerPower(1) { return operands[0] }
        if operation == .multiply, let one = operands.firstIndex(where: { isOne($0) }) { return operands[1 - one] }
        let instruction = Instruction(operation: operation, operands: operands)
        if let r = memo[instruction] { return r }
        let r = sets.count
        sets.append(operands.reduce(set) { $0 | sets[$1] })
        instructions.append(instruction)
        memo[instruction] = r
        return r
    }

    /// Whether register `r` is the constant 1.
    private func isOne(_ r: Int) -> Bool { instructions[r].operation == .constant(bits: (1.0).bitPattern) }

    /// `e` with slot `s` in register `values[s]`; each `relu`/`abs` argument's register is appended to `kinks`.
    private mutating func compile(_ e: CompiledExpression, _ values: [Int], _ kinks: inout [Int]) -> Int {
        switch e {
        case .constant(let c): return emit(.constant(bits: c.bitPattern), [])
        case .slot(let s): return values[s]
        case .negate(let a): return emit(.negate, [compile(a, values, &kinks)])
        case .add(let a, let b): return binary(.add, a, b, values, &kinks)
        case .subtract(let a, let b): return binary(.subtract, a, b, values, &kinks)
        case .multiply(let a, let b): return binary(.multiply, a, b, values, &kinks)
        case .divide(let a, let b): return binary(.divide, a, b, values, &kinks)
        case .power(let a, let b): return binary(.power, a, b, values, &kinks)
        case .integerPower(let a, let k): return emit(.integerPower(k), [compile(a, values, &kinks)])
        case .call(let f, let a):
            let argument = compile(a, values, &kinks)
            if f.hasKink { kinks.append(argument) }
            return emit(.call(f), [argument])
        }
    }

    /// `e` in complex arithmetic, with slot `s` in the register pair `values[s]` (real, imaginary parts),
    /// as ``CompiledExpression/evaluate(_:)`` computes it on `Complex<Double>`.
    private mutating func compileComplex(_ e: CompiledExpression, _ values: [(Int, Int)]) -> (Int, Int) {
        func parts(_ operation: ComplexOperation, _ operands: [Int]) -> (Int, Int) {
            (emit(.complex(operation, imaginary: false), operands), emit(.complex(operation, imaginary: true), operands))
        }
        func binary(_ operation: ComplexOperation, _ a: CompiledExpression, _ b: CompiledExpression) -> (Int, Int) {
            let x = compileComplex(a, values), y = compileComplex(b, values)
            return parts(operation, [x.0, x.1, y.0, y.1])
        }
        switch e {
        case .constant(let c): return (emit(.constant(bits: c.bitPattern), []), emit(.constant(bits: 0), []))
        case .slot(let s): return values[s]
        case .negate(let a):
            let x = compileComplex(a, values)
            return parts(.negate, [x.0, x.1])
        case .add(let a, let b): return binary(.add, a, b)
        case .subtract(let a, let b): return binary(.subtract, a, b)
        case .multiply(let a, let b): return binary(.multiply, a, b)
        case .divide(let a, let b): return binary(.divide, a, b)
        case .power(let a, let b): return binary(.power, a, b)
        case .integerPower(let a, let k):
            let x = compileComplex(a, values)
            return parts(.integerPower(k), [x.0, x.1])
        case .call(let f, let a):
            let x = compileComplex(a, values)
            return parts(.call(f), [x.0, x.1])
        }
    }

    private mutating func binary(
        _ operation: Operation, _ a: CompiledExpression, _ b: CompiledExpression, _ values: [Int], _ kinks: inout [Int]
    ) -> Int {
        let x = compile(a, values, &kinks)
        let y = compile(b, values, &kinks)
        return emit(operation, [x, y])
    }

    /// Adds `seed · ∂e/∂slot` to each slot's adjoint where `mask` is non-zero, in
    /// ``BroadcastEvaluator/backpropagate``'s (and ReverseMode's) order and arithmetic.
    private mutating func backpropagate(_ e: CompiledExpression, seed: Int, mask: Int, _ values: [Int], _ adjoint: inout [Int?]) {
        var ignored: [Int] = []
        func value(_ x: CompiledExpression) -> Int { compile(x, values, &ignored) }
        switch e {
        case .constant: return
        case .slot(let s):
            let old = adjoint[s] ?? emit(.constant(bits: 0), [])
            adjoint[s] = emit(.accumulate, [old, seed, mask])
        case .negate(let a):
            backpropagate(a, seed: emit(.negate, [seed]), mask: mask, values, &adjoint)
        case .add(let a, let b):
            backpropagate(a, seed: seed, mask: mask, values, &adjoint)
            backpropagate(b, seed: seed, mask: mask, values, &adjoint)
        case .subtract(let a, let b):
            backpropagate(a, seed: seed, mask: mask, values, &adjoint)
            backpropagate(b, seed: emit(.negate, [seed]), mask: mask, values, &adjoint)
        case .multiply(let a, let b):
            let va = value(a), vb = value(b)
            if !a.slots.isEmpty { backpropagate(a, seed: emit(.multiply, [seed, vb]), mask: mask, values, &adjoint) }
            if !b.slots.isEmpty { backpropagate(b, seed: emit(.multiply, [seed, va]), mask: mask, values, &adjoint) }
        case .divide(let a, let b):
            let va = value(a), vb = value(b)
            backpropagate(a, seed: emit(.divide, [seed, vb]), mask: mask, values, &adjoint)
            // -seed · va / (vb · vb)
            let numerator = emit(.multiply, [emit(.negate, [seed]), va])
            backpropagate(b, seed: emit(.divide, [numerator, emit(.multiply, [vb, vb])]), mask: mask, values, &adjoint)
        case .integerPower(let a, let k):
            // seed · k · va^(k-1)
            let va = value(a)
            let scaled = emit(.multiply, [seed, emit(.constant(bits: Double(k).bitPattern), [])])
            backpropagate(a, seed: emit(.multiply, [scaled, emit(.integerPower(k - 1), [va])]), mask: mask, values, &adjoint)
        case .power(let a, let b):
            let va = value(a), vb = value(b)
            if !a.slots.isEmpty {
                // seed · vb · va^(vb - 1)
                let exponent = emit(.subtract, [vb, emit(.constant(bits: (1.0).bitPattern), [])])
                let s = emit(.multiply, [emit(.multiply, [seed, vb]), emit(.power, [va, exponent])])
                backpropagate(a, seed: s, mask: mask, values, &adjoint)
            }
            if !b.slots.isEmpty {
                // seed · va^vb · log(va)
                let s = emit(.multiply, [emit(.multiply, [seed, emit(.power, [va, vb])]), emit(.call(.log), [va])])
                backpropagate(b, seed: s, mask: mask, values, &adjoint)
            }
        case .call(let f, let a):
            let va = value(a)
            backpropagate(a, seed: emit(.multiply, [seed, emit(.derivative(f), [va])]), mask: mask, values, &adjoint)
        }
    }
}
