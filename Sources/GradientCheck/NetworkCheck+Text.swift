import Foundation
import FiniteDifferences
import Reporting

extension NetworkCheck {
    /// The check as aligned tables for people: the point, the forward
    /// values, then one row per parameter and method with the estimate, its
    /// difference from the analytic value, its error estimate, the allowance
    /// and the verdict.
    public func text() -> String {
        var out = "gradcheck check: \(network.file)\n"
        out += "at " + network.variables.enumerated().map { "\($1) = \(format(point[$0]))" }.joined(separator: ", ") + "\n\n"

        out += "Forward values\n"
        out += Table(rows: network.nodes.indices.map { k in
            let name = network.nodes[k].name
            return ["  " + name, format(values[network.variableCount + k]), name == network.loss ? "(loss)" : ""]
        }).render()

        let source = "analytic = reverse mode" + (closedFormName.map { "; closed form \($0) shown for comparison" } ?? "")
        out += "\nGradients of \(network.loss) (\(source))\n"
        var rows = [["  parameter", "method", "value", "|difference|", "error est.", "allowed", "verdict"]]
        for p in parameters {
            rows.append(["  d\(network.loss)/d\(p.parameter)", "analytic", format(p.analytic), "", "", "", p.verdict.name])
            if let c = p.closedForm {
                rows.append(["", "closed form", format(c), short(Swift.abs(c - p.analytic)), "", "", ""])
            }
            for r in p.results { rows += Self.rows(r) }
        }
        out += Table(rows: rows).render()

        out += "\n" + notes().map { "note: \($0)\n" }.joined()
        out += "verdict: \(verdictName) (\(CountNoun("parameter").phrase(parameters.count)); atol \(tolerance.atol), rtol \(tolerance.rtol), "
            + "widening \(tolerance.widening) × error estimate)\n"
        return out
    }

    static func rows(_ r: MethodResult) -> [[String]] {
        let verdict = r.verdict?.name ?? "unavailable"
        let difference = r.difference.map(short) ?? ""
        let allowed = r.allowance.map(short) ?? ""
        switch r.estimate {
        case .smooth(let e):
            return [["", r.method.name, format(e.value), difference, short(e.errorEstimate), allowed, verdict]]
        case .oneSided(let e, let side):
            return [["", r.method.name + " (\(side.rawValue)-sided)", format(e.value), difference, short(e.errorEstimate), allowed, verdict]]
        case .kink(let left, let right):
            return [["", r.method.name + " left", format(left.value), "", short(left.errorEstimate), "", ""],
                    ["", r.method.name + " right", format(right.value), difference, short(right.errorEstimate), allowed, verdict]]
        case .straddle(let e, let left, let right):
            return [["", r.method.name + " left", format(left), "", short(e.errorEstimate), "", ""],
                    ["", r.method.name + " right", format(right), difference, short(e.errorEstimate), allowed, verdict]]
        case .unavailable:
            return [["", r.method.name, "—", "", "", "", verdict]]
        }
    }

    /// Explanations for the rows that need one, one per parameter and kind:
    /// unavailable methods, kinks, one-sided estimates, inconclusive verdicts.
    func notes() -> [String] {
        var notes: [String] = []
        for p in parameters {
            func methods(_ include: (MethodResult) -> Bool) -> String {
                p.results.filter(include).map(\.method.name).joined(separator: ", ")
            }
            for r in p.results {
                if case .unavailable(let reason) = r.estimate { notes.append("\(p.parameter), \(r.method.name): \(reason)") }
            }
            if let kink = p.results.last(where: \.estimate.showsKink),
               case .notDifferentiable(let l, let r, let between)? = kink.verdict {
                notes.append("\(p.parameter): on a kink (\(methods(\.estimate.showsKink))): "
                    + "one-sided derivatives \(format(l)) and \(format(r)); the analytic \(format(p.analytic)) is "
                    + (between ? "between them (a valid subgradient)" : "OUTSIDE them"))
            }
            let sided = methods { if case .oneSided = $0.estimate { return true } else { return false } }
            if !sided.isEmpty {
                notes.append("\(p.parameter) (\(sided)): a relu/abs kink lies within the step; estimated from the point's own side only")
            }
            let overruled = p.overruled
            if let judge = p.overrulingMethod, !overruled.isEmpty {
                let why = judge.method == .complexStep ? "which agrees to a few ulps"
                    : "which agrees with a smaller error estimate (\(short(judge.decidingError)))"
                notes.append("\(p.parameter) (\(overruled.map(\.method.name).joined(separator: ", "))): disagrees with \(judge.method.name), "
                    + "\(why); these estimates are off by more than their own error estimate here "
                    + "(a singularity within the step?), so \(judge.method.name) decides")
            }
            for r in p.results {
                if let doubt = r.doubt { notes.append("\(p.parameter), \(r.method.name): error estimate not trusted, \(doubt)") }
            }
            let undecided = p.results.filter { $0.verdict?.name == "inconclusive" && $0.doubt == nil }
            if case .inconclusive(let deciding)? = undecided.first?.verdict {
                notes.append("\(p.parameter) (\(undecided.map(\.method.name).joined(separator: ", "))): inconclusive, "
                    + "the estimate's error is larger than the tolerance; \(deciding) would decide")
            }
        }
        return notes
    }
}

/// Columns padded to their widest cell, numbers as written.
struct Table {
    var rows: [[String]]
    func render() -> String {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            let line = row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }.joined(separator: "\n") + "\n"
    }
}

/// A value with all its digits (the shortest decimal that round-trips).
func format(_ x: Double) -> String { x.isNaN ? "nan (undefined)" : "\(x)" }
/// An error or tolerance: two significant digits.
func short(_ x: Double) -> String { x.isFinite ? String(format: "%.1e", x) : (x.isNaN ? "nan" : "\(x)") }
