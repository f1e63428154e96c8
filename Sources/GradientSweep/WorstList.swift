/// The `limit` worst points of a parameter under ``PointError/worse(_:than:)``
/// (non-finite points first, then the larger relative error, ties to the lower
/// point index).
///
/// A buffer with periodic selection: a point that is not worse than the
/// current *floor* (the least bad point kept at the last selection) is
/// rejected in O(1); others are appended, and when the buffer holds twice the
/// limit a quickselect keeps the `limit` worst and raises the floor. That is
/// amortised O(1) per point, with sequential memory access (a binary heap of
/// a million 80-byte points spent its time in cache misses; the sorted array
/// before it was O(limit) per point). Under a total order the kept set does
/// not depend on the order of insertion, so results are the same for any
/// thread count, block size or merge order.
///
/// It reads as a sequence in order, worst first, and is written to JSON the
/// same way (an array, worst first).
public struct WorstList: Sendable, Codable, Sequence {
    /// Candidates in no particular order; the worst `limit` of them are the list.
    @usableFromInline var items: [PointError] = []
    /// The limit given to `insert` (`Int.max` until then).
    @usableFromInline var limit = Int.max
    /// The least bad point kept at the last selection: nothing not worse than it can enter.
    @usableFromInline var floor: PointError?

    public init() {}

    /// The points, worst first.
    public init(_ points: [PointError]) { items = points }

    public var count: Int { Swift.min(items.count, limit) }
    public var isEmpty: Bool { items.isEmpty }

    /// A point that every point entering the list must be worse than, once the
    /// list is full (`nil` while it is not).
    @inlinable public var leastBad: PointError? { items.count >= limit ? floor : nil }

    /// The points, worst first.
    public var sorted: [PointError] { Array(items.sorted { PointError.worse($0, than: $1) }.prefix(limit)) }

    /// The worst point.
    public var first: PointError? { sorted.first }

    public func makeIterator() -> IndexingIterator<[PointError]> { sorted.makeIterator() }

    /// Keeps `e` if fewer than `limit` points are kept or `e` is worse than the floor.
    @inlinable
    public mutating func insert(_ e: PointError, limit: Int) {
        guard limit > 0 else { return }
        self.limit = limit
        if let floor, !PointError.worse(e, than: floor) { return }
        items.append(e)
        if items.count >= 2 * limit || (items.count == limit && floor == nil) { select() }
    }

    /// Keeps the `limit` worst items and sets the floor to the least bad of them.
    @usableFromInline mutating func select() {
        let k = Swift.min(limit, items.count)
        guard k > 0 else { return }
        items.withUnsafeMutableBufferPointer { Self.quickselect($0, k - 1) }
        items.removeLast(items.count - k)
        var least = items[0]
        for e in items where PointError.worse(least, than: e) { least = e }
        floor = least
    }

    /// Reorders `a` so that `a[k]` is the element sorted order would put there
    /// (worst first) and every element before it is worse.
    @usableFromInline static func quickselect(_ a: UnsafeMutableBufferPointer<PointError>, _ k: Int) {
        var lo = 0, hi = a.count - 1
        while lo < hi {
            // Median of three as the pivot, moved to `hi`.
            let mid = lo + (hi - lo) / 2
            if PointError.worse(a[mid], than: a[lo]) { a.swapAt(mid, lo) }
            if PointError.worse(a[hi], than: a[lo]) { a.swapAt(hi, lo) }
            if PointError.worse(a[mid], than: a[hi]) { a.swapAt(mid, hi) }
            let pivot = a[hi]
            var store = lo
            for i in lo..<hi where PointError.worse(a[i], than: pivot) {
                a.swapAt(i, store)
                store += 1
            }
            a.swapAt(store, hi)
            if store == k { return }
            if store < k { lo = store + 1 } else { hi = store - 1 }
        }
    }

    /// Applies `body` to every point kept (in no particular order); it must not change their ranking.
    public mutating func updateEach(_ body: (inout PointError) -> Void) {
        select()
        for i in items.indices { body(&items[i]) }
    }

    public init(from decoder: Decoder) throws {
        items = try [PointError](from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try sorted.encode(to: encoder)
    }
}

extension WorstList: Equatable {
    public static func == (a: WorstList, b: WorstList) -> Bool { a.sorted == b.sorted }
}
