import Foundation
import NetworkModel
import Reporting

/// Chains that hold numbers written with rounding (`\frac{1}{1 + e^{-0.45}} \approx 0.6106`):
/// every term is evaluated as an ``Interval`` at the test points (which hold the values the key
/// gave), and two terms agree where their intervals meet.
extension CheckContext {
    func checkNumericChain(_ statement: KeyStatement, evaluator marked: KeyEvaluator) -> Outcome {
        var evaluator = marked
        evaluator.wholeUnit = Self.wholeUnitNumbers(statement.terms)
        let terms = statement.terms
        var diagnostics: [Diagnostic] = []
        var values: [Int: [Interval]] = [:]
        for (i, t) in terms.enumerated() {
            do { values[i] = try evaluator.intervals(t) } catch { diagnostics.append(cannotEvaluate(error)) }
        }
        let valid = terms.indices.filter { values[$0] != nil }
        guard valid.count >= 2 else { return Outcome(evaluated: false, diagnostics: diagnostics) }

        // A number can only be compared with a term whose value is known here.
        let rounded = valid.filter { evaluator.isRounded(terms[$0]) }
        let varying = valid.filter { i in values[i]!.contains { !agreement.close($0.primal, values[i]![0].primal) } }
        if !rounded.isEmpty, let v = varying.first {
            let missing = unknownVariables(terms[v])
            let number = terms[rounded[0]]
            diagnostics.append(diagnostic(
                .warning, at: number.start, length: number.length,
                message: "cannot check \(number.text) as a number: \(terms[v].text) depends on "
                    + (missing.isEmpty ? "values" : missing.joined(separator: ", "))
                    + " and the key gives \(missing.count == 1 ? "it" : "them") no value here",
                ruleID: "unchecked-number"))
            return Outcome(evaluated: false, diagnostics: diagnostics)
        }

        func agree(_ i: Int, _ j: Int) -> Bool {
            zip(values[i]!, values[j]!).allSatisfy { agreement.overlap($0, $1) }
        }
        var clusters: [[Int]] = []
        for i in valid {
            if let c = clusters.firstIndex(where: { agree($0[0], i) }) { clusters[c].append(i) } else { clusters.append([i]) }
        }
        if clusters.count == 1 { return Outcome(evaluated: true, diagnostics: diagnostics) }
        // The reference is the group with the most terms computed exactly from the network (no
        // rounded number in them), then the largest, then the first: the key's arithmetic is
        // judged against the network, not the other way round.
        let roundedSet = Set(rounded)
        func score(_ c: [Int]) -> (Int, Int) { (c.count { !roundedSet.contains($0) }, c.count) }
        let best = clusters.enumerated().max { a, b in
            let sa = score(a.element), sb = score(b.element)
            return sa != sb ? sa < sb : a.offset > b.offset
        }!.element
        let reference = best.min { values[$0]![0].width < values[$1]![0].width }!
        // A run of wrong terms that agree with each other is one mistake carried on: reported once.
        var previousWrong: Int?
        for i in valid {
            if best.contains(i) { previousWrong = nil; continue }
            if let p = previousWrong, agree(p, i) { continue }
            previousWrong = i
            diagnostics.append(wrongNumber(terms[i], values[i]!, reference: terms[reference], values[reference]!,
                                           evaluator: evaluator))
        }
        return Outcome(evaluated: true, diagnostics: diagnostics)
    }

    /// The ids of the numbers that stand right at an `\approx`: they may be off by a whole unit of
    /// their last digit (the author rounded along the way), not half.
    static func wholeUnitNumbers(_ terms: [MathTerm]) -> Set<Int> {
        var ids: Set<Int> = []
        for (i, t) in terms.enumerated() {
            let approximate = t.approximate || (i + 1 < terms.count && terms[i + 1].approximate)
            guard approximate else { continue }
            var bare = t
            if case .negate(let inner) = t.kind { bare = inner }
            if case .number = bare.kind { ids.insert(bare.id) }
        }
        return ids
    }

