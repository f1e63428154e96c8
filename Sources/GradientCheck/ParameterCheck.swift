/// Every method's verdict on one parameter's gradient, and the combined verdict.
public struct ParameterCheck: Sendable {
    public var parameter: String
    /// `dLoss/dparameter` by reverse mode: the value under test.
    public var analytic: Double
    /// The same derivative from the bundled closed form, when one matches the network.
    public var closedForm: Double?
    public var results: [MethodResult]

    /// The combined verdict:
    /// 1. any failing verdict (a mismatch, or an analytic value outside the
    ///    one-sided derivatives at a kink) fails the parameter;
    /// 2. else a kink, if any method saw one;
    /// 3. else agree if any method agrees (an inconclusive method is decided
    ///    by a more accurate one);
    /// 4. else inconclusive (every estimate too inaccurate, or none available).
    public var verdict: Verdict {
        let verdicts = results.compactMap(\.verdict)
        if let failure = verdicts.first(where: \.isFailure) { return failure }
        if let kink = verdicts.first(where: { if case .notDifferentiable = $0 { return true } else { return false } }) {
            return kink
        }
        if verdicts.contains(.agree) { return .agree }
        if let inconclusive = verdicts.first { return inconclusive }
        return .inconclusive(decidingMethod: "none: no method could estimate this derivative")
    }
}
