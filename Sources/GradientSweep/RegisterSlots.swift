/// Where a ``SweepProgram``'s registers live in ``ProgramEvaluator``'s buffer:
/// registers whose values are no longer needed give their *slot* to later
/// ones, so the registers of a row (the label level's temporaries above
/// all) stay in the first-level cache instead of each taking its own memory.
///
/// The evaluator re-runs a suffix of the instructions per row (from the
/// first level whose dimensions changed), so a register may hand its slot on
/// after its last use only when every instruction reading it is on its own
/// level: then any run that reads it computes it first. A register read on a
/// later level, or by the per-point stage (`pinned`), keeps its slot for
/// the whole sweep. An instruction's output never shares a slot with one of
/// its operands. Vector registers (one value per lane) and scalar ones
/// have separate slots.
struct RegisterSlots: Equatable, Sendable {
    /// Per register, its slot index (among vector slots or among scalar slots).
    var slot: [Int]
    var vectorSlots = 0, scalarSlots = 0

    /// - Parameters:
    ///   - order: the instructions in the order they run.
    ///   - levels: per register, its level (the evaluator re-runs from the first instruction of a level).
    ///   - operands: per register, the registers its instruction reads.
    ///   - isVector: per register, whether it holds one value per lane.
    ///   - pinned: registers read after the instructions run.
    init(order: [Int], levels: [Int], operands: [[Int]], isVector: [Bool], pinned: Set<Int>) {
        let count = levels.count
        var lastUse = [Int](repeating: -1, count: count), keep = [Bool](repeating: false, count: count)
        for r in pinned { keep[r] = true }
        for (position, k) in order.enumerated() {
            for o in operands[k] {
                lastUse[o] = Swift.max(lastUse[o], position)
                if levels[k] != levels[o] { keep[o] = true }
            }
        }
        // Registers freed after each position.
        var freedAfter = [[Int]](repeating: [], count: order.count)
        for r in 0..<count where !keep[r] && lastUse[r] >= 0 { freedAfter[lastUse[r]].append(r) }
        slot = [Int](repeating: -1, count: count)
        var free: [[Int]] = [[], []]  // scalar, vector
        var next = [0, 0]
        for (position, k) in order.enumerated() {
            let pool = isVector[k] ? 1 : 0
            if let s = free[pool].popLast() {
                slot[k] = s
            } else {
                slot[k] = next[pool]
                next[pool] += 1
            }
            if lastUse[k] < 0, !keep[k] { free[pool].append(slot[k]) }  // never read
            for r in freedAfter[position] { free[isVector[r] ? 1 : 0].append(slot[r]) }
        }
        (scalarSlots, vectorSlots) = (next[0], next[1])
    }
}