    /// The variables (and names the network lacks) that `t` depends on and that have no value given.
    func unknownVariables(_ t: MathTerm) -> [String] {
        var names: [String] = []
        let network = symbols.network
        t.visit { u in
            guard case .name(let n) = u.kind else { return }
            switch symbols.value(of: n) {
            case .slot(let s):
                for v in 0..<network.variableCount where (v == s || network.depends(s, on: v))
                    && Set(points.values.map { $0[v] }).count > 1 {
                    let name = notation.name(v)
                    if !names.contains(name) { names.append(name) }
                }
            case .free(let key) where evaluator.definitions[key] == nil && !symbols.isFunction(n):
                if Set(points.free.map { $0[key] ?? 0 }).count > 1, !names.contains(n.latex) { names.append(n.latex) }
            default: break
            }
        }
        return names
    }

    /// The finding for a term whose value (an interval) misses the reference's.
    func wrongNumber(_ term: MathTerm, _ values: [Interval], reference: MathTerm, _ referenceValues: [Interval],
                     evaluator: KeyEvaluator) -> Diagnostic {
        let k = values.indices.first { !agreement.overlap(values[$0], referenceValues[$0]) } ?? 0
        let mine = values[k], theirs = referenceValues[k]
        var notes: [String] = []
        notes.append("at \(pointText(k, [term, reference]))")
        let written = Self.writtenNumber(term)
        let digits = written.map { Self.decimals(of: $0) + 1 } ?? 5
        let message: String
        var suggestion: String?
        if let written {
            message = "\(shortName(reference)) = \(Self.format(theirs.primal, decimals: digits)), but the key says \(written.text)"
            suggestion = Self.suggestion(theirs.primal, decimals: digits - 1)
        } else {
            message = "\(shortName(term)) = \(Self.describe(mine, digits: digits)), but \(shortName(reference)) = \(Self.describe(theirs, digits: digits))"
        }
        if !mine.isPoint, written == nil {
            notes.append("the numbers written in \(shortName(term)) stand for their rounding, so it is anywhere in \(Self.describe(mine, digits: digits + 1))")
        }
        return diagnostic(.error, at: term.start, length: term.length, message: message, notes: notes,
                          suggestion: suggestion, ruleID: "wrong-number")
    }

    /// The number a term is, when it is only a number (`0.6160`, `-0.0883`): its literal.
    static func writtenNumber(_ t: MathTerm) -> MathTerm? {
        if case .number = t.kind { return t }
        if case .negate(let inner) = t.kind, case .number = inner.kind { return t }
        return nil
    }

    /// How many decimals a written number has (`-0.0883`: 4).
    static func decimals(of t: MathTerm) -> Int {
        let text = t.text.replacingOccurrences(of: "{,}", with: ".")  // `0{,}6225`
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text[text.index(after: dot)...].prefix { $0.isNumber }.count
    }

    /// `x` rounded as the key rounds (`decimals` places), or with more places if that rounding
    /// lies on the edge of `x`'s rounding interval: 0.25 is suggested as `0.25`, not `0.2`, for a
    /// key that wrote `0.5`; 0.61064 as `0.6106` for a key that wrote `0.6160`.
    static func suggestion(_ x: Double, decimals: Int) -> String {
        for places in decimals...Swift.max(decimals, 12) {
            let text = String(format: "%.\(places)f", x)
            let half = 0.5 * Foundation.pow(10, -Double(places))
            if let v = Double(text), Swift.abs(v - x) < half * (1 - 1e-9) { return text }
        }
        return String(format: "%.\(decimals)f", x)
    }

    static func format(_ x: Double, decimals: Int) -> String {
        if x.isNaN { return "undefined" }
        // Enough decimals to show the value's first significant digits.
        let magnitude = x == 0 ? 0 : Int(Foundation.floor(Foundation.log10(Swift.abs(x))))
        let places = Swift.max(decimals, -magnitude + 3)
        return String(format: "%.\(Swift.min(places, 12))f", x)
    }

    static func describe(_ v: Interval, digits: Int) -> String {
        v.isPoint || v.width < 1e-12 ? format(v.primal, decimals: digits)
            : "[\(format(v.lo, decimals: digits)), \(format(v.hi, decimals: digits))]"
    }
}
