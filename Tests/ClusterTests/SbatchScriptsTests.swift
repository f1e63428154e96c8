import GradientSweep
import Cluster
import Foundation
import Reporting
import Testing

/// The scripts `gradcheck submit` writes, line by line.
@Suite("SbatchScripts")
struct SbatchScriptsTests {
    static func scripts(arguments: [String] = ["--x", "-4:4:400", "--claim", "w2=(a2 - y)*a1"], threads: Int? = nil, cpus: Int = 1) throws -> SbatchScripts {
        SbatchScripts(layout: try RunLayout(directory: "/runs/r1", workingDirectory: "/"), binary: "/opt/gc/gradcheck",
                      workingDirectory: "/home/me/project", arguments: arguments, threads: threads, shards: 8, cpusPerTask: cpus,
                      partition: "short", time: "30:00", extraOptions: ["--mem=2G"])
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test("the array script: one task per shard, options verbatim, --shard auto/N, the part file per task")
    func sweep() throws {
        let lines = Self.lines(try Self.scripts().sweep)
        #expect(lines.first == "#!/bin/bash")
        for expected in ["#SBATCH --job-name=gradcheck-sweep", "#SBATCH --array=1-8", "#SBATCH --cpus-per-task=1",
                         "#SBATCH --output=/runs/r1/logs/shard-%a.out", "#SBATCH --partition=short", "#SBATCH --time=30:00",
                         "#SBATCH --mem=2G", "set -euo pipefail", "cd /home/me/project"] {
            #expect(lines.contains(expected), "\(expected)")
        }
        #expect(lines.last == "exec /opt/gc/gradcheck sweep --x -4:4:400 --claim 'w2=(a2 - y)*a1' --threads 1 --shard auto/8 --output \"/runs/r1/parts/part-${SLURM_ARRAY_TASK_ID}.json\"")
    }

    @Test("--threads follows --cpus-per-task unless the sweep options set it")
    func threads() throws {
        #expect(try Self.scripts(cpus: 4).sweep.contains("--threads 4 --shard"))
        let own = try Self.scripts(arguments: ["--threads", "2"], threads: 2, cpus: 4).sweep
        #expect(own.contains("sweep --threads 2 --shard auto/8"))
    }

    @Test("the merge script: every part in order, cancelled when a dependency fails")
    func merge() throws {
        let lines = Self.lines(try Self.scripts().merge)
        #expect(lines.contains("#SBATCH --kill-on-invalid-dep=yes"))
        #expect(lines.contains("#SBATCH --output=/runs/r1/logs/merge.out"))
        // By directory: 50,000 part paths on one command line exceed the kernel's limit (E2BIG).
        #expect(lines.last == "exec /opt/gc/gradcheck merge --output /runs/r1/summary.json --parts-dir /runs/r1/parts")
    }

    /// Issue 12, item 16: 50,000 part paths on the merge's command line failed with E2BIG.
    @Test("the merge command stays one short line whatever the shard count")
    func mergeOfManyShards() throws {
        var scripts = try Self.scripts()
        for shards in [1, 50_000, 4_000_000] {
            scripts.shards = shards
            let command = try #require(Self.lines(scripts.merge).last)
            #expect(command == "exec /opt/gc/gradcheck merge --output /runs/r1/summary.json --parts-dir /runs/r1/parts")
        }
    }

    @Test("sbatch arguments: the whole array, a subset by index, the merge after the array or alone")
    func submissions() throws {
        let s = try Self.scripts()
        #expect(s.sweepSubmission(shards: Array(1...8)) == ["--parsable", "/runs/r1/sweep.sbatch"])
        #expect(s.sweepSubmission(shards: [3, 7, 8]) == ["--parsable", "--array=3,7-8", "/runs/r1/sweep.sbatch"])
        #expect(s.mergeSubmission(after: "41") == ["--parsable", "--dependency=afterok:41", "--kill-on-invalid-dep=yes", "/runs/r1/merge.sbatch"])
        #expect(s.mergeSubmission(after: nil) == ["--parsable", "/runs/r1/merge.sbatch"])
    }

    @Test("bash accepts both scripts")
    func syntax() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try Self.scripts()
        for (name, text) in [("sweep.sbatch", s.sweep), ("merge.sbatch", s.merge)] {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let bash = Process()
            bash.executableURL = URL(fileURLWithPath: "/bin/bash")
            bash.arguments = ["-n", path]
            try bash.run()
            bash.waitUntilExit()
            #expect(bash.terminationStatus == 0, "\(name)")
        }
    }

