/// A fixed decomposition of a domain's points into blocks, independent of
/// the number of threads: the unit of work, of streaming and of sharding.
///
/// A block fixes the dimensions before a *split dimension* `s` to single
/// indices, takes a chunk of consecutive indices along `s`, and all of every
/// later dimension, so that it holds at most `maximumPoints` points (unless a
/// single index of `s` alone exceeds it, which happens only for the last
/// dimension, and then chunks of it are taken). Every block is a contiguous
/// range of linear indices and a box in index space, which is what lets a
/// node be evaluated once per block over just the dimensions it depends on.
public struct BlockPlan: Sendable, Equatable {
    public let sizes: [Int]
    public let split: Int
    public let chunk: Int
    /// Blocks along the split dimension for each index of the outer dimensions.
    public let chunksPerRow: Int
    public let blockCount: Int
    /// Points per unit of the split dimension: the product of later sizes.
    public let inner: Int

    /// A box of the index space: per dimension, the first index and the length.
    public struct Block: Sendable, Equatable {
        public var index: Int
        public var lower: [Int]
        public var length: [Int]
        /// Linear index of the first point; the block's points follow contiguously.
        public var firstPoint: Int
        public var pointCount: Int
    }

    public init(sizes: [Int], maximumPoints: Int) {
        precondition(!sizes.isEmpty && sizes.allSatisfy { $0 >= 1 } && maximumPoints >= 1)
        self.sizes = sizes
        var inner = 1
        var s = sizes.count - 1
        // Grow the suffix of whole dimensions while it fits.
        while s > 0, inner * sizes[s] <= maximumPoints {
            inner *= sizes[s]
            s -= 1
        }
        if s == 0 && inner * sizes[0] <= maximumPoints {
            // Everything fits in one block.
            split = 0
            chunk = sizes[0]
        } else {
            split = s
            chunk = Swift.max(1, maximumPoints / inner)
        }
        self.inner = inner
        chunksPerRow = (sizes[split] + chunk - 1) / chunk
        blockCount = sizes[..<split].reduce(1, *) * chunksPerRow
    }

    public func block(_ k: Int) -> Block {
        var outer = k / chunksPerRow
        let j = k % chunksPerRow
        var lower = [Int](repeating: 0, count: sizes.count)
        var length = sizes
        for d in stride(from: split - 1, through: 0, by: -1) {
            lower[d] = outer % sizes[d]
            length[d] = 1
            outer /= sizes[d]
        }
        lower[split] = j * chunk
        length[split] = Swift.min(chunk, sizes[split] - j * chunk)
        var first = 0
        for d in 0...split { first = first * sizes[d] + lower[d] }
        first *= inner
        return Block(index: k, lower: lower, length: length, firstPoint: first, pointCount: length[split] * inner)
    }

    /// The blocks of shard `shard` (0-based) of `count`: a contiguous range.
    public func blocks(ofShard shard: Int, of count: Int) -> Range<Int> {
        (blockCount * shard / count)..<(blockCount * (shard + 1) / count)
    }
}
