@testable import GradientSweep
import Testing

/// Slot sharing in ``RegisterSlots``: a register gives its slot away only
/// after its last use, only when every reader is on its own level (a row
/// re-runs later levels without recomputing it), never to the instruction
/// reading it, and never while it is pinned.
@Suite("RegisterSlots")
struct RegisterSlotsTests {
    /// Registers 0…5 in this order:
    /// 0 (level 1) ← load; 1 (level 1) ← f(0); 2 (level 1) ← g(1); 3 (level 2) ← h(2, 0);
    /// 4 (level 2) ← k(3); 5 (level 2) ← m(4).
    static let operands: [[Int]] = [[], [0], [1], [2, 0], [3], [4]]
    static let levels = [1, 1, 1, 2, 2, 2]

    @Test func aRegisterReadOnItsOwnLevelGivesItsSlotOnAfterItsLastUse() {
        let slots = RegisterSlots(order: Array(0..<6), levels: Self.levels, operands: Self.operands,
                                  isVector: .init(repeating: true, count: 6), pinned: [5])
        // 1 is read only by 2 (level 1): its slot is free after 2, never taken by 2 itself.
        #expect(slots.slot[2] != slots.slot[1])
        // 0 and 2 are read on level 2: they keep their slots for the whole sweep.
        let kept = Set([slots.slot[0], slots.slot[2]])
        for r in [1, 3, 4, 5] { #expect(!kept.contains(slots.slot[r]), "register \(r) took a kept slot") }
        // 3 takes 1's freed slot; 4 reads 3, so it cannot share 3's; 5 reads 4 and takes 3's slot.
        #expect(slots.slot[3] == slots.slot[1])
        #expect(slots.slot[4] != slots.slot[3])
        #expect(slots.slot[5] == slots.slot[3])
        #expect(slots.vectorSlots == 4)
        #expect(slots.scalarSlots == 0)
    }

    @Test func pinnedRegistersKeepTheirSlots() {
        let slots = RegisterSlots(order: Array(0..<6), levels: Self.levels, operands: Self.operands,
                                  isVector: .init(repeating: true, count: 6), pinned: [1, 3, 5])
        #expect(Set(slots.slot).count == 6)
    }

    @Test func vectorAndScalarRegistersHaveSeparateSlots() {
        let slots = RegisterSlots(order: Array(0..<6), levels: Self.levels, operands: Self.operands,
                                  isVector: [false, false, true, true, false, true], pinned: [5])
        #expect(slots.scalarSlots == 2)  // 0 kept; 1 freed after 2 and taken by 4
        #expect(slots.slot[4] == slots.slot[1])
        #expect(slots.vectorSlots == 2)  // 2 kept; 3, then 5 in 3's slot
        #expect(slots.slot[5] == slots.slot[3])
    }
}
