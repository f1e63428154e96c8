import Reporting

/// The judgement on a whole trajectory file: every path, and every `expect` line checked.
public struct TrajectoryVerdict: Sendable {
    public var problem: TrajectoryProblem
    public var paths: [PathJudgement]
    public var expectations: [ExpectationResult]

    /// The `expect` lines whose verdict (or reasons) differ from the judgement.
    public var mismatches: [ExpectationResult] { expectations.filter { !$0.matches } }
    public var feasibleCount: Int { paths.count { $0.feasible } }
}

/// One `expect` line compared with the judgement of its path.
public struct ExpectationResult: Sendable {
    public var expectation: Expectation
    /// The verdict found for the path.
    public var judgedFeasible: Bool
    /// The reasons found, as codes of the file's mode, in kind order.
    public var judgedReasons: [String]
    /// Verdicts agree and, when the line lists reasons, the set of reasons agrees too.
    public var matches: Bool
    /// "path C: expected infeasible (downhill), judged feasible" when they differ.
    public var message: String

    public init(_ expectation: Expectation, judged: PathJudgement, mode: TrajectoryProblem.Mode) {
        self.expectation = expectation
        judgedFeasible = judged.feasible
        judgedReasons = judged.reasons.map(\.code)
        let verdictMatches = expectation.feasible == judged.feasible
        let reasonsMatch = expectation.reasons.map { $0 == judged.reasonKinds } ?? true
        matches = verdictMatches && reasonsMatch
        func describe(_ feasible: Bool, _ codes: [String]) -> String {
            feasible || codes.isEmpty ? (feasible ? "feasible" : "infeasible")
                : "infeasible (\(codes.joined(separator: ", ")))"
        }
        let expectedCodes = (expectation.reasons ?? []).sorted().map { $0.code(for: mode) }
        message = matches
            ? "path \(expectation.pathName): \(describe(judged.feasible, judgedReasons)) as expected"
            : "path \(expectation.pathName): expected \(describe(expectation.feasible, expectedCodes)), "
                + "judged \(describe(judged.feasible, judgedReasons))"
    }
}
