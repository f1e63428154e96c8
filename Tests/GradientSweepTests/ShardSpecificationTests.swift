import GradientSweep
import Reporting
import Testing

/// `--shard K/N`, and `auto` and `auto/N` from Slurm's array variables.
@Suite("ShardSpecification")
struct ShardSpecificationTests {
    static func array(id: Int, min: Int, max: Int, count: Int) -> [String: String] {
        ["SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "\(min)", "SLURM_ARRAY_TASK_MAX": "\(max)", "SLURM_ARRAY_TASK_COUNT": "\(count)"]
    }

    static func message(_ text: String, _ environment: [String: String]) -> String {
        do {
            let s = try ShardSpecification.parse(text, environment: environment)
            return "\(s.index)/\(s.count)"
        } catch {
            return error.message
        }
    }

    @Test("auto: arrays 0..N-1 and 1..N give the same shards")
    func auto() throws {
        for id in 0...7 {
            let zero = try ShardSpecification.parse("auto", environment: Self.array(id: id, min: 0, max: 7, count: 8))
            let one = try ShardSpecification.parse("auto", environment: Self.array(id: id + 1, min: 1, max: 8, count: 8))
            #expect(zero == (id, 8) && one == (id, 8))
        }
    }

    @Test("auto: a missing, malformed or inconsistent variable is one clear message")
    func autoRefusals() {
        var env = Self.array(id: 2, min: 1, max: 4, count: 4)
        env["SLURM_ARRAY_TASK_COUNT"] = nil
        #expect(Self.message("auto", env) == "--shard auto needs SLURM_ARRAY_TASK_COUNT (set by Slurm in each task of a job array: run it with sbatch --array, or give --shard K/N)")
        #expect(Self.message("auto", [:]).hasPrefix("--shard auto needs SLURM_ARRAY_TASK_ID"))
        env["SLURM_ARRAY_TASK_COUNT"] = "four"
        #expect(Self.message("auto", env) == "--shard auto: SLURM_ARRAY_TASK_COUNT='four' is not a non-negative whole number")
        #expect(Self.message("auto", Self.array(id: 3, min: 3, max: 7, count: 2))
            == "--shard auto: the job array is not contiguous (SLURM_ARRAY_TASK_MIN=3, MAX=7, COUNT=2); submit it as --array=0-1 or 1-2, or use --shard auto/N with array indices 1-N")
        #expect(Self.message("auto", Self.array(id: 9, min: 1, max: 4, count: 4))
            == "--shard auto: SLURM_ARRAY_TASK_ID=9 lies outside SLURM_ARRAY_TASK_MIN=1..SLURM_ARRAY_TASK_MAX=4")
    }

    /// `SLURM_ARRAY_TASK_MAX=9223372036854775807` used to trap in `max - min + 1` (exit 132).
    @Test("auto: extreme variables are refused, never trap")
    func extremeVariables() {
        let big = Int.max
        #expect(Self.message("auto", Self.array(id: 0, min: 0, max: big, count: 4))
            == "--shard auto: the job array is not contiguous (SLURM_ARRAY_TASK_MIN=0, MAX=\(big), COUNT=4); submit it as --array=0-3 or 1-4, or use --shard auto/N with array indices 1-N")
        #expect(Self.message("auto", Self.array(id: big, min: big, max: big, count: 1)) == "0/1")
        #expect(Self.message("auto", Self.array(id: 0, min: 5, max: 3, count: 1)).hasPrefix("--shard auto: the job array is not contiguous"))
        var env = Self.array(id: 1, min: 0, max: 3, count: 4)
        env["SLURM_ARRAY_TASK_MAX"] = "99999999999999999999"
        #expect(Self.message("auto", env) == "--shard auto: SLURM_ARRAY_TASK_MAX='99999999999999999999' is not a non-negative whole number")
    }

    @Test("auto/N: the array index is the shard number, so a listed array (3,7) works")
    func autoCount() throws {
        #expect(try ShardSpecification.parse("auto/8", environment: Self.array(id: 7, min: 3, max: 7, count: 2)) == (6, 8))
        #expect(Self.message("auto/8", Self.array(id: 0, min: 0, max: 7, count: 8))
            == "--shard auto/8: SLURM_ARRAY_TASK_ID is 0, but the array indices must be the shard numbers 1-8 (sbatch --array=1-8)")
        #expect(Self.message("auto/0", [:]) == "--shard 'auto/0': N must be a positive whole number, e.g. auto/8")
        #expect(Self.message("auto/8", [:]).hasPrefix("--shard auto/8 needs SLURM_ARRAY_TASK_ID"))
    }

    @Test("K/N needs no environment; anything else is refused")
    func explicit() {
        #expect(Self.message("3/4", [:]) == "2/4")
        #expect(Self.message("5/4", [:]) == "--shard '5/4': need 1 <= K <= N")
        #expect(Self.message("automatic", [:]) == "--shard 'automatic' must be K/N (e.g. 2/4), auto or auto/N")
    }
}
