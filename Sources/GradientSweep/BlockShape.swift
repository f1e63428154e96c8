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

extension BlockShape {
    /// `op(a, b)` over the union of the two tensors' dimensions, each
    /// broadcast along the dimensions it lacks, without materialising either
    /// broadcast: the same values as `elementwise(expand(a), expand(b), op)`.
    ///
    /// Adjacent dimensions along which both operands are laid out
    /// contiguously (or both constant) are merged, so the inner loop runs
    /// over the longest stretch it can.
    @inline(__always)
    func combine(_ a: [Double], _ sa: UInt64, _ b: [Double], _ sb: UInt64, _ op: (Double, Double) -> Double) -> [Double] {
        let to = sa | sb
        let total = count(to)
        if a.count == total && b.count == total { return elementwise(a, b, op) }
        if a.count == 1 { let x = a[0]; return b.count == total ? b.map { op(x, $0) } : combineGeneral(a, sa, b, sb, op) }
        if b.count == 1 { let y = b[0]; return a.count == total ? a.map { op($0, y) } : combineGeneral(a, sa, b, sb, op) }
        return combineGeneral(a, sa, b, sb, op)
    }

    @inline(__always)
    private func combineGeneral(_ a: [Double], _ sa: UInt64, _ b: [Double], _ sb: UInt64, _ op: (Double, Double) -> Double) -> [Double] {
        let to = sa | sb
        let total = count(to)
        let fullA = strides(sa), fullB = strides(sb)
        // (length, stride in a, stride in b) per dimension of `to` longer than 1, merged where contiguous.
        var loops: [(n: Int, a: Int, b: Int)] = []
        for d in length.indices where to & (1 << UInt64(d)) != 0 && length[d] > 1 {
            if let last = loops.last, last.a == fullA[d] * length[d], last.b == fullB[d] * length[d] {
                loops[loops.count - 1] = (last.n * length[d], fullA[d], fullB[d])
            } else {
                loops.append((length[d], fullA[d], fullB[d]))
            }
        }
        if loops.isEmpty { return [op(a[0], b[0])] }
        let inner = loops.removeLast()
        var index = [Int](repeating: 0, count: loops.count)
        return [Double](unsafeUninitializedCapacity: total) { out, initialized in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    let o = out.baseAddress!, x = pa.baseAddress!, y = pb.baseAddress!
                    var (offset, ia, ib) = (0, 0, 0)
                    while offset < total {
                        let n = inner.n
                        switch (inner.a, inner.b) {
                        case (1, 0):
                            let v = y[ib]
                            for i in 0..<n { (o + offset + i).initialize(to: op(x[ia + i], v)) }
                        case (0, 1):
                            let u = x[ia]
                            for i in 0..<n { (o + offset + i).initialize(to: op(u, y[ib + i])) }
                        case (1, 1):
                            for i in 0..<n { (o + offset + i).initialize(to: op(x[ia + i], y[ib + i])) }
                        case let (da, db):
                            for i in 0..<n { (o + offset + i).initialize(to: op(x[ia + i * da], y[ib + i * db])) }
                        }
                        offset += n
                        var k = loops.count - 1
                        while k >= 0 {
                            index[k] += 1
                            ia += loops[k].a
                            ib += loops[k].b
                            if index[k] < loops[k].n { break }
                            ia -= loops[k].a * loops[k].n
                            ib -= loops[k].b * loops[k].n
                            index[k] = 0
                            k -= 1
                        }
                    }
                }
            }
            initialized = total
        }
    }
}
