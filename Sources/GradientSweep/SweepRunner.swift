import AnalyticGradients
import Foundation
import NetworkModel
import Synchronization

/// Runs a sweep: picks the evaluator (the exam network's kernel where it
/// applies, else the compiled program (every method; complex step where the
/// network is analytic), else broadcasting), shares its blocks among threads, and
/// merges their summaries.
///
/// Determinism: the blocks are fixed by the domain and `blockPoints` alone;
/// threads take blocks in any order, and every part of a summary merges
/// exactly and order-independently (see ``ParameterSummary``), so the result
/// is identical bit for bit for any thread count and any block size.
public enum SweepRunner {
    /// Progress: blocks done and blocks in this run.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// The evaluator `run` uses: `exam-network`, `compiled` or `broadcast`.
    public static func evaluatorName(network: Network, domain: SweepDomain, settings: SweepSettings) -> String {
        if settings.evaluator == .automatic && ExamNetworkEvaluator.Setup(network: network, domain: domain, settings: settings) != nil {
            return "exam-network"
        }
        return settings.evaluator != .broadcast && SweepProgram.supports(settings.method) ? "compiled" : "broadcast"
    }

    public static func run(
        network: Network, domain: SweepDomain, settings: SweepSettings,
        cancellation: CancellationFlag? = nil, progress: Progress? = nil
    ) -> SweepSummary {
        let configuration = SweepConfiguration(
            network: network, domain: domain, method: settings.method, tolerance: settings.tolerance,
            claims: settings.claims.map(\.text), worst: settings.worst,
            heatmapAxes: settings.heatmap.map { [domain.variables[$0.0], domain.variables[$0.1]] })
        let heatmap = settings.heatmap.map {
            ErrorHeatmap(dimensions: $0, sizes: (domain.dimensionSizes[$0.0], domain.dimensionSizes[$0.1]))
        }
        let empty = SweepSummary(configuration: configuration, points: domain.pointCount ?? 0,
                                 parameters: network.parameters, heatmap: heatmap)
        let makeEvaluator: () -> BlockEvaluator
        if settings.evaluator == .automatic, let fast = ExamNetworkEvaluator.Setup(network: network, domain: domain, settings: settings) {
            makeEvaluator = { ExamNetworkEvaluator(fast) }
        } else if settings.evaluator != .broadcast, let compiled = ProgramEvaluator.Setup(network: network, domain: domain, settings: settings) {
            makeEvaluator = { ProgramEvaluator(compiled) }
        } else {
            makeEvaluator = { BroadcastEvaluator(network: network, domain: domain, settings: settings) }
        }
        OpenBLASThreads.useOne()
        let first = makeEvaluator()
        let blocks: Range<Int>
        var result = empty
        if let shard = settings.shard {
            blocks = (first.blockCount * shard.index / shard.count)..<(first.blockCount * (shard.index + 1) / shard.count)
            result.shard = .init(index: shard.index + 1, count: shard.count, blockPoints: settings.blockPoints)
        } else {
            blocks = 0..<first.blockCount
        }
        let threads = Swift.max(1, Swift.min(settings.threads, blocks.count))
        let next = Atomic<Int>(blocks.lowerBound)
        let done = Atomic<Int>(0)
        let parts = ResultSlots(count: threads, initial: empty)
        let evaluators = [first] + (1..<threads).map { _ in makeEvaluator() }
        let shared = EvaluatorList(evaluators)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let evaluator = shared.items[t]
            var summary = empty
            while cancellation?.isCancelled != true {
                let k = next.add(1, ordering: .relaxed).oldValue
                guard k < blocks.upperBound else { break }
                evaluator.evaluate(block: k, into: &summary)
                let d = done.add(1, ordering: .relaxed).newValue
                progress?(d, blocks.count)
            }
            parts.store(summary, at: t)
        }
        for t in 0..<threads { result.merge(parts.load(t)) }
        result.pointsEvaluated = parts.all.reduce(0) { $0 + $1.pointsEvaluated }
        result.partial = done.load(ordering: .relaxed) < blocks.count
        result.locate(in: domain)
        return result
    }
}

/// One result slot per worker, each written by exactly one worker before
/// `concurrentPerform` returns and read only after it.
private final class ResultSlots: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<SweepSummary>
    init(count: Int, initial: SweepSummary) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: initial)
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
    func store(_ s: SweepSummary, at i: Int) { slots[i] = s }
    func load(_ i: Int) -> SweepSummary { slots[i] }
    var all: [SweepSummary] { Array(slots) }
}

/// The evaluators, one per worker; worker `t` uses only `items[t]`.
private final class EvaluatorList: @unchecked Sendable {
    let items: [BlockEvaluator]
    init(_ items: [BlockEvaluator]) { self.items = items }
}
