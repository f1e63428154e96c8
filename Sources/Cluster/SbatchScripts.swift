import GradientSweep
import Reporting

/// The two batch scripts `gradcheck submit` writes: a job array with one task
/// per shard, and a merge job. Plain bash with `#SBATCH` lines, meant to be
/// read and, if need be, submitted by hand.
public struct SbatchScripts: Sendable, Equatable {
    public var layout: RunLayout
    /// Absolute path of the `gradcheck` binary the tasks run.
    public var binary: String
    /// Where the tasks run (relative paths in `arguments` refer to it).
    public var workingDirectory: String
    /// The sweep options, passed to every task verbatim (without `--shard` and `--out`).
    public var arguments: [String]
    /// The sweep's own `--threads` (``SweepRequest/threads``), `nil` when `arguments` set none:
    /// then every task runs `cpusPerTask` threads.
    public var threads: Int?
    public var shards: Int
    /// CPUs each task asks for; the sweep runs that many threads unless it sets ``threads``.
    public var cpusPerTask: Int
    public var partition: String?
    /// Slurm's `--time` for each task and for the merge (e.g. `30:00`, `2:00:00`).
    public var time: String?
    /// Further `#SBATCH` options for both scripts, e.g. `--account=proj` or `--mem=4G`.
    public var extraOptions: [String]

    public init(layout: RunLayout, binary: String, workingDirectory: String, arguments: [String], threads: Int? = nil,
                shards: Int, cpusPerTask: Int = 1, partition: String? = nil, time: String? = nil, extraOptions: [String] = []) {
        self.layout = layout
        self.binary = binary
        self.workingDirectory = workingDirectory
        self.arguments = arguments
        self.threads = threads
        self.shards = shards
        self.cpusPerTask = cpusPerTask
        self.partition = partition
        self.time = time
        self.extraOptions = extraOptions
    }

    var common: [String] {
        var lines: [String] = []
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        lines += extraOptions.map { "#SBATCH \($0)" }
        return lines
    }

    /// The job array: task K evaluates shard K/N and writes `parts/part-K.json`.
    public var sweep: String {
        var command = [binary, "sweep"] + arguments
        if threads == nil { command += ["--threads", "\(cpusPerTask)"] }
        command += ["--shard", "auto/\(shards)", "--output"]
        return ([
            "#!/bin/bash",
            "# gradcheck sweep in \(shards) shards, one task of a Slurm job array per shard.",
            "# Written by `gradcheck submit`, which submits it as",
            "#   sbatch --parsable [--array=LIST] \(layout.sweepScript)",
            "# The array index is the shard number K (1-\(shards)); task K writes",
            "# \(layout.partsDirectory)/part-K.json whole or not at all, and its output to logs/shard-K.out.",
            "#SBATCH --job-name=gradcheck-sweep",
            "#SBATCH --array=1-\(shards)",
            "#SBATCH --cpus-per-task=\(cpusPerTask)",
            "#SBATCH --output=\(layout.logsDirectory)/shard-%a.out",
        ] + common + [
            "set -euo pipefail",
            "cd \(ShellQuoting.quote(workingDirectory))",
            "exec \(ShellQuoting.join(command)) \"\(layout.partsDirectory)/part-${SLURM_ARRAY_TASK_ID}.json\"",
        ]).joined(separator: "\n") + "\n"
    }

    /// The merge job: combines every part into `summary.json`. Submitted with
    /// `--dependency=afterok:ARRAY`, so it runs only when every task succeeded;
    /// `--kill-on-invalid-dep=yes` cancels it when one fails instead of leaving it pending.
    public var merge: String {
        // The parts by directory, not one argument each: 50,000 paths exceed the kernel's argument limit (E2BIG).
        let command = [binary, "merge", "--output", layout.summary, "--parts-dir", layout.partsDirectory]
        return ([
            "#!/bin/bash",
            "# The merge of the \(shards) shards of the sweep in \(layout.directory) into summary.json.",
            "# Written by `gradcheck submit`, which submits it as",
            "#   sbatch --parsable --dependency=afterok:ARRAY_JOB_ID \(layout.mergeScript)",
            "# so that it runs only after every shard succeeded, and is cancelled if one fails.",
            "#SBATCH --job-name=gradcheck-merge",
            "#SBATCH --kill-on-invalid-dep=yes",
            "#SBATCH --output=\(layout.mergeLog)",
        ] + common + [
            "set -euo pipefail",
            "cd \(ShellQuoting.quote(workingDirectory))",
            "exec \(ShellQuoting.join(command))",
        ]).joined(separator: "\n") + "\n"
    }

    /// `sbatch` arguments for the job array running `shards` (all of them when it is every shard).
    public func sweepSubmission(shards submitted: [Int]) -> [String] {
        var args = ["--parsable"]
        if submitted.count != shards { args.append("--array=\(ArrayIndexList.format(submitted))") }
        return args + [layout.sweepScript]
    }

    /// `sbatch` arguments for the merge job, after `arrayJob` when there is one.
    public func mergeSubmission(after arrayJob: String?) -> [String] {
        var args = ["--parsable"]
        if let arrayJob { args += ["--dependency=afterok:\(arrayJob)", "--kill-on-invalid-dep=yes"] }
        return args + [layout.mergeScript]
    }

