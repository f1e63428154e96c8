import GradientSweep
import Foundation
import NetworkModel
import Reporting
import Testing

/// Every rule of a sweep request, through the library alone (no command line):
/// each refusal is one ``InputError`` with the message `gradcheck sweep` prints.
@Suite("SweepRequest")
struct SweepRequestTests {
    /// q2 on 9 x 2 x 8 x 1 points: x, y, w1, w2 in the network's variable order.
    static func request(_ network: String = "q2") -> SweepRequest {
        var r = SweepRequest(network: .file(Fixtures.path(network)))
        r.axes = [.init(name: "x", values: "-4:4:9"), .init(name: "y", values: "0,1"),
                  .init(name: "w1", values: "-4:4:8"), .init(name: "w2", values: "0.5")]
        return r
    }

    /// The message `request` is refused with, or nil when it resolves.
    static func refusal(_ request: SweepRequest, environment: [String: String] = [:]) -> String? {
        do {
            _ = try request.resolve(environment: environment)
            return nil
        } catch {
            return error.message
        }
    }

    static func refusal(_ change: (inout SweepRequest) -> Void) -> String? {
        var r = request()
        change(&r)
        return refusal(r)
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-request-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("a valid request resolves to its network, grid and settings")
    func resolves() throws {
        var r = Self.request()
        r.method = "five-point"
        (r.atol, r.rtol, r.widening) = (1e-9, 1e-6, 2)
        r.claims = ["w2=(a2 - y)*a2*(1-a2)*a1"]
        r.threads = 3
        r.blockPoints = 50
        r.evaluator = "broadcast"
        let (network, domain, settings) = try r.resolve(environment: [:])
        #expect(network.variables == ["x", "y", "w1", "w2"])
        #expect(domain.kind == .grid && domain.dimensionSizes == [9, 2, 8, 1])
        #expect(settings.method == .fivePoint)
        #expect(settings.tolerance.atol == 1e-9 && settings.tolerance.rtol == 1e-6 && settings.tolerance.widening == 2)
        #expect(settings.claims.map(\.text) == ["w2 = (a2 - y) * a2 * (1 - a2) * a1"])
        #expect(settings.threads == min(3, SweepSettings.maximumThreads))
        #expect(settings.blockPoints == 50 && settings.evaluator == .broadcast)
        #expect(settings.shard == nil && settings.heatmap == nil && settings.worst == 5)
    }

    @Test("the network may be given as text, named in messages")
    func networkText() throws {
        let source = try String(contentsOfFile: Fixtures.path("q2"), encoding: .utf8)
        var r = Self.request()
        r.network = .text(source, name: "<mine>")
        #expect(try r.resolve(environment: [:]).network.file == "<mine>")
        r.axes.removeLast()
        #expect(Self.refusal(r) == "no axis for 'w2', which <mine> needs: add --w2 VALUES (start:stop:count, a,b,c or a value)")
        #expect(r.inputs.isEmpty)
    }

    @Test("the method must be known")
    func unknownMethod() {
        #expect(Self.refusal { $0.method = "sideways" }
            == "unknown method 'sideways' (known: forward, backward, central, five-point, richardson, complex-step)")
    }

    @Test("complex step is refused where the network is not analytic, and accepted where it is")
    func complexStep() throws {
        var relu = Self.request("q2-relu")
        relu.method = "complex-step"
        let message = try #require(Self.refusal(relu))
        #expect(message.hasPrefix("complex step cannot differentiate through relu("), "\(message)")
        #expect(message.hasSuffix("it is not analytic, so Im f(x + ih)/h carries no derivative at its kink; use richardson or central for 'w1'"), "\(message)")
        var q2 = Self.request()
        q2.method = "complex-step"
        #expect(try q2.resolve(environment: [:]).settings.method == .complexStep)
    }

