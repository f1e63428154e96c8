import Foundation
import Testing

/// `gradcheck submit`, run as a user would, without Slurm: `--dry-run` writes
/// the scripts and says what it would submit. (Tests/SlurmTests submits for real.)
@Suite("gradcheck submit")
struct SubmitCommandTests {
    static let grid = ["--x", "-4:4:9", "--w1", "-4:4:8", "--w2", "-4:4:7", "--y", "0,1"]
    static let relu = SweepLimitsTests.crossEntropy.replacingOccurrences(of: "q2-cross-entropy.net", with: "q2-relu.net")

    static func submit(_ dir: URL, _ extra: [String] = [], grid: [String] = grid) throws -> GradcheckRunner.Output {
        try GradcheckRunner.run(["submit", "--shards", "4", "--dir", dir.path, "--dry-run"] + extra + grid)
    }

    @Test("--dry-run writes sweep.sbatch, merge.sbatch and run.json with this binary's absolute path")
    func scripts() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        let r = try Self.submit(run, ["--method", "five-point", "--partition", "short", "--time", "10:00"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("would submit shards 1-4: sbatch --parsable \(run.path)/sweep.sbatch"))
        #expect(r.stdout.contains("then the merge: sbatch --parsable --dependency=afterok:ARRAY_JOB_ID --kill-on-invalid-dep=yes \(run.path)/merge.sbatch"))
        let sweep = try String(contentsOf: run.appendingPathComponent("sweep.sbatch"), encoding: .utf8)
        let binary = try GradcheckRunner.locateExecutable().resolvingSymlinksInPath().path
        #expect(sweep.contains("exec \(binary) sweep --method five-point " + Self.grid.joined(separator: " ") + " --threads 1 --shard auto/4 --output \"\(run.path)/parts/part-${SLURM_ARRAY_TASK_ID}.json\""))
        #expect(sweep.contains("#SBATCH --partition=short\n#SBATCH --time=10:00\n"))
        let merge = try String(contentsOf: run.appendingPathComponent("merge.sbatch"), encoding: .utf8)
        #expect(merge.contains("merge --output \(run.path)/summary.json --parts-dir \(run.path)/parts\n"))
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("run.json"))) as! [String: Any]
        #expect(record["format"] as? String == "gradcheck-submit/1")
        #expect(record["shards"] as? Int == 4)
        #expect((record["fingerprint"] as? String)?.count == 16)
    }

    @Test("a rerun submits only the shards whose part is missing, then only the merge, then nothing")
    func rerun() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        #expect(try Self.submit(run).status == 0)
        for k in [1, 3] {
            let part = run.appendingPathComponent("parts/part-\(k).json").path
            #expect(try GradcheckRunner.run(["sweep", "--shard", "\(k)/4", "--out", part] + Self.grid).status == 0)
        }
        let again = try Self.submit(run)
        #expect(again.stdout.contains("would submit shards 2,4: sbatch --parsable --array=2,4 \(run.path)/sweep.sbatch"), "\(again.stdout)")
        for k in [2, 4] {
            let part = run.appendingPathComponent("parts/part-\(k).json").path
            #expect(try GradcheckRunner.run(["sweep", "--shard", "\(k)/4", "--out", part] + Self.grid).status == 0)
        }
        let mergeOnly = try Self.submit(run)
        #expect(!mergeOnly.stdout.contains("would submit shards"))
        #expect(mergeOnly.stdout.contains("then the merge: sbatch --parsable \(run.path)/merge.sbatch"))
        let merged = try GradcheckRunner.run(["merge", "--out", run.appendingPathComponent("summary.json").path]
            + (1...4).map { run.appendingPathComponent("parts/part-\($0).json").path })
        #expect(merged.status == 0)
        let nothing = try Self.submit(run)
        #expect(nothing.status == 0 && nothing.stdout.contains("nothing to submit: all 4 parts and \(run.path)/summary.json are there"))
    }

    @Test("a run directory holding another sweep is refused, naming what differs")
    func otherSweep() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        #expect(try Self.submit(run).status == 0)
        var grid = Self.grid
        grid[1] = "-4:4:10"
        let r = try Self.submit(run, grid: grid)
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(run.path) holds a different sweep"))
        #expect(r.stderr.contains("grid: x has 10 values from -4.0 to 4.0 in this command, 9 values from -4.0 to 4.0 in \(run.path)"))
    }

    @Test("bad sweep options fail at submission with exit 2, before anything is written", arguments: [
        (["--x", "4:-4:0"], "count"), (["--method", "sideways"], "unknown method"), (["--q", "1"], "unknown variable 'q'"),
        (["--out", "x.json"], "--out cannot be given"), (["--shard", "1/2"], "--shard cannot be given"), (["--heatmap", "m.svg"], "every task would write it"),
        (["--time", "1:00\n#SBATCH --x"], "--time '1:00\\n#SBATCH --x': a control or white-space character is not allowed"),
        (["--partition", "debug --output=evil-%a.out --array=1-999"], "a space is not allowed"), (["--sbatch=--arr=1-500"], "gradcheck submit sets --array itself"),
        (["--bogus"], "unknown option '--bogus'"), (["--sbatch=--array=1-3"], "gradcheck submit sets --array itself"),
        (["--time", "abc"], "not a Slurm time limit"),
    ])
    func badInput(extra: [String], message: String) throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        let r = try Self.submit(run, extra)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run.path))
    }

    @Test("submit refuses a bad sweep with the very message sweep prints (one set of rules, in the library)", arguments: [
        ["--method", "complex-step", "--network", Self.relu], ["--claim", "w1=x", "--claim", "w1=2*x"],
        ["--worst", "-1"], ["--threads", "0"], ["--format", "xml"], ["--atol", "-1"], ["--block-points", "0"],
        ["--heatmap-axes", "x,w1"], ["--evaluator", "fast"], ["--points", "p.csv"], ["--x", "0:1:10000000", "--w1", "0:1:10000000", "--w2", "0:1:100"],
    ])
    func sameRulesAsSweep(extra: [String]) throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        let grid = ["--y", "0,1"] + (extra.contains("--x") ? [] : ["--x", "-4:4:9", "--w1", "-4:4:8", "--w2", "-4:4:7"])
        let sweep = try GradcheckRunner.run(["sweep"] + extra + grid)
        let submit = try Self.submit(run, extra, grid: grid)
        #expect(sweep.status == 2 && submit.status == 2)
        #expect(sweep.stderr.split(separator: "\n").count == 1, "\(sweep.stderr)")
        #expect(submit.stderr == sweep.stderr)
        #expect(!FileManager.default.fileExists(atPath: run.path))
    }

    @Test("more shards than points, or than a Slurm array holds: one message, exit 2, promptly", arguments: [
        ("5", "more than the sweep's 4 points"), ("99999999999", "at most 4,000,000 tasks"),
    ])
    func tooManyShards(shards: String, message: String) throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        let r = try GradcheckRunner.run(["submit", "--shards", shards, "--dir", run.path, "--dry-run",
                                         "--x", "1,2", "--w1", "1", "--w2", "1", "--y", "0,1"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run.path))
    }

    /// Stand-ins for Slurm's client: `sbatch` runs the script at once (each array index in turn,
    /// with SLURM_ARRAY_TASK_ID set) and prints a job id; `squeue` lists no job, so every job has ended.
    static let fakeSbatch = """
        #!/bin/bash
        array=""; script=""
        for a in "$@"; do case "$a" in --array=*) array="${a#--array=}";; -*) ;; *) script="$a";; esac; done
        if grep -q '^#SBATCH --array=' "$script"; then
          [ -n "$array" ] || array=$(sed -n 's/^#SBATCH --array=//p' "$script")
          for part in ${array//,/ }; do
            for k in $(seq "${part%-*}" "${part#*-}"); do SLURM_ARRAY_TASK_ID=$k bash "$script" > /dev/null 2>&1; done
          done
          echo 100
        else
          bash "$script" > /dev/null 2>&1; echo 101
        fi

        """

    @Test("--wait: a merged sweep with non-finite points exits 1, as sweep and merge do (it exited 0)")
    func waitFailsOnNonFinitePoints() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for (name, text) in [("sbatch", Self.fakeSbatch), ("squeue", "#!/bin/sh\nexit 0\n")] {
            let path = bin.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        let network = dir.appendingPathComponent("log.net").path
        try "input x\nparam w\nloss L = log(w * x)\n".write(toFile: network, atomically: true, encoding: .utf8)
        let r = try GradcheckRunner.run(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: [
            "PATH=\(bin.path):/usr/bin:/bin", try GradcheckRunner.locateExecutable().path,
            "submit", "--shards", "2", "--dir", dir.appendingPathComponent("run").path, "--wait",
            "--network", network, "--x", "-1:1:5", "--w", "-1:1:5"], currentDirectory: dir)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("w: 17 NON-FINITE, 25 points: 8 agree, 0 inconclusive, 0 mismatch, 17 non-finite"), "\(r.stdout)")
    }

    @Test("without sbatch on PATH: one clear message, exit 2")
    func noSlurm() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try GradcheckRunner.run(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: [
            "PATH=/nonexistent", try GradcheckRunner.locateExecutable().path,
            "submit", "--shards", "2", "--dir", dir.appendingPathComponent("run").path] + Self.grid)
        #expect(r.status == 2)
        #expect(r.stderr == "error: sbatch not found on PATH: gradcheck submit needs Slurm's client commands (Debian: apt-get install slurm-client); --dry-run writes the scripts without submitting\n")
    }
}
