import Foundation
import Testing
import FiniteDifferences
import NetworkModel
@testable import GradientCheck

/// The honesty harness for `gradcheck check`: random points over wide ranges,
/// every bundled network, every method, judged by ``GradientChecker`` (the
/// code path of `gradcheck check`).
///
/// 1. The true gradient (reverse mode) is never a mismatch: not by any
///    method, not for any parameter. Required count: 0.
/// 2. A claim wrong by a relative `δ` (the true gradient × (1 + δ)) is
///    caught, i.e. the parameter's verdict is a failure, wherever the error
///    `δ |g|` is clearly above the tolerance `atol + rtol |g|`; the catch
///    rates are printed per `δ` and `|g|` band.
///
/// Points: inputs `±10^u`, `u` uniform in [-3, 4] (|x| up to 1e4), weights
/// `±10^u`, `u` in [-3, 2] (up to 1e2), labels 0 or 1; `|x w|` reaches 1e6,
/// so sigmoids and tanh saturate at most points. Points where the loss or
/// the gradient is not finite are skipped, as `check` refuses them (exit 2).
struct HonestyHarnessTests {
    struct Figures {
        var points = 0
        var skipped = 0
        /// (method, verdict name) → count, for the true gradient.
        var verdicts: [String: Int] = [:]
        var falseMethodMismatches: [String] = []
        var falseParameterMismatches: [String] = []
        /// δ → |g| band → (caught, total).
        var caught: [Double: [String: (Int, Int)]] = [:]
        /// δ → points where the error exceeded the rule's threshold but was not caught.
        var missed: [Double: [String]] = [:]
        /// δ → (caught, total) where the claim's error `δ|g|` is above twice the
        /// tolerance `atol + rtol|g|` (catchable), and where it is within it.
        var clear: [Double: (Int, Int)] = [:]
        var within: [Double: (Int, Int)] = [:]
        /// method → trusted estimates farther from the true gradient than their
        /// own error estimate (the tolerance then still absorbs them).
        var exceeded: [String: Int] = [:]
        var trusted: [String: Int] = [:]
    }

    static let deltas = [1e-3, 1e-4, 1e-5]
    static let bands: [(String, ClosedRange<Double>)] = [
        ("|g| < 1e-7", 0...1e-7), ("1e-7..1e-5", 1e-7...1e-5), ("1e-5..1e-4", 1e-5...1e-4),
        ("1e-4..1e-3", 1e-4...1e-3), ("1e-3..1", 1e-3...1), ("> 1", 1...Double.infinity),
    ]

    /// Every magnitude is drawn log-uniform (mostly saturated); then half the
    /// points put the first weight at `t / x`, `|t| <= 4`,
    /// so the first unit is active however large `x` is, and the loss varies on
    /// the scale `1 / |x|` in that weight: the hard case for a step that
    /// scales with the weight, not with `x`. One point in eight has the first
    /// weight exactly 0 (relu's kink, every sigmoid's centre).
    static func randomPoint(_ network: Network, _ rng: inout SplitMix64) -> [Double] {
        var point = network.variables.map { name in
            func magnitude(_ exponents: ClosedRange<Double>) -> Double {
                let sign: Double = rng.next() & 1 == 0 ? 1 : -1
                return sign * Foundation.pow(10, Double.random(in: exponents, using: &rng))
            }
            switch network.role(of: name) {
            case .label: return Double(rng.next() & 1)
            case .input: return magnitude(-3...4)
            default: return magnitude(-3...2)
            }
        }
        let kind = rng.next() % 8
        if kind < 4, let x = network.variables.firstIndex(where: { network.role(of: $0) == .input }),
           let w = network.variables.firstIndex(where: { network.role(of: $0) == .parameter }) {
            point[w] = Double.random(in: -4...4, using: &rng) / point[x]
        } else if kind == 4, let w = network.variables.firstIndex(where: { network.role(of: $0) == .parameter }) {
            point[w] = 0  // on relu's kink; the centre of every sigmoid
        }
        return point
    }

