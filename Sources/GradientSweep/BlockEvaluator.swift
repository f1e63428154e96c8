/// Something that evaluates a sweep in a fixed set of blocks. Each worker
/// thread has its own instance (its own buffers); the block decomposition
/// does not depend on the number of threads.
protocol BlockEvaluator: AnyObject {
    /// The number of blocks the domain is cut into.
    var blockCount: Int { get }
    /// Evaluates block `k` and adds its points to `summary`.
    func evaluate(block k: Int, into summary: inout SweepSummary)
}