    @Test("tolerances must be finite and non-negative", arguments: [
        (-1.0, 0.0, 0.0), (0, -1e-300, 0), (0, 0, -.infinity), (.nan, 0, 0), (0, .infinity, 0), (0, 0, .nan),
    ])
    func tolerances(atol: Double, rtol: Double, widening: Double) {
        #expect(Self.refusal { ($0.atol, $0.rtol, $0.widening) = (atol, rtol, widening) }
            == "--atol, --rtol and --widening must be finite and non-negative")
    }

    @Test("claims parse, with their column, and at most one per parameter")
    func claims() {
        #expect(Self.refusal { $0.claims = ["w1=x", "w2=a1", "w1=2*x"] } == "two claims for 'w1'")
        #expect(Self.refusal { $0.claims = ["w1=a3*x"] }?.hasPrefix("undefined name 'a3' in the claim for w1") == true)
        #expect(Self.refusal { $0.claims = ["q=1"] } == "claim for 'q', which is not a parameter of \(Fixtures.path("q2")) (parameters: w1, w2)")
        var r = Self.request()
        r.claims = ["w1=(a2 - y"]
        #expect(throws: InputError.self) { try r.resolve(environment: [:]) }
        do { _ = try r.resolve(environment: [:]) } catch { #expect(error.location?.file == "--claim" && error.location?.line == 1) }
    }

    @Test("format, worst, threads, block points and evaluator: one message each")
    func limits() {
        #expect(Self.refusal { $0.format = "xml" } == "unknown format 'xml' (text, json or csv)")
        #expect(Self.refusal { $0.worst = -1 } == "--worst must be at least 0")
        #expect(Self.refusal { $0.threads = 0 } == "--threads must be at least 1")
        #expect(Self.refusal { $0.threads = -2 } == "--threads must be at least 1")
        #expect(Self.refusal { $0.blockPoints = 0 } == "--block-points must be at least 1")
        // 2^63 - 1 overflowed in the exam kernel (a crash); 2^30 on 25 points took 24 GB.
        #expect(Self.refusal { $0.blockPoints = Int.max } == "--block-points must be at most 1048576, not 9223372036854775807")
        #expect(Self.refusal { $0.blockPoints = (1 << 20) + 1 } == "--block-points must be at most 1048576, not 1048577")
        #expect(Self.refusal { $0.blockPoints = 1 << 20 } == nil)
        #expect(Self.refusal { $0.evaluator = "fast" } == "unknown evaluator 'fast' (automatic, compiled, broadcast)")
    }

    @Test("threads are capped at 4 per processor, the worst list at the number of points")
    func caps() throws {
        var r = Self.request()
        r.threads = 100_000
        r.worst = 1_000_000
        let settings = try r.resolve(environment: [:]).settings
        #expect(settings.threads == 4 * ProcessInfo.processInfo.activeProcessorCount)
        #expect(settings.worst == 9 * 2 * 8)
    }

    @Test("without --worst: 5, or every point for CSV of a grid of at most 100,000 points")
    func defaultWorst() throws {
        var r = Self.request()
        #expect(try r.resolve(environment: [:]).settings.worst == 5)
        r.format = "csv"
        #expect(try r.resolve(environment: [:]).settings.worst == 144)
        r.worst = 5
        #expect(try r.resolve(environment: [:]).settings.worst == 5)
        r.worst = nil
        r.axes[0].values = "-4:4:7000"  // 7000 x 2 x 8 = 112,000 points
        #expect(try r.resolve(environment: [:]).settings.worst == 5)
    }

    @Test("the shard is K/N, or auto and auto/N from a job array's environment")
    func shard() throws {
        var r = Self.request()
        r.shard = "3/4"
        #expect(try r.resolve(environment: [:]).settings.shard! == (2, 4))
        r.shard = "auto/8"
        #expect(try r.resolve(environment: ["SLURM_ARRAY_TASK_ID": "7"]).settings.shard! == (6, 8))
        r.shard = "auto"
        #expect(Self.refusal(r, environment: [:])
            == "--shard auto needs SLURM_ARRAY_TASK_ID (set by Slurm in each task of a job array: run it with sbatch --array, or give --shard K/N)")
        r.shard = "5/4"
        #expect(Self.refusal(r) == "--shard '5/4': need 1 <= K <= N")
    }

    @Test("axes and a point list exclude each other; axes are checked by name and value")
    func domain() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let points = dir.appendingPathComponent("p.csv").path
        try "x,y,w1,w2\n1,0,0.5,0.5\n2,1,0.5,0.5\n".write(toFile: points, atomically: true, encoding: .utf8)
        var r = Self.request()
        r.points = points
        #expect(Self.refusal(r) == "give either --points or axes, not both")
        r.axes = []
        let (_, domain, settings) = try r.resolve(environment: [:])
        #expect(domain.kind == .points && domain.pointCount == 2 && settings.worst == 2)
        #expect(r.inputs.map(\.what) == ["network file", "point list"])
        #expect(Self.refusal { $0.axes.append(.init(name: "x", values: "1")) } == "axis 'x' is given twice")
        #expect(Self.refusal { $0.axes[0].values = "4:-4:0" } == "axis 'x': the count in '4:-4:0' must be at least 1 (found 0)")
        #expect(Self.refusal { $0.axes[1].name = "q" }
            == "unknown variable 'q': \(Fixtures.path("q2")) has x, y, w1, w2")
    }

    @Test("a grid over 10^12 points needs force; one too large to count is refused even with it")
    func gridSize() throws {
        var r = Self.request()
        r.axes = [.init(name: "x", values: "0:1:10000000"), .init(name: "w1", values: "0:1:10000000"),
                  .init(name: "w2", values: "0:1:100"), .init(name: "y", values: "0")]
        #expect(Self.refusal(r) == "the grid has 10000000000000000 points (10000000 x 1 x 10000000 x 100), more than 10^12: pass --force to run it anyway")
        r.force = true
        #expect(try r.resolve(environment: [:]).domain.pointCount == 10_000_000_000_000_000)
        r.axes[2].values = "0:1:1000000000"
        #expect(Self.refusal(r)?.hasPrefix("the grid has more points than can be counted") == true)
    }

    @Test("the heatmap's axes: by default the first two non-label axes with several values")
    func heatmapAxes() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var r = Self.request()
        r.heatmap = dir.appendingPathComponent("h.svg").path
        #expect(try r.resolve(environment: [:]).settings.heatmap! == (0, 2))  // x and w1: y is the label, w2 one value
        r.heatmapAxes = "w1, x"
        #expect(try r.resolve(environment: [:]).settings.heatmap! == (2, 0))
        r.heatmapAxes = "x,x"
        #expect(Self.refusal(r) == "--heatmap-axes needs two different variables, e.g. x,w1")
        r.heatmapAxes = "x,q"
        #expect(Self.refusal(r) == "--heatmap-axes: unknown variable 'q' (x, y, w1, w2)")
        r.heatmap = nil
        #expect(Self.refusal(r) == "--heatmap-axes chooses the heatmap's axes, but no --heatmap is given")
        r.heatmap = dir.appendingPathComponent("h.svg").path
        r.heatmapAxes = nil
        r.axes[2].values = "1"
        #expect(Self.refusal(r) == "--heatmap needs two axes with several values each (or give --heatmap-axes)")
    }

    @Test("a heatmap needs a grid")
    func heatmapOfPoints() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let points = dir.appendingPathComponent("p.csv").path
        try "x,y,w1,w2\n1,0,0.5,0.5\n".write(toFile: points, atomically: true, encoding: .utf8)
        var r = Self.request()
        (r.axes, r.points, r.heatmap) = ([], points, dir.appendingPathComponent("h.svg").path)
        #expect(Self.refusal(r) == "--heatmap needs a grid, not a point list")
    }

    @Test("output files: writable, distinct, and none of the inputs")
    func outputs() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let network = Fixtures.path("q2")
        #expect(Self.refusal { $0.output = network }
            == "--output \(network) is the network file \(network): gradcheck does not overwrite its input; give another file")
        let same = dir.appendingPathComponent("same.svg").path
        #expect(Self.refusal { ($0.output, $0.heatmap) = (same, same) }
            == "--output \(same) and --heatmap \(same) name the same file; give two different files")
        #expect(Self.refusal { $0.output = "/nonexistent/dir/x.json" }?.hasPrefix("cannot write /nonexistent/dir/x.json") == true)
        #expect(!FileManager.default.fileExists(atPath: same))
    }
}
