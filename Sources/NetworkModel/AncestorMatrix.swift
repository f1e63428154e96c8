/// Which slots each slot depends on, directly or transitively: one bit per
/// pair of slots, `slotCount²/8` bytes (50 MB for the largest network a file
/// may hold, ``NetworkParser/maximumNames`` slots).
///
/// A set of slot indices per slot would take 16 bytes or more per pair: a
/// chain of 20,000 nodes needed 3.1 GB that way.
public struct AncestorMatrix: Sendable {
    private let wordsPerRow: Int
    private var words: [UInt64]

    /// No slot depends on any other yet.
    public init(slotCount: Int) {
        wordsPerRow = (slotCount + 63) / 64
        words = [UInt64](repeating: 0, count: wordsPerRow * slotCount)
    }

    /// Whether `slot` depends on `ancestor`.
    public func contains(_ ancestor: Int, in slot: Int) -> Bool {
        words[slot * wordsPerRow + ancestor / 64] & (1 << UInt64(ancestor % 64)) != 0
    }

    /// Records that `slot` depends on `input` and on everything `input` depends on.
    public mutating func inherit(from input: Int, into slot: Int) {
        let row = slot * wordsPerRow, from = input * wordsPerRow
        words.withUnsafeMutableBufferPointer { w in
            for i in 0..<wordsPerRow { w[row + i] |= w[from + i] }
        }
        words[row + input / 64] |= 1 << UInt64(input % 64)
    }
}
