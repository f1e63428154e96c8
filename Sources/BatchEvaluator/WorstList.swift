/// The `limit` worst points of a parameter under ``PointError/worse(_:than:)``
/// (non-finite points first, then the larger relative error, ties to the lower
/// point index): a bounded binary heap whose root is the least bad point kept.
///
/// Inserting is O(log limit) and rejecting a point that cannot enter is O(1),
/// so keeping a million worst points of 10⁸ costs about what a plain sweep
/// does (a sorted array's insertion was O(limit) per point). Under a total
/// order the kept set does not depend on the order of insertion, so results
/// are the same for any thread count, block size or merge order.
///
/// It reads as a sequence in order, worst first, and is written to JSON the
/// same way (an array, worst first).
public struct WorstList: Sendable, Codable, Sequence {
    /// A min-heap under "less bad": `heap[0]` is the least bad point kept.
    @usableFromInline var heap: [PointError] = []

    public init() {}

    /// The points, worst first.
    public init(_ points: [PointError]) {
        for e in points { insert(e, limit: .max) }
    }

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }
    /// The least bad point kept: the one the next worse point replaces.
    @inlinable public var leastBad: PointError? { heap.first }

    /// The points, worst first.
    public var sorted: [PointError] { heap.sorted { PointError.worse($0, than: $1) } }

    public func makeIterator() -> IndexingIterator<[PointError]> { sorted.makeIterator() }

    /// Keeps `e` if fewer than `limit` points are kept or `e` is worse than the least bad.
    @inlinable
    public mutating func insert(_ e: PointError, limit: Int) {
        guard limit > 0 else { return }
        if heap.count < limit {
            heap.append(e)
            siftUp(heap.count - 1)
        } else if PointError.worse(e, than: heap[0]) {
            heap[0] = e
            siftDown(0)
        }
    }

    /// Applies `body` to every point kept (in no particular order); it must not change their ranking.
    public mutating func updateEach(_ body: (inout PointError) -> Void) {
        for i in heap.indices { body(&heap[i]) }
    }

    @inlinable mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard PointError.worse(heap[parent], than: heap[i]) else { return }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    @inlinable mutating func siftDown(_ start: Int) {
        var i = start
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var least = i
            if l < n, PointError.worse(heap[least], than: heap[l]) { least = l }
            if r < n, PointError.worse(heap[least], than: heap[r]) { least = r }
            if least == i { return }
            heap.swapAt(i, least)
            i = least
        }
    }

    /// Reads the array JSON holds (worst first) and makes it a heap in O(n).
    public init(from decoder: Decoder) throws {
        heap = try [PointError](from: decoder)
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    public func encode(to encoder: Encoder) throws {
        try sorted.encode(to: encoder)
    }
}

extension WorstList: Equatable {
    public static func == (a: WorstList, b: WorstList) -> Bool { a.sorted == b.sorted }
}