    @Test("options that would break the scripts or override their own are refused", arguments: [
        (nil, nil, ["--array=1-3"], "--sbatch '--array=1-3': gradcheck submit sets --array itself"),
        (nil, nil, ["-o", "x"], "--sbatch '-o': gradcheck submit sets -o itself"),
        // Issue 12, item 15: one value, one option; getopt_long's abbreviations and grouped short options.
        ("debug --output=evil-%a.out --array=1-999", nil, [], "--partition 'debug --output=evil-%a.out --array=1-999': a space is not allowed (sbatch splits #SBATCH lines into words at white space and ends them at '#'); give one option per --sbatch, e.g. --sbatch=--mem=4G"),
        (nil, nil, ["--mem=4G --array=1-500"], "--sbatch '--mem=4G --array=1-500': a space is not allowed (sbatch splits #SBATCH lines into words at white space and ends them at '#'); give one option per --sbatch, e.g. --sbatch=--mem=4G"),
        (nil, nil, ["--mem=4G\t--array=1-5"], "--sbatch '--mem=4G\\t--array=1-5': a control or white-space character is not allowed (sbatch splits #SBATCH lines into words at white space and ends them at '#'); give one option per --sbatch, e.g. --sbatch=--mem=4G"),
        ("debug#x", nil, [], "--partition 'debug#x': '#' is not allowed (sbatch splits #SBATCH lines into words at white space and ends them at '#'); give one option per --sbatch, e.g. --sbatch=--mem=4G"),
        (nil, nil, ["--comment=\"a\""], "--sbatch '--comment=\"a\"': '\"' is not allowed (sbatch splits #SBATCH lines into words at white space and ends them at '#'); give one option per --sbatch, e.g. --sbatch=--mem=4G"),
        (nil, nil, ["--arr=1-500"], "--sbatch '--arr=1-500': gradcheck submit sets --array itself"),
        (nil, nil, ["--outp=x"], "--sbatch '--outp=x': gradcheck submit sets --output itself"),
        (nil, nil, ["--dep=afterok:1"], "--sbatch '--dep=afterok:1': gradcheck submit sets --dependency itself"),
        (nil, nil, ["-Ha1-5"], "--sbatch '-Ha1-5': gradcheck submit sets -a itself"),
        (nil, nil, ["-a1-5"], "--sbatch '-a1-5': gradcheck submit sets -a itself"),
        (nil, nil, ["mem=4G"], "--sbatch 'mem=4G' is not an option; give each as --sbatch=--name=value"),
        (nil, nil, ["--kill-on-invalid-dep=no"], "--sbatch '--kill-on-invalid-dep=no': gradcheck submit sets --kill-on-invalid-dep itself"),
        ("a\nb", nil, [], "--partition 'a\\nb': a control or white-space character is not allowed (sbatch splits #SBATCH lines into words at white space and ends them at '#'); give one option per --sbatch, e.g. --sbatch=--mem=4G"),
        (nil, "", [], "--time needs a value; it cannot be empty"),
        (nil, "abc", [], "--time 'abc' is not a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, or UNLIMITED)"),
    ] as [(String?, String?, [String], String)])
    func refusedOptions(partition: String?, time: String?, extra: [String], message: String) {
        #expect {
            try SbatchScripts.check(partition: partition, time: time, extraOptions: extra)
        } throws: { error in
            (error as? InputError)?.message == message
        }
    }

    @Test("accepted options pass", arguments: [["--mem=4G", "--account=proj", "--exclusive", "--qos=long", "-pdebug", "--deadline=now+1hour"]])
    func acceptedOptions(extra: [String]) throws {
        try SbatchScripts.check(partition: "short", time: "1:00:00", extraOptions: extra)
    }

    @Test("a sweep that sets --shard, --output or --heatmap is refused: submit sets the first two, every task would write the third")
    func reservedSweepOptions() throws {
        var request = SweepRequest(network: .file("q2.net"))
        request.threads = 2
        request.heatmapAxes = "x,w1"
        try SbatchScripts.check(sweep: request)
        let summary = "(the merged summary is RUN_DIR/summary.json)"
        for (set, message) in [
            ({ (r: inout SweepRequest) in r.shard = "1/2" }, "gradcheck submit sets --shard itself; --shard cannot be given \(summary)"),
            ({ (r: inout SweepRequest) in r.output = "x.json" }, "gradcheck submit sets --output itself; --output or --out cannot be given \(summary)"),
            ({ (r: inout SweepRequest) in r.heatmap = "m.svg" }, "--heatmap cannot be given to gradcheck submit: every task would write it \(summary)"),
        ] {
            var bad = request
            set(&bad)
            #expect { try SbatchScripts.check(sweep: bad) } throws: { ($0 as? InputError)?.message == message }
        }
    }

    @Test("Slurm time limits", arguments: [
        ("30", true), ("30:00", true), ("2:00:00", true), ("1-12", true), ("1-12:30", true), ("1-12:30:00", true),
        ("UNLIMITED", true), ("infinite", true), ("abc", false), ("1:2:3:4", false), ("-5", false), ("1-", false),
        ("1h", false), ("1-2-3", false), ("", false), (":30", false), ("1.5", false),
    ])
    func slurmTime(text: String, valid: Bool) {
        #expect(SbatchScripts.isSlurmTime(text) == valid)
    }
}
