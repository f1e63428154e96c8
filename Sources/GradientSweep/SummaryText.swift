import Foundation

/// Renders a sweep summary for people (`--format text`) and as CSV rows of
/// the worst points (`--format csv`).
public enum SummaryText {
    /// `1.23e-05`, or `0`, `inf`, `nan`.
    static func number(_ v: Double) -> String {
        if v == 0 { return "0" }
        if !v.isFinite { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        // C's printf directly: Foundation's String(format:) costs ~10 µs a number,
        // which made `--worst 1000000` spend over a minute printing its rows.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            _ = withVaList([v]) { vsnprintf(buffer.baseAddress!, 32, "%.3g", $0) }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// "1 point", "16,000 points".
    static func points(_ n: Int) -> String { "\(grouped(n)) \(n == 1 ? "point" : "points")" }

    static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func location(_ at: [Double]?, _ c: SweepConfiguration) -> String {
        guard let at else { return "" }
        return zip(c.axes, at).map { "\($0.name)=\(number($1))" }.joined(separator: " ")
    }

    public static func render(_ report: SweepReport) -> String {
        let s = report.summary, c = s.configuration
        var out = ""
        let shape = c.domainKind == .grid
            ? c.axes.map { "\($0.name) \($0.count)" }.joined(separator: " x ")
            : "\(grouped(s.points)) listed points"
        out += "gradcheck sweep: \(c.network), \(points(s.points)) (\(shape)), \(c.method.name) differences\n"
        if let shard = s.shard { out += "shard \(shard.index)/\(shard.count): \(grouped(s.pointsEvaluated)) of the points\n" }
        if let m = s.missingShards {
            out += "PARTIAL: shard\(m.shards.count > 1 ? "s" : "") \(m.shards.prefix(20).map(String.init).joined(separator: ", "))\(m.shards.count > 20 ? " and \(m.shards.count - 20) more" : "") of \(m.count) missing; "
            out += "the figures below cover \(grouped(s.pointsEvaluated)) of the \(points(s.points))\n"
        } else if s.partial {
            out += "PARTIAL: interrupted after \(points(s.pointsEvaluated)); the figures below cover only those\n"
        }
        out += "tolerance: |analytic - estimate| <= \(number(c.tolerance.atol)) + \(number(c.tolerance.rtol)) |estimate|"
        out += c.tolerance.widening == 0 ? " (plain, not widened)\n" : " + \(c.tolerance.widening == 1 ? "" : number(c.tolerance.widening) + " ")error estimate\n"
        for claim in c.claims { out += "claim: \(claim)\n" }
        for p in s.parameters {
            out += "\n\(p.parameter): \(status(p)), \(points(p.points)): "
            out += "\(grouped(p.agree)) agree, \(grouped(p.inconclusive)) inconclusive, \(grouped(p.mismatch)) mismatch"
            if p.notDifferentiable > 0 { out += ", \(grouped(p.notDifferentiable)) not differentiable (\(grouped(p.notDifferentiableFailures)) failing)" }
            out += ", \(grouped(p.nonFinite)) non-finite\n"
            if let m = p.maxAbsoluteError { out += "  max absolute error \(number(m.value)) at \(location(m.at, c))\n" }
            if let m = p.maxRelativeError { out += "  max relative error \(number(m.value)) at \(location(m.at, c))\n" }
            if !p.worst.isEmpty {
                out += "  worst points (\(p.nonFinite > 0 ? "non-finite first, then " : "")by relative error):\n"
                for e in p.worst.sorted {
                    out += "    rel \(number(e.relativeError))  abs \(number(e.absoluteError))  analytic \(number(e.analytic))  estimate \(number(e.estimate)) ± \(number(e.errorEstimate))  \(e.verdict)  at \(location(e.at, c))\n"
                }
            }
            out += histogram(p.histogram)
        }
        out += "\n"
        if let t = report.timing {
            out += "\(points(s.pointsEvaluated)) in \(String(format: "%.3f", t.seconds)) s: \(String(format: "%.1f", t.pointsPerSecond / 1e6)) M points/s (\(t.threads) thread\(t.threads == 1 ? "" : "s"), \(t.evaluator) evaluator)\n"
        }
        out += verdictLine(s)
        return out
    }

    /// `ok`, `3 FAILING`, `16 NON-FINITE` or `3 FAILING, 16 NON-FINITE`.
    static func status(_ p: ParameterSummary) -> String {
        var parts: [String] = []
        if p.failures > 0 { parts.append("\(grouped(p.failures)) FAILING") }
        if p.nonFinite > 0 { parts.append("\(grouped(p.nonFinite)) NON-FINITE") }
        return parts.isEmpty ? "ok" : parts.joined(separator: ", ")
    }

    /// The last line: `no failures` only when every point was verified.
    static func verdictLine(_ s: SweepSummary) -> String {
        if s.passed { return "no failures\n" }
        var parts: [String] = []
        if s.failures > 0 { parts.append("\(grouped(s.failures)) failure\(s.failures == 1 ? "" : "s")") }
        if s.nonFinite > 0 {
            parts.append("\(grouped(s.nonFinite)) non-finite check\(s.nonFinite == 1 ? "" : "s") (loss, analytic value or estimate NaN or infinite: the gradient is not verified there)")
        }
        return parts.joined(separator: "; ") + "\n"
    }

    static func histogram(_ h: ErrorHistogram) -> String {
        guard let first = h.counts.firstIndex(where: { $0 > 0 }), let last = h.counts.lastIndex(where: { $0 > 0 }) else { return "" }
        let largest = h.counts.max()!
        var out = "  relative error histogram (log10):\n"
        for i in first...last {
            let bar = String(repeating: "#", count: h.counts[i] == 0 ? 0 : Swift.max(1, h.counts[i] * 40 / largest))
            let label = ErrorHistogram.label(ofBin: i).padding(toLength: 17, withPad: " ", startingAt: 0)
            let count = grouped(h.counts[i])
            out += "    \(label) \(String(repeating: " ", count: Swift.max(0, 15 - count.count)))\(count) \(bar)\n"
        }
        return out
    }

    /// A CSV field: the shortest decimal that reads back as `v`, or `inf`, `-inf`, `nan`
    /// (the strings JSON uses; a NaN's sign is not kept).
    static func csvNumber(_ v: Double) -> String {
        v.isNaN ? "nan" : "\(v)"
    }

    /// One row per recorded point (the worst list of each parameter, non-finite
    /// points included), sorted by point, with a header.
    public static func csv(_ summary: SweepSummary) -> String {
        let c = summary.configuration
        var out = (["parameter", "point"] + c.axes.map(\.name) + ["analytic", "estimate", "error_estimate", "abs_error", "rel_error", "verdict"]).joined(separator: ",") + "\n"
        for p in summary.parameters {
            for e in p.worst.sorted(by: { $0.point < $1.point }) {
                let values = (e.at ?? []).map(csvNumber)
                let numbers = [e.analytic, e.estimate, e.errorEstimate, e.absoluteError, e.relativeError].map(csvNumber)
                out += ([p.parameter, "\(e.point)"] + values + numbers + [e.verdict]).joined(separator: ",") + "\n"
            }
        }
        return out
    }
}
