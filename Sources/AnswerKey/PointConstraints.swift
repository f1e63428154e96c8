import NetworkModel

/// What the test points of a statement must satisfy: the values the key gave
/// (`x = 1.5`, `\alpha = 0.5`) and the conditions it is claimed under
/// (`y^* = 1`, `z_1 = 0`, `x > 0`).
///
/// How each kind is met, at each random point:
/// - a variable (input, label, parameter) or free name set equal to a number
///   is set to it;
/// - a node set equal to a number (`z_1 = 0`, `a_1 = \frac12`) is solved for:
///   one variable the node depends on (inputs first, then parameters, each
///   not already given) is moved until the node equals the number — scanned
///   over [-8, 8] in steps of 0.25 for a sign change, then bisected to 1e-12.
///   A point where no variable reaches it is dropped;
/// - any other comparison (`x > 0`, `z_1 \leq 0`, `y^* \neq 1`) is kept by
///   rejection: a point that fails it is dropped.
///
/// Up to ``attemptsPerPoint`` candidates are drawn per point wanted; a condition
/// that leaves too few (see ``TestPoints/isShort``) is reported as one that could
/// not be checked, never as an error.
struct PointConstraints: Hashable, Sendable {
    static let attemptsPerPoint = 16
    static let tolerance = 1e-9

    /// Variable slots given a value.
    var fixed: [Int: Double] = [:]
    /// Free names given a value.
    var fixedFree: [String: Double] = [:]
    /// Node slots that must equal a value.
    var solve: [Int: Double] = [:]
    /// Comparisons of a slot (or free name) with a number, kept by rejection.
    var comparisons: [Comparison] = []

    struct Comparison: Hashable, Sendable {
        enum Subject: Hashable, Sendable {
            case slot(Int)
            case free(String)
        }
        var subject: Subject
        var comparison: MathTerm.Comparison
        var value: Double
    }

    var isEmpty: Bool { fixed.isEmpty && fixedFree.isEmpty && solve.isEmpty && comparisons.isEmpty }

    /// The point made from random `variables` and `free` values, or `nil` if it cannot satisfy the constraints.
    func apply(to variables: [Double], free: [String: Double], in network: Network) -> (slots: [Double], free: [String: Double])? {
        var variables = variables
        var free = free
        for (slot, v) in fixed where slot < variables.count { variables[slot] = v }
        for (key, v) in fixedFree { free[key] = v }
        for (node, target) in solve.sorted(by: { $0.key < $1.key }) {
            guard let solved = Self.solve(node, equal: target, from: variables, in: network, keeping: Set(fixed.keys)) else {
                return nil
            }
            variables = solved
        }
        let slots = network.forward(variables)
        for (node, target) in solve where Swift.abs(slots[node] - target) > Self.tolerance * Swift.max(1, Swift.abs(target)) {
            return nil  // solving a later node moved an earlier one
        }
        for c in comparisons {
            let value: Double
            switch c.subject {
            case .slot(let s): value = slots[s]
            case .free(let key): guard let v = free[key] else { return nil }; value = v
            }
            guard c.comparison.holds(value, c.value) else { return nil }
        }
        return (slots, free)
    }

    /// `variables` with one variable moved so that node `slot` equals `target`.
    static func solve(_ slot: Int, equal target: Double, from variables: [Double], in network: Network,
                      keeping fixed: Set<Int>) -> [Double]? {
        let candidates = (0..<network.variableCount).filter {
            network.depends(slot, on: $0) && !fixed.contains($0) && network.slotNames[$0] != network.label
        }
        func residual(_ vars: [Double]) -> Double { network.forward(vars)[slot] - target }
        for v in candidates {
            var vars = variables
            func f(_ x: Double) -> Double { vars[v] = x; return residual(vars) }
            if Swift.abs(f(variables[v])) <= tolerance { return variables }
            // Scan outward from the random value so the solution stays near it.
            let grid = stride(from: -8.0, through: 8.0, by: 0.25).sorted { Swift.abs($0 - variables[v]) < Swift.abs($1 - variables[v]) }
            let a = variables[v], fa = f(a)
            guard fa.isFinite else { continue }
            for b in grid {
                let fb = f(b)
                guard fb.isFinite else { continue }
                if fb == 0 { vars[v] = b; return vars }
                if (fa < 0) != (fb < 0) {
                    var lo = a, hi = b, flo = fa
                    for _ in 0..<200 {
                        let mid = (lo + hi) / 2
                        let fm = f(mid)
                        if (fm < 0) == (flo < 0) { lo = mid; flo = fm } else { hi = mid }
                        if Swift.abs(hi - lo) < 1e-13 { break }
                    }
                    vars[v] = (lo + hi) / 2
                    return vars
                }
            }
        }
        return nil
    }
}
