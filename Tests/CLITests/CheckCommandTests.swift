import Foundation
import Testing

/// `gradcheck check`: output, exit statuses, and every bad input's message.
@Suite("gradcheck check")
struct CheckCommandTests {
    static let exam = ["check", "--x", "1.5", "--w1", "0.3", "--w2", "-0.7", "--y", "1"]
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> String { root.appendingPathComponent("fixtures/networks/\(name)").path }

    /// Runs from the package root so the default network is found (the command's
    /// working directory, not the test process's: suites run in parallel).
    static func run(_ arguments: [String]) throws -> GradcheckRunner.Output {
        try GradcheckRunner.run(arguments, currentDirectory: root)
    }

    /// The exam's closed forms (parts 4 and 6) at x = 1.5, w1 = 0.3, w2 = -0.7, y* = 1.
    static func closedForms() -> (w1: Double, w2: Double) {
        let x = 1.5, w1 = 0.3, w2 = -0.7, y = 1.0
        let a1 = 1 / (1 + exp(-x * w1)), a2 = 1 / (1 + exp(-a1 * w2))
        let d = (a2 - y) * a2 * (1 - a2)
        return (d * w2 * a1 * (1 - a1) * x, d * a1)
    }

    @Test("--format json: gradients equal the closed forms within 1e-12")
    func jsonMatchesClosedForms() throws {
        let result = try Self.run(Self.exam + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let gradients = try #require(object["gradients"] as? [String: [String: Any]])
        let expected = Self.closedForms()
        for (name, value) in [("w1", expected.w1), ("w2", expected.w2)] {
            let entry = try #require(gradients[name])
            let analytic = try #require(entry["analytic"] as? Double)
            #expect(abs(analytic - value) <= 1e-12 * abs(value), "\(name): \(analytic) vs \(value)")
            let estimates = try #require(entry["estimates"] as? [String: [String: Any]])
            for method in ["forward", "backward", "central", "five-point", "richardson", "complex-step"] {
                #expect(estimates[method]?["verdict"] as? String == "agree", "\(name) \(method)")
            }
            let complex = try #require(estimates["complex-step"]?["value"] as? Double)
            #expect(abs(complex - value) <= 1e-14 * abs(value))
        }
        #expect(object["verdict"] as? String == "agree")
        let values = try #require(object["values"] as? [String: Double])
        #expect(abs(values["z1"]! - 0.45) < 1e-15)
        #expect(result.stderr.isEmpty)
    }

    @Test("text: forward values, every estimate, the verdict; exit 0")
    func text() throws {
        let result = try Self.run(Self.exam)
        #expect(result.status == 0)
        for needle in ["Forward values", "z1", "a1", "z2", "a2", "Loss", "dLoss/dw1", "dLoss/dw2", "closed form",
                       "complex-step", "richardson", "five-point", "verdict: agree"] {
            #expect(result.stdout.contains(needle), "missing \(needle)")
        }
    }

    @Test("values by name, whatever the network calls them; --x=1.5 form")
    func valuesByName() throws {
        let result = try Self.run(["check", "--network", Self.fixture("q2-three-weights.net"), "--w3=2", "--y", "0",
                                   "--x=-1.5", "--w1", "0.3", "--w2", "-0.7", "--method", "richardson"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dLoss/dw3"))
    }

    @Test("relu at 0: not differentiable, exit 0, never a mismatch")
    func reluKink() throws {
        let result = try Self.run(["check", "--network", Self.fixture("q2-relu.net"), "--x", "1.5", "--w1", "0",
                                   "--w2", "-0.7", "--y", "1", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["verdict"] as? String == "not-differentiable")
        let w1 = try #require((object["gradients"] as? [String: [String: Any]])?["w1"])
        #expect(w1["verdict"] as? String == "not-differentiable")
        let central = try #require((w1["estimates"] as? [String: [String: Any]])?["central"])
        #expect(central["analyticBetween"] as? Bool == true)
        #expect((central["left"] as? [String: Any])?["value"] as? Double == 0)
        let complex = try #require((w1["estimates"] as? [String: [String: Any]])?["complex-step"])
        #expect((complex["unavailable"] as? String)?.contains("relu(z1)") == true)
    }

    /// It used to report the correct gradient as a mismatch (exit 1): the
    /// estimate's own error estimate cannot be trusted at such a step.
    @Test("a step far too large is inconclusive, never a mismatch: exit 0")
    func aStepFarTooLargeIsInconclusive() throws {
        let result = try Self.run(Self.exam + ["--method", "central", "--step", "1"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("verdict: inconclusive"))
        #expect(result.stdout.contains("error estimate not trusted"))
    }

    // MARK: bad input: one line on stderr, exit 2

    static func expectBadInput(_ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try run(arguments)
        #expect(result.status == 2, "status \(result.status) for \(arguments)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"), sourceLocation: sourceLocation)
    }

    @Test func unknownVariable() throws {
        try Self.expectBadInput(Self.exam + ["--w3", "1"],
            "error: unknown variable --w3: fixtures/networks/q2.net has --x (input), --y (label), --w1 (parameter), --w2 (parameter)")
    }

    @Test func missingVariable() throws {
        try Self.expectBadInput(["check", "--x", "1.5", "--w1", "0.3"], "error: missing values for --y, --w2")
    }

    @Test func notANumber() throws {
        try Self.expectBadInput(["check", "--x", "one", "--w1", "0.3", "--w2", "-0.7", "--y", "1"], "error: --x: 'one' is not a number")
    }

    @Test(arguments: ["nan", "inf", "-inf", "1e999"])
    func nonFiniteValue(value: String) throws {
        try Self.expectBadInput(["check", "--x", "1.5", "--w1", value, "--w2", "-0.7", "--y", "1"],
                                "error: --w1: \(value) is not a finite number")
    }

    @Test func repeatedVariable() throws {
        try Self.expectBadInput(Self.exam + ["--x", "2"], "error: --x is given twice")
    }

    /// -log(1 - a2) with a2 rounded to 1: the loss is +inf, every method NaN. Used to be a mismatch (exit 1).
    @Test func lossNotFinite() throws {
        try Self.expectBadInput(["check", "--network", Self.fixture("q2-cross-entropy.net"), "--x", "40", "--w1", "40",
                                 "--w2", "40", "--y", "0"],
                                "q2-cross-entropy.net:11:6: error: the loss is not finite at x = 40, y = 0, w1 = 40, w2 = 40: "
                                    + "Loss = inf in double precision, so no gradient can be checked there")
    }

    /// x w1 overflows to +inf, the loss is finite: every method agrees (Richardson used to loop forever here).
    @Test func overflowingIntermediateValue() throws {
        let result = try Self.run(["check", "--network", Self.fixture("q2-relu.net"), "--x", "1.7e308", "--w1", "1.7e308",
                                   "--w2", "1", "--y", "1"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("verdict: agree (2 parameters;"))
    }

    @Test func unknownMethod() throws {
        try Self.expectBadInput(Self.exam + ["--method", "secant"], "error: unknown method 'secant' (choose from all, forward,")
    }

    @Test func badTolerancesAndStep() throws {
        try Self.expectBadInput(Self.exam + ["--atol=-1"], "error: --atol must be a finite number >= 0")
        try Self.expectBadInput(Self.exam + ["--rtol", "nan"], "error: --rtol must be a finite number >= 0")
        try Self.expectBadInput(Self.exam + ["--step", "0"], "error: --step must be a finite number > 0")
    }

    @Test func unknownFormat() throws {
        let result = try Self.run(Self.exam + ["--format", "xml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("xml"))
    }

    @Test func missingNetworkFile() throws {
        try Self.expectBadInput(Self.exam + ["--network", "/nonexistent/q9.net"], "error: network file not found: /nonexistent/q9.net")
    }

    @Test func networkIsADirectory() throws {
        try Self.expectBadInput(Self.exam + ["--network", "/tmp"], "error: network file is a directory: /tmp")
    }

    /// Network files written to a temporary directory, removed afterwards.
    static func withNetwork(_ contents: Data, _ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gradcheck-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("net.net")
        try contents.write(to: file)
        try body(file.path)
    }

    @Test func emptyNetworkFile() throws {
        try Self.withNetwork(Data("# nothing here\n\n".utf8)) { path in
            try Self.expectBadInput(Self.exam + ["--network", path], "\(path):1:1: error: network file is empty (no definitions)")
        }
    }

    @Test func binaryNetworkFile() throws {
        try Self.withNetwork(Data([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])) { path in
            try Self.expectBadInput(Self.exam + ["--network", path], "error: network file is binary, not text: \(path)")
        }
    }

    @Test func malformedNetworkFile() throws {
        try Self.withNetwork(Data("input x\nlabel y\nparam w1 w2\nz1 = x * * w1\n".utf8)) { path in
            try Self.expectBadInput(Self.exam + ["--network", path], "\(path):4:10: error: expected a number, a name or '(', found '*'")
        }
    }

    @Test func deeplyNestedExpression() throws {
        let deep = String(repeating: "(", count: 100_000) + "x" + String(repeating: ")", count: 100_000)
        try Self.withNetwork(Data("input x\nlabel y\nparam w1 w2\nloss L = w1 * w2 * y * \(deep)\n".utf8)) { path in
            try Self.expectBadInput(Self.exam + ["--network", path], "error: expression is nested too deeply (more than 200 levels)")
        }
    }
}

/// A network variable named like a command's own option cannot be given a value: it is refused
/// at its declaration (check said "missing value for --step" after `--step 0.3`; sweep said
/// "no axis for 'threads'" after `--threads 1`; submit took `--time 1` as Slurm's time limit).
@Suite("variables named like options")
struct VariableOptionCollisionTests {
    static func network(_ text: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("n.net").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("check, sweep and submit name the variable, the option and the declaration; exit 2", arguments: [
        (["check"], "input x\nparam step\nloss L = (x * step)^2\n", ["--x", "1", "--step", "0.3"], "2:7", "step", "check"),
        (["sweep"], "input threads\nparam w\nloss L = (threads * w)^2\n", ["--threads", "1", "--w", "0.3"], "1:7", "threads", "sweep"),
        (["submit", "--shards", "1", "--dir", "RUN", "--dry-run"], "input x\nparam time\nloss L = (x * time)^2\n",
         ["--x", "1", "--time", "1"], "2:7", "time", "submit"),
    ])
    func refused(command: [String], text: String, values: [String], at: String, name: String, owner: String) throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.network(text, in: dir)
        let run = dir.appendingPathComponent("run").path
        let r = try GradcheckRunner.run(command.map { $0 == "RUN" ? run : $0 } + ["--network", path] + values)
        #expect(r.status == 2)
        #expect(r.stderr == "\(path):\(at): error: the variable '\(name)' has the name of gradcheck \(owner)'s option --\(name), "
            + "so --\(name) VALUE cannot give its value; rename it in \(path)\n")
        #expect(r.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: run))
    }

    @Test("a variable named like no option is given as usual (--x, --w)")
    func unrelatedNamesWork() throws {
        let dir = try SweepCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.network("input x\nparam w\nloss L = (x * w)^2\n", in: dir)
        #expect(try GradcheckRunner.run(["check", "--network", path, "--x", "1", "--w", "0.3"]).status == 0)
        #expect(try GradcheckRunner.run(["sweep", "--network", path, "--x", "1", "--w", "0.3"]).status == 0)
    }
}
