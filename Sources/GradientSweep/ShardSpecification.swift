import Reporting

/// `--shard`: the K-th (1-based) of N disjoint slices of a sweep, in one of three forms.
///
/// - `K/N`: as written, no environment needed.
/// - `auto`: shard K of N of a Slurm job array, with
///   K = `SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1` and N = `SLURM_ARRAY_TASK_COUNT`,
///   so arrays `0-(N-1)` and `1-N` both work. The array must be contiguous
///   (`MAX - MIN + 1 == COUNT`): a stepped (`1-9:2`) or listed (`3,7`) array has no
///   shard count to infer.
/// - `auto/N`: shard K of N with K = `SLURM_ARRAY_TASK_ID`, which must lie in
///   1...N; the array indices are the shard numbers, so any subset of them
///   (`--array=3,7`) runs. `gradcheck submit` writes this form, so that a rerun
///   can submit only the missing shards.
public enum ShardSpecification {
    /// The most shards a sweep may be split into: a Slurm job array's limit
    /// (Slurm's MaxArraySize is at most 4,000,001, indices 0...4,000,000).
    public static let maximumCount = 4_000_000

    /// `(index, count)` with a 0-based index, for any of the three forms; `environment`
    /// (a process environment) is read only by `auto` and `auto/N`.
    public static func parse(_ text: String, environment: [String: String] = [:]) throws(InputError) -> (index: Int, count: Int) {
        if text == "auto" { return try contiguous(environment) }
        if text.hasPrefix("auto/") {
            let n = text.dropFirst("auto/".count)
            guard let count = Int(n), count >= 1 else { throw InputError("--shard '\(text)': N must be a positive whole number, e.g. auto/8") }
            let id = try integer("SLURM_ARRAY_TASK_ID", environment, form: text)
            guard (1...count).contains(id) else {
                throw InputError("--shard \(text): SLURM_ARRAY_TASK_ID is \(id), but the array indices must be the shard numbers 1-\(count) (sbatch --array=1-\(count))")
            }
            return (id - 1, count)
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw InputError("--shard '\(text)' must be K/N (e.g. 2/4), auto or auto/N")
        }
        guard n >= 1, k >= 1, k <= n else { throw InputError("--shard '\(text)': need 1 <= K <= N") }
        guard n <= maximumCount else { throw InputError("--shard '\(text)': at most 4,000,000 shards") }
        return (k - 1, n)
    }

    static func contiguous(_ environment: [String: String]) throws(InputError) -> (index: Int, count: Int) {
        let id = try integer("SLURM_ARRAY_TASK_ID", environment, form: "auto")
        let min = try integer("SLURM_ARRAY_TASK_MIN", environment, form: "auto")
        let max = try integer("SLURM_ARRAY_TASK_MAX", environment, form: "auto")
        let count = try integer("SLURM_ARRAY_TASK_COUNT", environment, form: "auto")
        // Checked: Slurm's variables are any text a task's environment holds (MAX = 2^63-1 used to trap).
        let span = max.subtractingReportingOverflow(min)
        let size = span.partialValue.addingReportingOverflow(1)
        guard count >= 1, !span.overflow, !size.overflow, size.partialValue == count else {
            throw InputError("--shard auto: the job array is not contiguous (SLURM_ARRAY_TASK_MIN=\(min), MAX=\(max), COUNT=\(count)); submit it as --array=0-\(count - 1) or 1-\(count), or use --shard auto/N with array indices 1-N")
        }
        guard (min...max).contains(id) else {
            throw InputError("--shard auto: SLURM_ARRAY_TASK_ID=\(id) lies outside SLURM_ARRAY_TASK_MIN=\(min)..SLURM_ARRAY_TASK_MAX=\(max)")
        }
        return (id - min, count)
    }

    static func integer(_ name: String, _ environment: [String: String], form: String) throws(InputError) -> Int {
        guard let text = environment[name] else {
            throw InputError("--shard \(form) needs \(name) (set by Slurm in each task of a job array: run it with sbatch --array, or give --shard K/N)")
        }
        guard let value = Int(text), value >= 0 else {
            throw InputError("--shard \(form): \(name)='\(text)' is not a non-negative whole number")
        }
        return value
    }
}
