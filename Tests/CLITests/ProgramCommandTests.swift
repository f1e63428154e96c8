import Foundation
import Testing

/// `gradcheck check --command`: the JSON-lines protocol with a user's program.
@Suite("gradcheck check --command")
struct ProgramCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func program(_ name: String) -> String { "python3 " + root.appendingPathComponent("fixtures/programs/\(name)").path }

    static func check(_ command: String, _ extra: [String] = [], timeout: Double = 60) throws -> GradcheckRunner.Output {
        try GradcheckRunner.run(["check", "--command", command] + extra, timeout: timeout)
    }

    /// A shell program that says hello for dimension `n`, then runs `body` (which reads requests from stdin).
    static func shell(dimension n: Int = 2, _ body: String) -> String {
        "echo '{\"gradcheck\": 1, \"dimension\": \(n)}'; \(body)"
    }

    @Test("the Python example passes and its broken copy fails on the bias component")
    func pythonExample() throws {
        let right = try Self.check(Self.program("model.py"))
        #expect(right.status == 0, "\(right.stdout)\(right.stderr)")
        #expect(right.stdout.contains("no errors in 20 components checked"))
        let broken = try Self.check(Self.program("model-broken.py"))
        #expect(broken.status == 1, "\(broken.stdout)\(broken.stderr)")
        #expect(broken.stdout.contains("fixtures/programs/model-broken.py:1:1: error: ∂f/∂p[3] at point 1 disagrees"))
        #expect(!broken.stdout.contains("∂f/∂p[0]"))
        #expect(broken.stdout.contains("5 errors, 0 warnings in 20 components checked"))
    }

    @Test("the CI formats come from Reporting's renderers")
    func formats() throws {
        let json = try Self.check(Self.program("model-broken.py"), ["--format", "json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 5 && object["checked"] as? Int == 20)
        let sarif = try Self.check(Self.program("model-broken.py"), ["--format", "sarif"])
        #expect(sarif.status == 1 && sarif.stdout.contains("\"ruleId\" : \"gradient-mismatch\""))
        let junit = try Self.check(Self.program("model.py"), ["--format", "junit"])
        #expect(junit.status == 0 && junit.stdout.contains("tests=\"20\" failures=\"0\""))
        let github = try Self.check(Self.program("model-broken.py"), ["--format", "github"])
        #expect(github.status == 1 && github.stdout.contains("::error file=fixtures/programs/model-broken.py,line=1"))
    }

    @Test("fast mode and the Python example: projections, narrowed to the wrong component")
    func fastMode() throws {
        let broken = try Self.check(Self.program("model-broken.py"), ["--mode", "fast", "--points", "2", "--seed", "3"])
        #expect(broken.status == 1, "\(broken.stdout)\(broken.stderr)")
        #expect(broken.stdout.contains("fast, 2 directions per point, seed 3"))
        #expect(broken.stdout.contains("vᵀJu along random direction 0 at point 1 disagrees"))
        #expect(broken.stdout.contains("∂f/∂p[3] at point 1 disagrees"))
    }

    @Test("a vector program's JVP and VJP are both checked; a wrong VJP entry is named")
    func vectorProgram() throws {
        // f(x, y) = (x y, x + y²); the VJP's second entry forgets 2y for v[1].
        let script = """
            import json, sys
            print(json.dumps({"gradcheck": 1, "dimension": 2, "outputs": 2, "provides": ["jvp", "vjp"]}), flush=True)
            for line in sys.stdin:
                r = json.loads(line); x, y = r["x"]
                if r["want"] == "value": a = {"value": [x * y, x + y * y]}
                elif r["want"] == "jvp": u = r["u"]; a = {"jvp": [y * u[0] + x * u[1], u[0] + 2 * y * u[1]]}
                else: v = r["v"]; a = {"vjp": [y * v[0] + v[1], x * v[0] + y * v[1]]}
                print(json.dumps(a), flush=True)
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gradcheck-vector-\(getpid()).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Self.check("python3 \(file.path)", ["--points", "3"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("∂f[1]/∂p[1] at point 1 disagrees: vjp claims"))
        #expect(!result.stdout.contains("jvp claims"))
    }

    @Test("a program that crashes, hangs, or answers NaN or malformed JSON: one line, exit 2",
          arguments: [
            ("exit 3", "exited with status 3 before answering the hello line"),
            ("kill -SEGV $$", "was killed by signal 11"),
            ("sleep 30", "did not answer within 1 s (waiting for the hello line"),
            ("echo hello", "sent malformed JSON as its first line"),
            ("echo '{\"gradcheck\": 1}'", "hello needs \"dimension\""),
            // A fraction, a Boolean: NSNumber's intValue made 2.5 a dimension of 2 and true one of 1.
            ("echo '{\"gradcheck\": 1, \"dimension\": 2.5}'", "hello needs \"dimension\": a whole number from 1 to 10000000"),
            ("echo '{\"gradcheck\": 1, \"dimension\": true}'", "hello needs \"dimension\": a whole number from 1 to 10000000"),
            ("echo '{\"gradcheck\": 1, \"dimension\": 2, \"outputs\": 1e11}'",
             "hello needs \"outputs\" (when given): a whole number from 1 to 1000000"),
            // Findings start with the source: a line break split every finding in two.
            ("printf '%s\\n' '{\"gradcheck\": 1, \"dimension\": 1, \"source\": \"a\\nb.py\"}'",
             "the program's hello has a \"source\" that is empty or holds a line break or control character: '\"a\\nb.py\"'"),
            // true was the number 1: a program answering it passed the check.
            (shell("read l; echo '{\"value\": true}'"), "\"value\" must be a list of 1 numbers"),
            (shell("read l; echo '{\"value\": 1}'; read l; echo '{\"gradient\": [true, 0]}'"), "\"gradient\" must be a list of 2 numbers; it holds"),
            (shell("sleep 30"), "did not answer within 1 s (waiting for request 1, value at"),
            (shell("read l; echo '{\"value\": NaN}'"), "NaN or Infinity in an answer"),
            (shell("read l; echo '{\"value\": 1e999}'"), "malformed JSON as an answer (one JSON object per line expected): '{\"value\": 1e999}'"),
            (shell("read l; echo '{value: 1}'"), "malformed JSON as an answer"),
            (shell("read l; echo '{\"value\": 1}'; read l; echo '{\"gradient\": [1]}'"), "\"gradient\" has 1 numbers; 2 expected"),
            (shell("read l; echo oops >&2; exit 7"), "exited with status 7 before answering request 1, value at"),
            (shell(dimension: 10_000_000, "cat"), "dimension 10000000 times --points 5 is more than 10000000 coordinates"),
          ])
    func badPrograms(command: String, message: String) throws {
        let start = Date()
        let result = try Self.check(command, ["--timeout", "1"], timeout: 30)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test("points listed in the hello are the points checked")
    func helloPoints() throws {
        let script = """
            import json, sys
            print(json.dumps({"gradcheck": 1, "dimension": 2, "points": [[1, 2], [3, -4], [0.5, 0.25]]}), flush=True)
            for line in sys.stdin:
                r = json.loads(line); x, y = r["x"]
                print(json.dumps({"value": x * x * y, "gradient": [2 * x * y, x * x]}), flush=True)
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gradcheck-points-\(getpid()).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Self.check("python3 \(file.path)", ["--format", "junit"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("tests=\"6\" failures=\"0\""))
        #expect(result.stdout.contains("∂f/∂p[1] at point 3 (gradient)"))
    }

    @Test("the last line of the program's error output is quoted")
    func stderrTail() throws {
        let result = try Self.check(Self.shell("read l; echo 'Traceback: ZeroDivisionError' >&2; exit 1"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("its last error output: Traceback: ZeroDivisionError"))
    }

    @Test("options that make no sense with --command are refused before the program starts",
          arguments: [
            (["--x", "1"], "takes no --network and no variable values"),
            (["--timeout", "0"], "--timeout must be"),
            (["--points", "0"], "--points must be"),
            // A negative number is the option's value, not an unknown option ("Missing value for '--timeout'").
            (["--timeout", "-1"], "error: --timeout must be a number of seconds in (0, 86400], not -1.0"),
            (["--points", "-5"], "error: --points must be between 1 and 100000, not -5"),
            (["--directions", "-2", "--mode", "fast"], "error: --directions must be between 1 and 1000, not -2"),
            (["--range", "3:1"], "--range must be LO:HI"),
            // Its width overflows: Double.random(in:) trapped (SIGILL, a stack trace) before the check.
            (["--range=-1e308:1e308"], "error: --range -1e+308:1e+308 is too wide: HI - LO overflows a double; give a narrower range"),
            (["--mode", "slow"], "unknown --mode 'slow'"),
            (["--method", "complex-step"], "complex-step needs the function on complex numbers"),
          ])
    func refusedOptions(extra: [String], message: String) throws {
        let result = try Self.check("touch /nonexistent-should-not-run", extra)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a network check refuses the options only --command reads (--points 7 used to check one point, exit 0)",
          arguments: [["--points", "7"], ["--mode", "fast"], ["--range=-1:1"], ["--seed", "3"], ["--timeout", "2"], ["--directions", "4"]])
    func networkRefusesProgramOptions(extra: [String]) throws {
        let result = try GradcheckRunner.run(["check", "--network", Self.root.appendingPathComponent("fixtures/networks/q2.net").path,
                                              "--x", "1", "--w1", "1", "--w2", "1", "--y", "1"] + extra)
        let option = String(extra[0].prefix { $0 != "=" })
        #expect(result.status == 2)
        #expect(result.stderr == "error: \(option) applies to --command (checking a program); "
            + "a network check takes one point, as --NAME VALUE for each variable\n")
        #expect(result.stdout.isEmpty)
    }

    @Test("a network check refuses the program-only formats")
    func networkFormats() throws {
        let result = try GradcheckRunner.run(["check", "--network", Self.root.appendingPathComponent("fixtures/networks/q2.net").path,
                                              "--x", "1", "--w1", "1", "--w2", "1", "--y", "1", "--format", "sarif"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--format sarif applies to --command"))
    }
}
