import Foundation
import FiniteDifferences

extension NetworkCheck {
    /// The check as a JSON object, keys sorted, ending in a newline.
    ///
    /// ```
    /// {
    ///   "network": "fixtures/networks/q2.net",
    ///   "point":  { "x": 1.5, ... },                       variables as given
    ///   "values": { "z1": 0.45, ..., "Loss": ... },         every computed node
    ///   "loss": "Loss",
    ///   "closedForm": "q2",                                 or absent
    ///   "tolerance": { "atol": 1e-07, "rtol": 1e-05, "widening": 1 },
    ///   "gradients": {
    ///     "w1": {
    ///       "analytic": ..., "closedForm": ..., "verdict": "agree",
    ///       "estimates": {
    ///         "central": { "value", "error", "errorEstimate", "roundingError",
    ///                      "truncationError", "step", "evaluations", "allowance", "verdict",
    ///                      "doubt": why the error estimate is not trusted (absent when it is) },
    ///         "<one-sided>": the same plus "oneSided": "left" | "right",
    ///         "<at a kink>": { "left": {…}, "right": {…}, "analyticBetween", "error", "allowance", "verdict" },
    ///                      (central and five-point on a network: each side's value is its one-sided
    ///                      slope, its errors the stencil's, as `sweep` judges them)
    ///         "<unavailable>": { "unavailable": "reason", "verdict": null }
    ///       }
    ///     }
    ///   },
    ///   "verdict": "agree" | "mismatch" | "inconclusive" | "not-differentiable",
    ///   "exitStatus": 0 | 1
    /// }
    /// ```
    /// `error` is `|analytic - estimate|`. Non-finite numbers are `null`.
    public func json() -> String {
        var root: [String: Any] = [
            "network": network.file,
            "point": Dictionary(uniqueKeysWithValues: network.variables.enumerated().map { ($1, number(point[$0])) }),
            "values": Dictionary(uniqueKeysWithValues: network.nodes.indices.map {
                (network.nodes[$0].name, number(values[network.variableCount + $0]))
            }),
            "loss": network.loss,
            "tolerance": ["atol": tolerance.atol, "rtol": tolerance.rtol, "widening": tolerance.widening],
            "verdict": verdictName,
            "exitStatus": passed ? 0 : 1,
        ]
        if let closedFormName { root["closedForm"] = closedFormName }
        var gradients: [String: Any] = [:]
        for p in parameters {
            var entry: [String: Any] = ["analytic": number(p.analytic), "verdict": p.verdict.name]
            if let c = p.closedForm { entry["closedForm"] = number(c) }
            if case .inconclusive(let deciding) = p.verdict { entry["decidingMethod"] = deciding }
            var estimates: [String: Any] = [:]
            for r in p.results { estimates[r.method.name] = Self.json(r) }
            entry["estimates"] = estimates
            gradients[p.parameter] = entry
        }
        root["gradients"] = gradients
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func json(_ r: MethodResult) -> [String: Any] {
        var object: [String: Any] = [:]
        switch r.estimate {
        case .smooth(let e): object = json(e)
        case .oneSided(let e, let side):
            object = json(e)
            object["oneSided"] = side.rawValue
        case .kink(let left, let right):
            object["left"] = json(left)
            object["right"] = json(right)
            if case .notDifferentiable(_, _, let between) = r.verdict { object["analyticBetween"] = between }
        case .straddle(let e, let left, let right):
            // The kink's shape: the one-sided slopes, each with the stencil's error estimate.
            var leftSide = e, rightSide = e
            (leftSide.value, rightSide.value) = (left, right)
            object["left"] = json(leftSide)
            object["right"] = json(rightSide)
            if case .notDifferentiable(_, _, let between) = r.verdict { object["analyticBetween"] = between }
        case .unavailable(let reason): object["unavailable"] = reason
        }
        object["verdict"] = r.verdict.map { $0.name as Any } ?? NSNull()
        if case .inconclusive(let deciding)? = r.verdict { object["decidingMethod"] = deciding }
        if let d = r.difference { object["error"] = number(d) }
        if let a = r.allowance { object["allowance"] = number(a) }
        return object
    }

    static func json(_ e: DerivativeEstimate) -> [String: Any] {
        var object: [String: Any] = [
            "value": number(e.value), "errorEstimate": number(e.errorEstimate), "roundingError": number(e.roundingError),
            "truncationError": number(e.truncationError), "step": number(e.step), "evaluations": e.evaluations]
        if let doubt = e.doubt { object["doubt"] = doubt }
        return object
    }
}

/// A JSON number, or `null` for NaN and infinities (which JSON cannot hold).
func number(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
