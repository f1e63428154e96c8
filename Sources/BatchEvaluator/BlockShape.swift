/// The shape of one block (a box of index space) and broadcasting over it.
///
/// A *tensor over a set of dimensions* `S` (a bit mask) holds one value per
/// index combination of the dimensions in `S` within the block, row-major in
/// dimension order. A value that depends only on `x` and `w1` is stored once
/// per `(x, w1)` pair of the block, and ``expand(_:from:to:)`` broadcasts it
/// to a larger set of dimensions when an operation needs it there.
struct BlockShape {
    /// Per dimension, the block's length along it.
    let length: [Int]

    init(length: [Int]) { self.length = length }

    /// The number of values of a tensor over `set`.
    func count(_ set: UInt64) -> Int {
        var n = 1
        for d in length.indices where set & (1 << UInt64(d)) != 0 { n *= length[d] }
        return n
    }

    /// The dimensions in `set`, ascending.
    func dimensions(_ set: UInt64) -> [Int] { length.indices.filter { set & (1 << UInt64($0)) != 0 } }

    /// Per dimension, the stride of a tensor over `set` (0 for dimensions not in it).
    func strides(_ set: UInt64) -> [Int] {
        var s = [Int](repeating: 0, count: length.count)
        var stride = 1
        for d in length.indices.reversed() where set & (1 << UInt64(d)) != 0 {
            s[d] = stride
            stride *= length[d]
        }
        return s
    }

    /// The tensor `source` over `from` broadcast to the superset `to`.
    func expand(_ source: [Double], from: UInt64, to: UInt64) -> [Double] {
        precondition(from & ~to == 0, "can only broadcast to a superset of dimensions")
        if from == to { return source }
        let total = count(to)
        if from == 0 || count(from) == 1 { return [Double](repeating: source[0], count: total) }
        let dims = dimensions(to)
        let sourceStride = strides(from)
        let last = dims[dims.count - 1]
        let runLength = length[last], runStride = sourceStride[last]
        var index = [Int](repeating: 0, count: dims.count)
        var offset = 0
        return [Double](unsafeUninitializedCapacity: total) { out, initialized in
            source.withUnsafeBufferPointer { src in
                var o = 0
                while o < total {
                    if runStride == 0 {
                        let v = src[offset]
                        for i in 0..<runLength { out[o + i] = v }
                    } else {
                        for i in 0..<runLength { out[o + i] = src[offset + i * runStride] }
                    }
                    o += runLength
                    var k = dims.count - 2
                    while k >= 0 {
                        let d = dims[k]
                        index[k] += 1
                        offset += sourceStride[d]
                        if index[k] < length[d] { break }
                        offset -= sourceStride[d] * length[d]
                        index[k] = 0
                        k -= 1
                    }
                }
            }
            initialized = total
        }
    }
}