    /// Refuses a sweep whose request sets what `gradcheck submit` sets for every task itself
    /// (``SweepRequest/shard``, ``SweepRequest/output``) or would make every task write one file
    /// (``SweepRequest/heatmap``).
    public static func check(sweep request: SweepRequest) throws(InputError) {
        let summary = "(the merged summary is RUN_DIR/summary.json)"
        if request.shard != nil { throw InputError("gradcheck submit sets --shard itself; --shard cannot be given \(summary)") }
        if request.output != nil { throw InputError("gradcheck submit sets --output itself; --output or --out cannot be given \(summary)") }
        if request.heatmap != nil { throw InputError("--heatmap cannot be given to gradcheck submit: every task would write it \(summary)") }
    }

    /// Whether `text` is a time limit `sbatch --time` accepts: `M`, `M:S`,
    /// `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S` (whole numbers), `UNLIMITED` or `INFINITE`.
    public static func isSlurmTime(_ text: String) -> Bool {
        if ["UNLIMITED", "INFINITE"].contains(text.uppercased()) { return true }
        func numbers(_ part: Substring, count: ClosedRange<Int>) -> Bool {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            return count.contains(fields.count) && fields.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        }
        let dayParts = text.split(separator: "-", omittingEmptySubsequences: false)
        switch dayParts.count {
        case 1: return numbers(dayParts[0], count: 1...3)
        case 2: return numbers(dayParts[0], count: 1...1) && numbers(dayParts[1], count: 1...3)
        default: return false
        }
    }

    /// The long options the scripts set themselves, and their short forms.
    static let reservedLong = ["--array", "--output", "--error", "--dependency", "--job-name", "--kill-on-invalid-dep"]
    static let reservedShort: Set<Character> = ["a", "o", "e", "d", "J"]
    /// sbatch's short options that take no argument, so that another may follow in one word (`-Ha1-5` is `-H -a 1-5`).
    static let shortFlags: Set<Character> = ["H", "h", "O", "Q", "s", "u", "V", "v", "W"]

    /// Refuses values that would break an `#SBATCH` line, a `--time` Slurm would refuse,
    /// and `--sbatch` options that would override the scripts' own.
    ///
    /// sbatch splits an `#SBATCH` line into words at white space, ends it at a `#`,
    /// and treats quotes and backslashes specially (how, depends on its version). So
    /// each value is one option with no white space, `#`, quote, backslash or control
    /// character, and nothing is quoted: `--partition 'debug --array=1-999'` and
    /// `--sbatch='--mem=4G --array=1-500'` are refused, not split into two options.
    /// Reserved options are matched as getopt_long matches them: any prefix of a long
    /// name (`--arr` is `--array`), and short options grouped after flags (`-Ha1-5`).
    public static func check(partition: String?, time: String?, extraOptions: [String]) throws(InputError) {
        for (name, value) in [("--partition", partition), ("--time", time)] + extraOptions.map({ ("--sbatch", $0) }) {
            guard let value else { continue }
            guard !value.isEmpty else { throw InputError("\(name) needs a value; it cannot be empty") }
            if let bad = value.first(where: { $0.isWhitespace || $0.isNewline || "#'\"\\".contains($0) || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7f } == true }) {
                throw InputError("\(name) '\(escaped(value))': \(describe(bad)) is not allowed (sbatch splits #SBATCH lines into words at white space and ends them at '#'); give one option per --sbatch, e.g. --sbatch=--mem=4G")
            }
        }
        if let time, !isSlurmTime(time) {
            throw InputError("--time '\(time)' is not a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, or UNLIMITED)")
        }
        for option in extraOptions {
            guard option.hasPrefix("-"), option != "-", option != "--" else {
                throw InputError("--sbatch '\(option)' is not an option; give each as --sbatch=--name=value")
            }
            if let own = reserved(option) { throw InputError("--sbatch '\(option)': gradcheck submit sets \(own) itself") }
        }
    }

    /// The reserved option `option` would set in sbatch, if any.
    static func reserved(_ option: String) -> String? {
        if option.hasPrefix("--") {
            let name = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return reservedLong.first { $0.hasPrefix(name) && name.count > 2 }
        }
        for letter in option.dropFirst() {
            if reservedShort.contains(letter) { return "-\(letter)" }
            guard shortFlags.contains(letter) else { return nil }  // the rest is this option's argument
        }
        return nil
    }

    /// `text` on one line: control characters written as `\n`, `\t`, `\r` or `\u{…}`.
    static func escaped(_ text: String) -> String {
        text.unicodeScalars.map { u -> String in
            switch u {
            case "\n": return "\\n"
            case "\t": return "\\t"
            case "\r": return "\\r"
            default: return u.value < 0x20 || u.value == 0x7f ? "\\u{\(String(u.value, radix: 16))}" : String(u)
            }
        }.joined()
    }

    private static func describe(_ c: Character) -> String {
        if c == " " { return "a space" }
        if c.isWhitespace || c.isNewline || c.asciiValue.map({ $0 < 0x20 || $0 == 0x7f }) == true { return "a control or white-space character" }
        return "'\(c)'"
    }
}
