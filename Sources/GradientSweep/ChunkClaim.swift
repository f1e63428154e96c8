import NetworkModel

/// A claimed gradient (`--claim`) evaluated for the exam network's kernel,
/// one chunk of `w2` columns and every label at a time, so that a claim is
/// checked at the kernel's speed instead of the broadcast evaluator's.
///
/// The claim may use the exam network's variables and nodes up to `a2`
/// (`x y w1 w2 z1 a1 z2 a2`; not the loss): within a chunk `x, w1, z1, a1`
/// are the row's, `w2, z2, a2` the columns', `y` the label's. Each operation
/// is the network's own on `Double` (`GraphScalar`), element by element, so
/// a claim's value equals the broadcast evaluator's for the same node values.
/// The node values are the kernel's: `z1 = x w1` and `z2 = a1 w2` exactly,
/// `a1` and `a2` within an ulp of the network's sigmoid (see
/// ``ExamNetworkEvaluator``), so the claim's values agree with the broadcast
/// evaluator's to a few ulps, as the network's own gradients do.
///
/// Scratch buffers are allocated once, one per operation of the expression:
/// no allocation per chunk.
final class ChunkClaim {
    /// Slots of the exam network's variables and nodes (``Network/slot(of:)``).
    enum Slot: Int { case x, y, w1, w2, z1, a1, z2, a2 }

    let expression: CompiledExpression
    /// Room for one column-valued intermediate per operation, `capacity` doubles each.
    private let scratch: UnsafeMutablePointer<Double>
    private let buffers: Int
    private let capacity: Int

    /// Whether the claim uses only slots up to `a2` (not the loss).
    static func supports(_ expression: CompiledExpression) -> Bool {
        expression.slots.allSatisfy { Slot(rawValue: $0) != nil }
    }

    /// `nil` when the claim uses a slot past `a2` (the loss).
    init?(_ expression: CompiledExpression, capacity: Int) {
        guard Self.supports(expression) else { return nil }
        self.expression = expression
        self.capacity = capacity
        buffers = Swift.max(1, expression.operationCount)
        scratch = .allocate(capacity: buffers * capacity)
    }

    deinit { scratch.deallocate() }

    /// The row's values (constant over a chunk).
    struct Row {
        var x, w1, z1, a1: Double
    }

    /// The columns' values: `count` each.
    struct Columns {
        var w2, z2, a2: UnsafePointer<Double>
        var count: Int
    }

    private enum Value {
        case scalar(Double)
        case column(UnsafeMutablePointer<Double>)
    }

    /// The claim at every column of the chunk for label value `y`, written to `out[0..<columns.count]`.
    func evaluate(row: Row, y: Double, columns: Columns, into out: UnsafeMutablePointer<Double>) {
        var next = 0
        switch value(expression, row, y, columns, &next) {
        case .scalar(let v): out.update(repeating: v, count: columns.count)
        case .column(let p): out.update(from: p, count: columns.count)
        }
    }

    private func value(_ e: CompiledExpression, _ row: Row, _ y: Double, _ c: Columns, _ next: inout Int) -> Value {
        func fresh() -> UnsafeMutablePointer<Double> {
            defer { next += 1 }
            return scratch + next * capacity
        }
        func map(_ a: Value, _ f: (Double) -> Double) -> Value {
            switch a {
            case .scalar(let v): return .scalar(f(v))
            case .column(let p):
                let o = fresh()
                for i in 0..<c.count { o[i] = f(p[i]) }
                return .column(o)
            }
        }
        func zip(_ a: Value, _ b: Value, _ f: (Double, Double) -> Double) -> Value {
            switch (a, b) {
            case (.scalar(let u), .scalar(let v)): return .scalar(f(u, v))
            case (.scalar(let u), .column(let q)):
                let o = fresh()
                for i in 0..<c.count { o[i] = f(u, q[i]) }
                return .column(o)
            case (.column(let p), .scalar(let v)):
                let o = fresh()
                for i in 0..<c.count { o[i] = f(p[i], v) }
                return .column(o)
            case (.column(let p), .column(let q)):
                let o = fresh()
                for i in 0..<c.count { o[i] = f(p[i], q[i]) }
                return .column(o)
            }
        }
        switch e {
        case .constant(let v): return .scalar(v)
        case .slot(let s):
            switch Slot(rawValue: s)! {
            case .x: return .scalar(row.x)
            case .y: return .scalar(y)
            case .w1: return .scalar(row.w1)
            case .z1: return .scalar(row.z1)
            case .a1: return .scalar(row.a1)
            case .w2: return .column(UnsafeMutablePointer(mutating: c.w2))
            case .z2: return .column(UnsafeMutablePointer(mutating: c.z2))
            case .a2: return .column(UnsafeMutablePointer(mutating: c.a2))
            }
        case .negate(let a): return map(value(a, row, y, c, &next)) { -$0 }
        case .add(let a, let b): return zip(value(a, row, y, c, &next), value(b, row, y, c, &next)) { $0 + $1 }
        case .subtract(let a, let b): return zip(value(a, row, y, c, &next), value(b, row, y, c, &next)) { $0 - $1 }
        case .multiply(let a, let b): return zip(value(a, row, y, c, &next), value(b, row, y, c, &next)) { $0 * $1 }
        case .divide(let a, let b): return zip(value(a, row, y, c, &next), value(b, row, y, c, &next)) { $0 / $1 }
        case .integerPower(let a, let n): return map(value(a, row, y, c, &next)) { $0.integerPower(n) }
        case .power(let a, let b): return zip(value(a, row, y, c, &next), value(b, row, y, c, &next)) { Double.power($0, $1) }
        case .call(let f, let a): return map(value(a, row, y, c, &next)) { Double.apply(f, to: $0) }
        }
    }
}

extension CompiledExpression {
    /// The number of operations (every case but constants and slots): an upper
    /// bound on the intermediate values an evaluation produces.
    var operationCount: Int {
        switch self {
        case .constant, .slot: return 0
        case .negate(let a), .integerPower(let a, _), .call(_, let a): return 1 + a.operationCount
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b):
            return 1 + a.operationCount + b.operationCount
        }
    }
}