    /// Runs the harness on `count` points of `file`.
    static func run(_ file: String, count: Int, seed: UInt64) throws -> Figures {
        let network = try GradientCheckerTests.load(file)
        var rng = SplitMix64(seed: seed)
        var figures = Figures()
        let tolerance = Tolerance.default
        for _ in 0..<count {
            let point = randomPoint(network, &rng)
            guard (try? CheckablePoint.require(network, at: point)) != nil else {
                figures.skipped += 1
                continue
            }
            figures.points += 1
            let check = GradientChecker.check(network, at: point)
            for p in check.parameters {
                let describe = "\(file) \(p.parameter) at \(point) (analytic \(p.analytic))"
                for r in p.results {
                    figures.verdicts["\(r.method.name) \(r.verdict?.name ?? "unavailable")", default: 0] += 1
                    if let e = r.estimate.estimate, e.isReliable, e.value.isFinite {
                        figures.trusted[r.method.name, default: 0] += 1
                        if Swift.abs(e.value - p.analytic) > e.errorEstimate { figures.exceeded[r.method.name, default: 0] += 1 }
                    }
                    if r.verdict?.isFailure == true {
                        figures.falseMethodMismatches.append("\(describe): \(r.method.name) \(r.value.map { "\($0)" } ?? "kink") ± \(r.errorEstimate.map { "\($0)" } ?? "-")")
                    }
                }
                if p.verdict.isFailure { figures.falseParameterMismatches.append(describe) }

                for delta in deltas {
                    let wrong = p.analytic * (1 + delta)
                    var judged = p
                    judged.analytic = wrong
                    judged.results = p.results.map {
                        MethodResult(method: $0.method, estimate: $0.estimate, analytic: wrong, tolerance: tolerance,
                                     decidingMethod: "x")
                    }
                    let g = Swift.abs(p.analytic)
                    let band = bands.first { $0.1.contains(g) }!.0
                    let isCaught = judged.verdict.isFailure
                    var entry = figures.caught[delta, default: [:]][band, default: (0, 0)]
                    entry.0 += isCaught ? 1 : 0
                    entry.1 += 1
                    figures.caught[delta, default: [:]][band] = entry
                    if delta * g > 2 * tolerance.base(reference: g) {
                        figures.clear[delta, default: (0, 0)].0 += isCaught ? 1 : 0
                        figures.clear[delta, default: (0, 0)].1 += 1
                        if !isCaught { figures.missed[delta, default: []].append("\(describe): \(judged.verdict.name)") }
                    } else if delta * g <= tolerance.base(reference: g) {
                        figures.within[delta, default: (0, 0)].0 += isCaught ? 1 : 0
                        figures.within[delta, default: (0, 0)].1 += 1
                    }
                }
            }
        }
        return figures
    }

    static func report(_ file: String, _ f: Figures) -> String {
        var lines = ["\(file): \(f.points) points checked (\(f.skipped) not checkable), "
            + "false mismatches: \(f.falseMethodMismatches.count) method verdicts, \(f.falseParameterMismatches.count) parameter verdicts"]
        lines.append("  verdicts of the true gradient: " + f.verdicts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        for delta in deltas {
            let rates = bands.compactMap { name, _ -> String? in
                guard let (c, t) = f.caught[delta]?[name], t > 0 else { return nil }
                return "\(name): \(c)/\(t)"
            }
            let (c, t) = f.clear[delta] ?? (0, 0), (cw, tw) = f.within[delta] ?? (0, 0)
            lines.append("  claim × (1 + \(delta)) caught: " + rates.joined(separator: ", ")
                + "; where δ|g| > 2(atol + rtol|g|): \(c)/\(t); where δ|g| <= atol + rtol|g|: \(cw)/\(tw)")
        }
        lines.append("  trusted estimates farther from the truth than their error estimate: "
            + f.trusted.keys.sorted().map { "\($0) \(f.exceeded[$0] ?? 0)/\(f.trusted[$0]!)" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    static func expectHonest(_ file: String, _ f: Figures) {
        print(report(file, f))
        #expect(f.falseMethodMismatches.isEmpty, "\(f.falseMethodMismatches.prefix(5).joined(separator: "\n"))")
        #expect(f.falseParameterMismatches.isEmpty, "\(f.falseParameterMismatches.prefix(5).joined(separator: "\n"))")
        // A claim off by 1e-3 or 1e-4 is caught wherever its error is twice the tolerance.
        for delta in [1e-3, 1e-4] {
            #expect(f.missed[delta, default: []].isEmpty, "\(f.missed[delta, default: []].prefix(5).joined(separator: "\n"))")
        }
    }

    static let files = ["q2.net", "q2-cross-entropy.net", "q2-tanh.net", "q2-relu.net", "q2-three-weights.net"]

    /// A quick run: 150 points per network.
    @Test(arguments: files)
    func quick(file: String) throws {
        Self.expectHonest(file, try Self.run(file, count: 150, seed: 12))
    }

    /// The full run: 3,000 points per network (`GRADCHECK_HARNESS_POINTS` and
    /// `GRADCHECK_HARNESS_SEED` change the count and the seed).
    @Test(.tags(.slow), .skippedWhenQuick, arguments: files)
    func full(file: String) throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["GRADCHECK_HARNESS_POINTS"].flatMap { Int($0) } ?? 3_000
        let seed = environment["GRADCHECK_HARNESS_SEED"].flatMap { UInt64($0) } ?? 2026
        Self.expectHonest(file, try Self.run(file, count: count, seed: seed))
    }
}
