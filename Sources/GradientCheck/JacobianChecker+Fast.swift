import FiniteDifferences
import NetworkModel

/// Fast mode: random projections `vᵀ J u`, and bisection to the guilty inputs.
extension JacobianChecker {
    /// A random sign vector: every entry ±1.
    static func signs(_ count: Int, using generator: inout SplitMix64) -> [Double] {
        (0..<count).map { _ in generator.next() & 1 == 0 ? 1 : -1 }
    }

    /// `vᵀ J u_S` claimed by `source`, where `u_S` is `u` restricted to `columns` (all when `nil`).
    func claimedProjection(source: String, u: [Double], v: [Double], columns: [Int]?,
                           _ state: inout PointState, into result: inout GradientCheckResult) -> Double? {
        let masked = columns.map { cs in
            var w = [Double](repeating: 0, count: u.count)
            for c in cs { w[c] = u[c] }
            return w
        } ?? u
        if source == claim.names.jacobian, let j = state.matrix {
            var sum = 0.0
            for r in j.indices where v[r] != 0 {
                var row = 0.0
                for c in masked.indices where masked[c] != 0 { row += j[r][c] * masked[c] }
                sum += v[r] * row
            }
            return sum
        }
        if source == claim.names.jvp, let jvp = claim.jvp {
            let ju = jvp(state.x, masked.map { T($0) }).map { Double($0) }
            guard ju.count == state.m else {
                result.problems.append("at point \(state.index + 1) \(state.point): the \(claim.names.jvp) has \(ju.count) components, f \(state.m) outputs")
                return nil
            }
            return zip(v, ju).reduce(0) { $0 + $1.0 * $1.1 }
        }
        if source == claim.names.vjp, let vjp = claim.vjp {
            let vj = vjp(state.x, v.map { T($0) }).map { Double($0) }
            guard vj.count == state.n else {
                result.problems.append("at point \(state.index + 1) \(state.point): the \(claim.names.vjp) has \(vj.count) components, the point \(state.n)")
                return nil
            }
            return zip(vj, masked).reduce(0) { $0 + $1.0 * $1.1 }
        }
        return nil
    }

    /// The sources the claim has, in the order they are checked.
    var sources: [String] {
        (claim.jacobian == nil ? [] : [claim.names.jacobian]) + (claim.jvp == nil ? [] : [claim.names.jvp])
            + (claim.vjp == nil ? [] : [claim.names.vjp])
    }

    /// The finite difference of `vᵀ f` along `u` restricted to `columns`.
    func projectionEstimate(u: [Double], v: [Double], columns: [Int]?, _ state: PointState) -> DerivativeEstimate {
        let support = (columns ?? Array(u.indices)).map { (index: $0, weight: u[$0]) }
        let slice = DirectionalDifference(function, at: state.working, support: support, value: state.value)
        return slice.estimate(weights: v, method: method, precision: precision, step: step)
    }

    func checkFast(at x: [T], pointIndex: Int, directions: Int, generator: inout SplitMix64,
                   into result: inout GradientCheckResult) {
        guard var state = prepare(x, pointIndex: pointIndex, into: &result) else { return }
        for k in 0..<directions {
            let u = Self.signs(state.n, using: &generator), v = Self.signs(state.m, using: &generator)
            let estimate = projectionEstimate(u: u, v: v, columns: nil, state)
            guard estimate.value.isFinite else {
                result.problems.append("at point \(pointIndex + 1) \(state.point): f is not finite within the "
                    + "finite-difference step along direction \(k), so it cannot be checked")
                continue
            }
            for source in sources {
                guard let claimed = claimedProjection(source: source, u: u, v: v, columns: nil, &state, into: &result) else { continue }
                let (verdict, allowance) = judge(claimed: claimed, estimate: estimate)
                result.projections.append(.init(pointIndex: pointIndex, point: state.point, direction: k, source: source,
                                                claimed: claimed, estimate: estimate, verdict: verdict, allowance: allowance))
                guard verdict.isFailure else { continue }
                let guilty = bisect(source: source, u: u, v: v, columns: Array(0..<state.n), &state, into: &result)
                let checked = Set(result.components.filter { $0.pointIndex == pointIndex }.map(\.column))
                for c in guilty where !checked.contains(c) { checkColumn(c, &state, into: &result) }
            }
        }
    }

    /// The inputs among `columns` whose part of `vᵀ J u` disagrees: halves are
    /// checked in turn and a failing half is split again, down to single inputs.
    /// Costs two projections per level per guilty input (`2 log2(n)` for one wrong entry).
    func bisect(source: String, u: [Double], v: [Double], columns: [Int],
                _ state: inout PointState, into result: inout GradientCheckResult) -> [Int] {
        if columns.count == 1 { return columns }
        let middle = columns.count / 2
        var guilty: [Int] = []
        for half in [Array(columns[..<middle]), Array(columns[middle...])] {
            let estimate = projectionEstimate(u: u, v: v, columns: half, state)
            guard estimate.value.isFinite,
                  let claimed = claimedProjection(source: source, u: u, v: v, columns: half, &state, into: &result)
            else { continue }
            if judge(claimed: claimed, estimate: estimate).0.isFailure {
                guilty += bisect(source: source, u: u, v: v, columns: half, &state, into: &result)
            }
        }
        return guilty
    }
}
