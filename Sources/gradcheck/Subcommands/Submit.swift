import ArgumentParser
import GradientSweep
import Cluster
import Foundation
import Reporting

/// `gradcheck submit`: a sweep as a Slurm job array with a dependent merge job.
struct Submit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Run a sweep on a Slurm cluster: a job array of shards and a merge job, in a run directory.",
        discussion: """
            Give the sweep's options as for gradcheck sweep (network, method, axes, claims, tolerances); they are \
            checked here and passed to every task verbatim. Writes RUN_DIR/sweep.sbatch (task K runs \
            `gradcheck sweep ... --shard auto/N --out RUN_DIR/parts/part-K.json`) and RUN_DIR/merge.sbatch \
            (afterok on the array, cancelled if a task fails; writes RUN_DIR/summary.json), submits both with \
            sbatch and prints the job ids. Run it again with the same options to submit only the shards whose part \
            is missing; with --wait while its jobs still run, it waits for them instead. Exit status: 0 submitted (with --wait: merged, no failures), 1 merged with failures, \
            2 bad input (or a different sweep in RUN_DIR), 3 with --wait: a job failed or the wait timed out.
            """)

    @Option(parsing: .unconditional, help: "Number of shards (array tasks).") var shards: Int
    @Option(help: ArgumentHelp("Run directory for scripts, parts, logs and summary.json.", valueName: "RUN_DIR")) var dir: String
    @Option(help: "Slurm partition.") var partition: String?
    @Option(help: ArgumentHelp("Slurm time limit per task and for the merge, e.g. 30:00 or 2:00:00.", valueName: "T")) var time: String?
    @Option(name: .customLong("cpus-per-task"), parsing: .unconditional, help: "CPUs per task; the sweep runs this many threads unless --threads is given.")
    var cpusPerTask: Int = 1
    @Option(name: .customLong("sbatch"), help: ArgumentHelp("A further #SBATCH option for both scripts, e.g. --sbatch=--mem=4G (repeatable).", valueName: "option"))
    var sbatchOptions: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Write the scripts and print the sbatch commands without submitting.") var dryRun = false
    @Flag(help: "Wait for the merge job and report how the run ended.") var wait = false
    @Option(parsing: .unconditional, help: ArgumentHelp("With --wait: give up after this many seconds.", valueName: "seconds")) var timeout: Double = 86_400
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Sweep options, as for gradcheck sweep.", valueName: "sweep options"))
    var sweepArguments: [String] = []

    /// With `--wait`: a job failed, or the run did not finish in time.
    static let jobsFailed: Int32 = 3

    func run() throws {
        guard shards >= 1 else { throw InputError("--shards must be at least 1") }
        guard cpusPerTask >= 1 else { throw InputError("--cpus-per-task must be at least 1") }
        guard timeout > 0, timeout.isFinite else { throw InputError("--timeout must be a positive number of seconds") }
        // The sweep every task runs, checked by the rules `gradcheck sweep` applies, before anything is written.
        let (request, loaded) = try Sweep.parse(sweepArguments).request()
        try loaded.requireVariablesUnlikeOptions(of: "submit") {
            Submit.ownsOption($0, base: ["--shards", "1", "--dir", "d"]) { $0.sweepArguments }
        }
        try SbatchScripts.check(sweep: request)
        try SbatchScripts.check(partition: partition, time: time, extraOptions: sbatchOptions)
        let (network, domain, settings) = try request.resolve(network: loaded)
        guard shards <= ShardSpecification.maximumCount else { throw InputError("--shards \(shards): a Slurm job array holds at most 4,000,000 tasks") }
        if let points = domain.pointCount, shards > points {
            throw InputError("--shards \(shards) is more than the sweep's \(points) points")
        }
        let configuration = SweepConfiguration(network: network, domain: domain, settings: settings)
        let cwd = FileManager.default.currentDirectoryPath
        let layout = try RunLayout(directory: dir, workingDirectory: cwd)
        let record = RunRecord(
            fingerprint: SweepFingerprint.of(configuration: configuration, shardCount: shards, blockPoints: settings.blockPoints),
            shards: shards, configuration: configuration, arguments: sweepArguments, binary: Self.binaryPath(), workingDirectory: cwd)
        let client = SlurmClient()
        if !dryRun { try client.requireCommands() }
        var run = try RunDirectory(layout: layout, record: record, client: dryRun ? nil : client)
        if let active = run.activeSubmission, wait {
            print("waiting for the jobs already submitted: \(active.jobs.joined(separator: ", "))")
            return try report(RunWatch.wait(for: active, in: layout, record: run.record, client: client, timeout: timeout), jobs: active.jobs)
        }
        try run.requireIdle()
        for path in run.progress.unreadable {
            FileHandle.standardError.write(Data("gradcheck submit: \(path) is unreadable; its shard is submitted again\n".utf8))
        }
        let scripts = SbatchScripts(layout: layout, binary: record.binary, workingDirectory: cwd, arguments: sweepArguments, threads: request.threads,
                                    shards: shards, cpusPerTask: cpusPerTask, partition: partition, time: time, extraOptions: sbatchOptions)
        try run.write(scripts)

        let plan = run.progress.plan
        if plan.array.isEmpty && !plan.merge {
            print("nothing to submit: all \(shards) parts and \(layout.summary) are there")
            return
        }
        if dryRun {
            print("wrote \(layout.sweepScript) and \(layout.mergeScript)")
            if !plan.array.isEmpty {
                print("would submit shards \(ArrayIndexList.format(plan.array)): sbatch \(ShellQuoting.join(scripts.sweepSubmission(shards: plan.array)))")
            }
            print("then the merge: sbatch \(ShellQuoting.join(scripts.mergeSubmission(after: plan.array.isEmpty ? nil : "ARRAY_JOB_ID")))")
            return
        }
        let submission = try run.submit(scripts, with: client)
        let jobs = submission.jobs.joined(separator: ",")
        if let arrayJob = submission.arrayJob { print("submitted shards \(ArrayIndexList.format(plan.array)) of \(shards) as array job \(arrayJob)") }
        print("submitted the merge as job \(submission.mergeJob)\(submission.arrayJob == nil ? "" : " (runs after every shard succeeded)")")
        print("watch:   squeue -j \(jobs)")
        print("after:   sacct -j \(jobs) --format=JobID,State,ExitCode,Elapsed")
        print("result:  \(layout.summary) (merge output in \(layout.mergeLog))")
        if wait { try report(RunWatch.wait(for: submission, in: layout, record: run.record, client: client, timeout: timeout), jobs: submission.jobs) }
    }

    /// Prints how the wait ended; the exit status says it too.
    func report(_ outcome: RunWatch.Outcome, jobs: [String]) throws {
        switch outcome {
        case .merged(let report):
            print(SummaryText.render(report), terminator: "")
            // Non-finite points fail as in sweep and merge (they were counted, and the exit status was 0).
            if !report.summary.passed { throw ExitCode(ExitStatus.checkFailed) }
        case .failed(let report):
            FileHandle.standardError.write(Data(report.utf8))
            throw ExitCode(Self.jobsFailed)
        case .timedOut:
            FileHandle.standardError.write(Data("gradcheck submit: the run did not finish within \(timeout) s; watch it with squeue -j \(jobs.joined(separator: ","))\n".utf8))
            throw ExitCode(Self.jobsFailed)
        }
    }

    /// The running `gradcheck` binary, absolute, so that every task runs this very build.
    static func binaryPath() -> String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        if exe != "/proc/self/exe" { return exe }
        let argv0 = CommandLine.arguments[0]
        return URL(fileURLWithPath: argv0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }
}
