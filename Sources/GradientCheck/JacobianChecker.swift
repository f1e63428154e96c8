import FiniteDifferences
import NetworkModel

/// The engine behind every check: a function, a claim, how to estimate and
/// how to judge. Full mode is here; fast mode in `JacobianChecker+Fast.swift`.
package struct JacobianChecker<T: BinaryFloatingPoint> {
    let function: EvaluatedFunction<T>
    let claim: JacobianClaim<T>
    let subject: GradientCheckResult.Subject
    let method: FiniteDifferenceMethod
    let tolerance: Tolerance
    let step: Double?
    let precision = CheckPrecision(T.self)

    package init(function: EvaluatedFunction<T>, claim: JacobianClaim<T>, subject: GradientCheckResult.Subject,
                 method: FiniteDifferenceMethod, tolerance: Tolerance, step: Double?) {
        precondition(method != .complexStep, "complex step needs the function on complex numbers; use another method")
        self.function = function
        self.claim = claim
        self.subject = subject
        self.method = method
        self.tolerance = tolerance
        self.step = step
    }

    /// Checks every point in `mode`.
    package func check(at points: [[T]], mode: CheckMode, caller: CallerLocation) -> GradientCheckResult {
        var result = GradientCheckResult(subject: subject, tolerance: tolerance, caller: caller)
        if points.isEmpty { result.problems.append("no points to check") }
        var generator: SplitMix64?
        for (pointIndex, x) in points.enumerated() {
            switch mode.resolved(inputs: x.count) {
            case .fast(let directions, let seed):
                guard directions >= 1 else {
                    result.problems.append("fast mode needs at least one direction, not \(directions)")
                    return result
                }
                if generator == nil { generator = SplitMix64(seed: seed) }
                result.mode = "fast, \(directions) directions per point, seed \(seed)"
                checkFast(at: x, pointIndex: pointIndex, directions: directions, generator: &generator!, into: &result)
            case .full, .automatic:
                checkFull(at: x, pointIndex: pointIndex, into: &result)
            }
        }
        result.evaluations = function.evaluations
        return result
    }

    /// What is known at one point before any finite difference: `f(x)` and the claim's Jacobian/VJP rows.
    struct PointState {
        var index: Int
        var x: [T]
        var point: [Double]
        var working: WorkingPoint<T>
        var value: [Double]
        /// The claimed Jacobian, when the claim has one.
        var matrix: [[Double]]?
        /// `vjp(x, e_r)` for every output `r`, computed when first needed.
        var vjpRows: [[Double]]?
        var n: Int { x.count }
        var m: Int { value.count }
    }

    /// `f(x)` and the claimed Jacobian at `x`, or a problem (not finite, wrong shape).
    func prepare(_ x: [T], pointIndex: Int, into result: inout GradientCheckResult) -> PointState? {
        let point = x.map { Double($0) }
        let at = "at point \(pointIndex + 1) \(point)"
        guard point.allSatisfy(\.isFinite) else {
            result.problems.append("\(at): the point is not finite")
            return nil
        }
        let value = function(x)
        guard value.allSatisfy(\.isFinite), !value.isEmpty else {
            result.problems.append(value.isEmpty ? "\(at): f returned no value" : "\(at): f is not finite (\(value))")
            return nil
        }
        var state = PointState(index: pointIndex, x: x, point: point, working: WorkingPoint(x), value: value)
        if let jacobian = claim.jacobian {
            let j = jacobian(x).map { $0.map { Double($0) } }
            guard j.count == state.m, j.allSatisfy({ $0.count == x.count }) else {
                result.problems.append(subject == .gradient
                    ? "\(at): the gradient has \(j.first?.count ?? 0) components, the point \(x.count)"
                    : "\(at): the \(claim.names.jacobian) has shape \(j.count)×\(j.first?.count ?? 0), f has \(state.m) outputs and \(x.count) inputs")
                return nil
            }
            state.matrix = j
        }
        return state
    }

    /// `vjp(x, e_r)` for every output, once per point; `nil` (and a problem) on a wrong length.
    func vjpRows(_ state: inout PointState, into result: inout GradientCheckResult) -> [[Double]]? {
        if let rows = state.vjpRows { return rows }
        guard let vjp = claim.vjp else { return nil }
        var rows: [[Double]] = []
        for r in 0..<state.m {
            var e = [T](repeating: 0, count: state.m)
            e[r] = 1
            let row = vjp(state.x, e).map { Double($0) }
            guard row.count == state.n else {
                result.problems.append("at point \(state.index + 1) \(state.point): the \(claim.names.vjp) has \(row.count) components, the point \(state.n)")
                return nil
            }
            rows.append(row)
        }
        state.vjpRows = rows
        return rows
    }

    /// The claimed column `J e_c`, from every source the claim has.
    func claimedColumn(_ c: Int, _ state: inout PointState, into result: inout GradientCheckResult) -> [(source: String, column: [Double])] {
        var sources: [(String, [Double])] = []
        if let j = state.matrix { sources.append((claim.names.jacobian, j.map { $0[c] })) }
        if let jvp = claim.jvp {
            var e = [T](repeating: 0, count: state.n)
            e[c] = 1
            let column = jvp(state.x, e).map { Double($0) }
            if column.count == state.m {
                sources.append((claim.names.jvp, column))
            } else {
                result.problems.append("at point \(state.index + 1) \(state.point): the \(claim.names.jvp) has \(column.count) components, f \(state.m) outputs")
            }
        }
        if let rows = vjpRows(&state, into: &result) { sources.append((claim.names.vjp, rows.map { $0[c] })) }
        return sources
    }

    /// Every entry of column `c`, estimated along `e_c` and judged against every source.
    func checkColumn(_ c: Int, _ state: inout PointState, into result: inout GradientCheckResult) {
        let slice = DirectionalDifference(function, at: state.working, support: [(c, 1)], value: state.value)
        let sources = claimedColumn(c, &state, into: &result)
        for r in 0..<state.m {
            let estimate = slice.estimate(row: r, outputs: state.m, method: method, precision: precision, step: step)
            guard estimate.value.isFinite else {
                result.problems.append("at point \(state.index + 1) \(state.point): f is not finite within the "
                    + "finite-difference step of p[\(c)] (step \(estimate.step)), so \(entryName(r, c)) cannot be checked")
                continue
            }
            for (source, column) in sources {
                let (verdict, allowance) = judge(claimed: column[r], estimate: estimate)
                result.components.append(.init(pointIndex: state.index, point: state.point, row: r, column: c, source: source,
                                               claimed: column[r], estimate: estimate, verdict: verdict, allowance: allowance))
            }
        }
    }

    func checkFull(at x: [T], pointIndex: Int, into result: inout GradientCheckResult) {
        guard var state = prepare(x, pointIndex: pointIndex, into: &result) else { return }
        for c in 0..<state.n { checkColumn(c, &state, into: &result) }
    }

    /// The verdict and allowance for a claimed value against an estimate (GradientCheck's one tolerance model).
    func judge(claimed: Double, estimate: DerivativeEstimate) -> (Verdict, Double) {
        let verdict = Verdict.judge(analytic: claimed, estimate: estimate.value, errorEstimate: estimate.errorEstimate,
                                    tolerance: tolerance,
                                    decidingMethod: method == .richardson ? "none (try a smaller step)" : "richardson",
                                    trusted: estimate.isReliable)
        return (verdict, tolerance.allowance(reference: estimate.value, errorEstimate: estimate.errorEstimate))
    }

    func entryName(_ r: Int, _ c: Int) -> String {
        GradientCheckResult.entryName(row: r, column: c, subject: subject)
    }
}
