/// `op(a[i], b[i])` for every index of two tensors of equal length, written
/// straight into a new array: the loop the broadcast evaluator runs for every
/// binary tensor operation.
///
/// `zip(a, b).map(op)` computes the same values, but a `Zip2Sequence` is not a
/// `Collection`, so its `map` appends element by element (a uniqueness check
/// and capacity test each); this writes into uninitialised storage of known
/// size, which the optimiser can vectorise.
@inline(__always)
func elementwise<A, B, R>(_ a: [A], _ b: [B], _ op: (A, B) -> R) -> [R] {
    precondition(a.count == b.count, "elementwise operands over different sets of points")
    return [R](unsafeUninitializedCapacity: a.count) { out, initialized in
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for i in 0..<pa.count { (out.baseAddress! + i).initialize(to: op(pa[i], pb[i])) }
            }
        }
        initialized = a.count
    }
}
