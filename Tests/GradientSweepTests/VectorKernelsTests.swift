@testable import GradientSweep
import Foundation
import Testing

/// One binary for every x86-64 CPU: the AVX2/FMA kernels are chosen at run
/// time, `GRADCHECK_SIMD=portable` forces the portable path, and both paths
/// give the same results.
@Suite("VectorKernels")
struct VectorKernelsTests {
    @Test("GRADCHECK_SIMD=portable forces the portable path; a CPU without AVX2 and FMA gets it anyway")
    func selection() {
        #expect(VectorKernels.select(environment: nil, cpuHasAVX2FMA: true) == .avx2FMA)
        #expect(VectorKernels.select(environment: "portable", cpuHasAVX2FMA: true) == .portable)
        #expect(VectorKernels.select(environment: nil, cpuHasAVX2FMA: false) == .portable)
        #expect(VectorKernels.select(environment: "avx2-fma", cpuHasAVX2FMA: false) == .portable)
        #expect(VectorKernels.select(environment: "", cpuHasAVX2FMA: true) == .avx2FMA)
    }

    @Test("the portable exp equals Foundation.exp (and the AVX2 kernel, where the CPU has one) bit for bit on (-512, 0]")
    func portableExp() {
        var g = SplitMix(state: 23)
        var xs = (0..<40_000).map { _ in -Double.random(in: 0..<512, using: &g) }
        xs += [0, -0.0, -0x1p-54, -0x1p-60, -1e-300, -511.99]
        while xs.count % 4 != 0 { xs.append(-2) }
        let portable = SIMDExpTests.lanes(xs) { SIMDExp.portableExpNonPositive($0, SIMDExp.tablePointer) }
        let dispatched = SIMDExpTests.lanes(xs) { SIMDExp.expNonPositive($0, SIMDExp.tablePointer) }
        var differing = 0
        for i in xs.indices where portable[i] != Foundation.exp(xs[i]) || dispatched[i] != portable[i] { differing += 1 }
        #expect(differing == 0)
    }

    /// The whole sweep through the built binary, once as it chooses and once
    /// with `GRADCHECK_SIMD=portable`: the same counts, histograms and worst
    /// points, the extremes to the few ulps ``SweepRunnerTests`` states for the
    /// two evaluators (on a CPU without AVX2 both runs are the portable one and
    /// equal bit for bit).
    @Test("gradcheck sweep with GRADCHECK_SIMD=portable gives the same summary", .enabled(if: Self.binary != nil))
    func portableSweep() throws {
        let arguments = ["sweep", "--x", "-4:4:13", "--w1", "-4:4:12", "--w2", "-4:4:11", "--y", "0,1",
                         "--format", "json", "--worst", "5", "--threads", "2"]
        let native = try Self.run(arguments, environment: [:])
        let portable = try Self.run(arguments, environment: [VectorKernels.environmentVariable: "portable"])
        #expect(portable.timing.evaluator == "compiled")
        #expect(native.timing.evaluator == (VectorKernels.cpuHasAVX2FMA ? "exam-network" : "compiled"))
        for (a, b) in zip(native.parameters, portable.parameters) {
            #expect(a.agree == b.agree && a.inconclusive == b.inconclusive && a.mismatch == b.mismatch)
            #expect(a.histogram == b.histogram)
            #expect(a.worst.map(\.point) == b.worst.map(\.point))
            #expect(Swift.abs(a.maxAbsolute - b.maxAbsolute) <= 1e-15)
            #expect(Swift.abs(a.maxRelative - b.maxRelative) <= 1e-9 * b.maxRelative)
        }
    }

    /// The compiled program on another network, AVX2 and portable: equal bit for bit
    /// (``ElementwiseFunction``'s vector exp and sigmoid equal the scalar functions).
    @Test("the compiled program gives the same summary bit for bit with GRADCHECK_SIMD=portable", .enabled(if: Self.binary != nil))
    func portableCompiledSweep() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let arguments = ["sweep", "--network", root.appendingPathComponent("fixtures/networks/q2-cross-entropy.net").path,
                         "--x", "-6:6:17", "--w1", "-6:6:12", "--w2", "-6:6:11", "--y", "0,1",
                         "--format", "json", "--worst", "40", "--threads", "2"]
        let native = try Self.summary(arguments, environment: [:])
        let portable = try Self.summary(arguments, environment: [VectorKernels.environmentVariable: "portable"])
        #expect(native.evaluator == "compiled" && portable.evaluator == "compiled")
        #expect(native.summary == portable.summary)  // every count, extreme and worst point, to the last digit printed
        #expect(native.summary["parameters"] != nil)
    }

    /// What the test reads from `--format json`.
    struct Report: Decodable {
        struct Timing: Decodable { let evaluator: String }
        struct Worst: Decodable { let point: Int }
        struct Extreme: Decodable { let value: Double }
        struct Histogram: Decodable, Equatable { let counts: [Int] }
        struct Parameter: Decodable {
            let agree, inconclusive, mismatch: Int
            let histogram: Histogram
            let worst: [Worst]
            let maxAbsoluteError, maxRelativeError: Extreme
            var maxAbsolute: Double { maxAbsoluteError.value }
            var maxRelative: Double { maxRelativeError.value }
        }
        struct Summary: Decodable { let parameters: [Parameter] }
        let timing: Timing
        let summary: Summary
        var parameters: [Parameter] { summary.parameters }
    }

    static let binary: URL? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent(".build/debug/gradcheck")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }()

    static func run(_ arguments: [String], environment: [String: String]) throws -> Report {
        try JSONDecoder().decode(Report.self, from: output(arguments, environment: environment))
    }

    /// The JSON report's `summary` and `timing.evaluator`, as parsed objects (non-finite values are strings there).
    static func summary(_ arguments: [String], environment: [String: String]) throws -> (summary: NSDictionary, evaluator: String) {
        let object = try #require(JSONSerialization.jsonObject(with: output(arguments, environment: environment)) as? [String: Any])
        let timing = try #require(object["timing"] as? [String: Any])
        return (try #require(object["summary"] as? NSDictionary), try #require(timing["evaluator"] as? String))
    }

    static func output(_ arguments: [String], environment: [String: String]) throws -> Data {
        let process = Process()
        process.executableURL = try #require(binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != VectorKernels.environmentVariable }
            .merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
