/// Every method's verdict on one parameter's gradient, and the combined verdict.
public struct ParameterCheck: Sendable {
    public var parameter: String
    /// `dLoss/dparameter` by reverse mode: the value under test.
    public var analytic: Double
    /// The same derivative from the bundled closed form, when one matches the network.
    public var closedForm: Double?
    public var results: [MethodResult]

    /// The combined verdict:
    /// 1. complex step decides when it applies and judged the point (agree or
    ///    mismatch): it subtracts nothing, so its error is a few ulps, and a
    ///    finite difference that contradicts it is wrong about its own error
    ///    (e.g. a singularity of `1/w` or `log(w)` within its step);
    /// 2. else any failing verdict (a mismatch, or an analytic value outside
    ///    the one-sided derivatives at a kink) fails the parameter;
    /// 3. else a kink, if any method saw one;
    /// 4. else agree if any method agrees (an inconclusive method is decided
    ///    by a more accurate one);
    /// 5. else inconclusive (every estimate too inaccurate, or none available).
    public var verdict: Verdict {
        if let decisive = decisiveComplexStep { return decisive }
        let verdicts = results.compactMap(\.verdict)
        if let failure = verdicts.first(where: \.isFailure) { return failure }
        if let kink = verdicts.first(where: { if case .notDifferentiable = $0 { return true } else { return false } }) {
            return kink
        }
        if verdicts.contains(.agree) { return .agree }
        if let inconclusive = verdicts.first { return inconclusive }
        return .inconclusive(decidingMethod: "none: no method could estimate this derivative")
    }

    /// Complex step's verdict when it is agree or mismatch (not refused, not inconclusive).
    var decisiveComplexStep: Verdict? {
        guard let v = results.first(where: { $0.method == .complexStep })?.verdict, v == .agree || v == .mismatch else {
            return nil
        }
        return v
    }

    /// Methods whose failing verdict complex step overrules.
    public var overruled: [MethodResult] {
        guard decisiveComplexStep == .agree else { return [] }
        return results.filter { $0.verdict?.isFailure == true }
    }
}
