/// Every method's verdict on one parameter's gradient, and the combined verdict.
public struct ParameterCheck: Sendable {
    public var parameter: String
    /// `dLoss/dparameter` by reverse mode: the value under test.
    public var analytic: Double
    /// The same derivative from the bundled closed form, when one matches the network.
    public var closedForm: Double?
    public var results: [MethodResult]

    /// The combined verdict:
    /// 1. complex step decides when it applies, its error estimate is trusted
    ///    and it judged the point (agree or mismatch): it subtracts nothing, so
    ///    its error is a few ulps, and a finite difference that contradicts it
    ///    is wrong about its own error (e.g. a singularity of `1/w` or
    ///    `log(w)` within its step);
    /// 2. else a failing verdict (a mismatch, or an analytic value outside the
    ///    one-sided derivatives at a kink; only ever from a trusted error
    ///    estimate) fails the parameter, unless a method with a trusted and
    ///    smaller error estimate agrees: then the more accurate method decides;
    /// 3. else a kink, if any method saw one;
    /// 4. else agree if any method agrees (an inconclusive method is decided
    ///    by a more accurate one);
    /// 5. else inconclusive (every estimate too inaccurate or untrusted, or none available).
    public var verdict: Verdict {
        if let decisive = decisiveComplexStep { return decisive }
        let verdicts = results.compactMap(\.verdict)
        if let failure = standingFailure?.verdict { return failure }
        if !overruled.isEmpty { return .agree }
        if let kink = verdicts.first(where: { if case .notDifferentiable = $0 { return true } else { return false } }) {
            return kink
        }
        if verdicts.contains(.agree) { return .agree }
        if let inconclusive = verdicts.first { return inconclusive }
        return .inconclusive(decidingMethod: "none: no method could estimate this derivative")
    }

    /// Complex step's verdict when it is agree or mismatch from a trusted
    /// estimate (not refused, not inconclusive, no doubt).
    var decisiveComplexStep: Verdict? {
        guard let r = results.first(where: { $0.method == .complexStep }), r.doubt == nil,
              let v = r.verdict, v == .agree || v == .mismatch else {
            return nil
        }
        return v
    }

    /// The agreeing method with a trusted error estimate smaller than every
    /// failing method's, which overrules them (complex step first).
    public var overrulingMethod: MethodResult? {
        if decisiveComplexStep == .agree { return results.first { $0.method == .complexStep } }
        guard decisiveComplexStep == nil else { return nil }
        let failing = results.filter { $0.verdict?.isFailure == true }
        guard let smallest = failing.map(\.decidingError).min() else { return nil }
        return results.filter { $0.verdict == .agree && $0.doubt == nil && $0.decidingError < smallest }
            .min { $0.decidingError < $1.decidingError }
    }

    /// Methods whose failing verdict a more accurate agreeing method overrules.
    public var overruled: [MethodResult] {
        guard overrulingMethod != nil else { return [] }
        return results.filter { $0.verdict?.isFailure == true }
    }

    /// The failing method that fails the parameter, if any (none when overruled).
    var standingFailure: MethodResult? {
        guard decisiveComplexStep == nil, overrulingMethod == nil else { return nil }
        return results.filter { $0.verdict?.isFailure == true }.min { $0.decidingError < $1.decidingError }
    }
}
