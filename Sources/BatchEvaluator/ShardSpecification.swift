import Reporting

/// `--shard K/N`: the K-th (1-based) of N disjoint slices of a sweep.
/// (`--shard auto` and `auto/N`, for Slurm job arrays, are read by the `Cluster` module.)
public enum ShardSpecification {
    /// The most shards a sweep may be split into: a Slurm job array's limit.
    public static let maximumCount = 4_000_000

    /// `(index, count)` with a 0-based index.
    public static func parse(_ text: String) throws(InputError) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw InputError("--shard '\(text)' must be K/N (e.g. 2/4), auto or auto/N")
        }
        guard n >= 1, k >= 1, k <= n else { throw InputError("--shard '\(text)': need 1 <= K <= N") }
        guard n <= maximumCount else { throw InputError("--shard '\(text)': at most 4,000,000 shards") }
        return (k - 1, n)
    }
}
