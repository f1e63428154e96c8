import AnalyticGradients
import NetworkModel

/// Placeholder while the fast path is written.
final class ExamNetworkEvaluator: BlockEvaluator {
    struct Setup {
        init?(network: Network, domain: SweepDomain, settings: SweepSettings) { return nil }
    }
    init(_ setup: Setup) {}
    var blockCount: Int { 0 }
    func evaluate(block k: Int, into summary: inout SweepSummary) {}
}
