import AnalyticGradients
import NetworkModel

/// Evaluates key terms at the test points, generically over `GraphScalar`:
/// values in `Double`, and a derivative `\frac{\partial U}{\partial V}` by
/// evaluating `U` over dual numbers whose tangents hold d/dV.
///
/// `d/dV` follows the network: if V is a slot, it is seeded with tangent 1,
/// the nodes that depend on V are recomputed (`ForwardMode.tangents`) and every
/// other slot is held; if V is a free variable (`z` in `g(z)`), only V carries a
/// tangent. So `dz_2/da_1 = w_2`, `da_2/da_1 = a_2(1 - a_2)w_2`, `dz_1/da_1 = 0`.
/// Derivatives are exact up to rounding (no step size).
struct KeyEvaluator: Sendable {
    let symbols: KeySymbols
    let points: TestPoints
    /// The key's own definitions of names the network lacks (`\delta_2`, `\hat{y}`), by name key:
    /// a name defined here evaluates as its definition.
    var definitions: [String: MathTerm] = [:]
    /// Magnitudes of the values the key gave (`x = 1.5`, `\alpha = 0.5`) and, where every variable is
    /// given, of every node: a literal equal to one of them is that value, exact, not a rounded one.
    var givenValues: Set<Double> = []
    /// Terms (by id) whose rounding is a whole unit of the last digit rather than half: the
    /// numbers right at an `\approx`.
    var wholeUnit: Set<Int> = []
    /// Numbers (by id) that stand for their rounding (see ``marking(_:)``).
    var roundedLiterals: Set<Int> = []

    /// Values that replace a term (by id) at every point: the repair search's "what if".
    typealias Overrides = [Int: [Double]]

    struct Failure: Error, Sendable {
        var message: String
        var term: MathTerm
    }

    /// The term's value at every point.
    func values(_ t: MathTerm, overrides: Overrides = [:]) throws(Failure) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(points.count)
        for k in 0..<points.count { result.append(try value(t, at: k, overrides: overrides)) }
        return result
    }

    /// Whether the term, with `overrides`, agrees with `target` at every point;
    /// stops at the first point where it does not.
    func matches(_ t: MathTerm, _ target: [Double], overrides: Overrides, agreement: Agreement) -> Bool {
        for k in 0..<points.count {
            guard let v = try? value(t, at: k, overrides: overrides), agreement.close(v, target[k]) else { return false }
        }
        return true
    }

    func value(_ t: MathTerm, at k: Int, overrides: Overrides = [:]) throws(Failure) -> Double {
        let env = Environment<Double>(slots: points.values[k], free: points.free[k], point: k,
                                      overrides: overrides, allowsDerivatives: true)
        return try evaluate(t, env)
    }

    /// The term's value at every point as an interval: what it may be, given the rounding of the
    /// numbers written in it (see ``Interval``).
    func intervals(_ t: MathTerm) throws(Failure) -> [Interval] {
        var result: [Interval] = []
        result.reserveCapacity(points.count)
        for k in 0..<points.count {
            let env = Environment<Interval>(slots: points.values[k].map { Interval($0) },
                                            free: points.free[k].mapValues { Interval($0) }, point: k,
                                            overrides: [:], allowsDerivatives: true)
            result.append(try evaluate(t, env))
        }
        return result
    }

    /// Whether the term holds a number written with rounding (after expanding the key's definitions).
    func isRounded(_ t: MathTerm) -> Bool {
        var seen: Set<String> = []
        func rounded(_ t: MathTerm) -> Bool {
            t.contains { u in
                switch u.kind {
                case .number(let v): return radius(u, v) > 0
                case .name(let n):
                    if case .free(let key) = symbols.value(of: n), let d = definitions[key], seen.insert(key).inserted {
                        return rounded(d)
                    }
                    return false
                default: return false
                }
            }
        }
        return rounded(t)
    }

    /// This evaluator, with the numbers of `terms` (each a whole term of a statement or a
    /// definition's body) that stand for their rounding marked as such.
    ///
    /// In a term of numbers alone (`0.6106 \times (-0.7)`, `\sigma(0.45)`) every decimal is rounded;
    /// in a term with names (`0.5 (a_2 - y^*)^2`, `w_1 - 0.1 x`) a decimal is a coefficient, exact,
    /// unless it has three significant digits or more (`0.6106 w_2`: a rounded value carried on).
    /// Integers and the values the key gave (`1.5` after `x = 1.5`) are always exact.
    func marking(_ terms: [MathTerm]) -> KeyEvaluator {
        var copy = self
        for t in terms {
            var hasNames = false
            t.visit { u in
                switch u.kind {
                case .name(let n):
                    if case .constant = symbols.value(of: n) {} else if !symbols.isFunction(n) { hasNames = true }
                case .derivative: hasNames = true
                default: break
                }
            }
            t.visit { u in
                guard case .number(let v) = u.kind, u.halfUnit > 0, !isGiven(v) else { return }
                if !hasNames || Self.significantDigits(u.text) >= 3 { copy.roundedLiterals.insert(u.id) }
            }
        }
        return copy
    }

    /// Whether `v` is (to 1e-9 relative) the magnitude of a value the key gave or of a node computed
    /// exactly from them: `0.45` when `z_1 = 1.5 \times 0.3`.
    func isGiven(_ v: Double) -> Bool {
        let m = Swift.abs(v)
        return givenValues.contains(m) || givenValues.contains { Swift.abs($0 - m) <= 1e-9 * Swift.max(1, m) }
    }

    /// `0.6106`: 4; `-0.0883`: 3; `1.5`: 2.
    static func significantDigits(_ text: String) -> Int {
        let digits = text.filter(\.isNumber)
        return digits.drop { $0 == "0" }.count
    }

    /// The rounding a literal stands for: half a unit of its last digit (a whole unit at `\approx`)
    /// if it is marked as rounded (see ``marking(_:)``), else 0.
    func radius(_ t: MathTerm, _ v: Double) -> Double {
        guard roundedLiterals.contains(t.id) else { return 0 }
        return wholeUnit.contains(t.id) ? 2 * t.halfUnit : t.halfUnit
    }

    struct Environment<T: KeyScalar> {
        var slots: [T]
        var free: [String: T]
        var point: Int
        var overrides: Overrides
        var allowsDerivatives: Bool
        /// How many definitions deep the evaluation is (a guard against a definition that uses itself).
        var definitionDepth = 0
    }

    private func evaluate<T: KeyScalar>(_ t: MathTerm, _ env: Environment<T>) throws(Failure) -> T {
        if !env.overrides.isEmpty, let replacement = env.overrides[t.id] { return T(replacement[env.point]) }
        switch t.kind {
        case .number(let v): return T.literal(v, radius: radius(t, v))
        case .name(let n):
            switch symbols.value(of: n) {
            case .slot(let s): return env.slots[s]
            case .constant(let c): return T(c)
            case .free(let key):
                if symbols.isFunction(n) {
                    throw Failure(message: "\(n.latex) is a function and needs an argument", term: t)
                }
                if let definition = definitions[key] {
                    guard env.definitionDepth < 16 else {
                        throw Failure(message: "\(n.latex) is defined through itself", term: t)
                    }
                    var inner = env
                    inner.definitionDepth += 1
                    return try evaluate(definition, inner)
                }
                if let v = env.free[key] { return v }
                throw Failure(message: "\(n.latex) has no value", term: t)
            }
        case .negate(let a): return -(try evaluate(a, env))
        case .add(let a, let b): return try evaluate(a, env) + evaluate(b, env)
        case .subtract(let a, let b): return try evaluate(a, env) - evaluate(b, env)
        case .product(let factors):
            var result = try evaluate(factors[0], env)
            for f in factors.dropFirst() { result = result * (try evaluate(f, env)) }
            return result
        case .reciprocal(let a): return T(1) / (try evaluate(a, env))
        case .fraction(let a, let b): return try evaluate(a, env) / evaluate(b, env)
        case .power(let b, let e):
            let base = try evaluate(b, env)
            if case .number(let n) = e.kind, n == n.rounded(), Swift.abs(n) <= 64 { return base.integerPower(Int(n)) }
            if case .negate(let inner) = e.kind, case .number(let n) = inner.kind, n == n.rounded(), n <= 64 {
                return base.integerPower(-Int(n))
            }
            let exponent = try evaluate(e, env)
            if case .name(let n) = b.kind, symbols.value(of: n) == .constant(M_E_value) { return T.apply(.exp, to: exponent) }
            return T.power(base, exponent)
        case .absolute(let a): return T.apply(.abs, to: try evaluate(a, env))
        case .indicator(let a, let comparison, let b):
            // Piecewise constant: its derivative is 0 away from the jump.
            return T(comparison.holds(try evaluate(a, env).primal, try evaluate(b, env).primal) ? 1 : 0)
        case .apply(let name, let arguments):
            let function: KeySymbols.Function
            switch symbols.function(name) {
            case .success(let f): function = f
            case .failure(let problem): throw Failure(message: problem.message, term: t)
            }
            var args: [T] = []
            for a in arguments { args.append(try evaluate(a, env)) }
            return try apply(function, name, args, t)
        case .functionDerivative(let name, let arguments):
            guard env.allowsDerivatives else {
                throw Failure(message: "derivatives of derivatives are not supported", term: t)
            }
            guard arguments.count == 1 else {
                throw Failure(message: "\(name.latex)' is written here for a function of one argument", term: t)
            }
            let function: KeySymbols.Function
            switch symbols.function(name) {
            case .success(let f): function = f
            case .failure(let problem): throw Failure(message: problem.message, term: t)
            }
            // The slope at each end of the argument (and its middle): an interval argument gives
            // the hull of those slopes.
            var slopes: [Double] = []
            for at in try evaluate(arguments[0], env).ends {
                let slope: Dual = try apply(function, name, [Dual(value: at, derivative: 1)], t)
                slopes.append(slope.derivative)
            }
            return T.spanning(slopes)
        case .derivative(let u, let v):
            guard env.allowsDerivatives else {
                throw Failure(message: "derivatives of derivatives are not supported", term: t)
            }
            return T(try derivative(of: u, withRespectTo: v, at: env.point, term: t))
        }
    }

    private func apply<T: KeyScalar>(_ f: KeySymbols.Function, _ name: KeyName, _ args: [T], _ t: MathTerm) throws(Failure) -> T {
        func arity(_ n: Int) throws(Failure) {
            guard args.count == n else {
                throw Failure(message: "\(name.latex) takes \(n) argument\(n == 1 ? "" : "s"), not \(args.count)", term: t)
            }
        }
        switch f {
        case .elementary(let e):
            try arity(1)
            return T.apply(e, to: args[0])
        case .maximum:
            try arity(2)
            return args[0].primal >= args[1].primal ? args[0] : args[1]
        case .minimum:
            try arity(2)
            return args[0].primal <= args[1].primal ? args[0] : args[1]
        case .step:
            try arity(1)
            return T(args[0].primal > 0 ? 1 : 0)  // piecewise constant, as \mathbb{1}[u > 0]
        case .defined(let body):
            try arity(body.parameters.count)
            guard let v = body.apply(args) else {
                throw Failure(message: "\(name.latex) cannot be applied here", term: t)
            }
            return v
        }
    }

    /// `d(u)/d(v)` at point `k`, through the network.
    func derivative(of u: MathTerm, withRespectTo v: KeyName, at k: Int, term: MathTerm) throws(Failure) -> Double {
        var env: Environment<Dual>
        var variable = symbols.value(of: v)
        if case .free(let key) = variable, let definition = definitions[key], case .name(let alias) = definition.kind,
           case .slot(let s) = symbols.value(of: alias) {
            variable = .slot(s)  // `\hat{y} = a_2`: d/d\hat{y} is d/da_2
        }
        switch variable {
        case .slot(let s):
            env = Environment(slots: points.tangents[s][k], free: [:], point: k, overrides: [:], allowsDerivatives: false)
            for (key, value) in points.free[k] { env.free[key] = Dual(value: value, derivative: 0) }
        case .free(let key):
            env = Environment(slots: points.values[k].map { Dual(value: $0, derivative: 0) }, free: [:], point: k,
                              overrides: [:], allowsDerivatives: false)
            for (name, value) in points.free[k] { env.free[name] = Dual(value: value, derivative: name == key ? 1 : 0) }
        case .constant:
            throw Failure(message: "cannot differentiate with respect to the constant \(v.latex)", term: term)
        }
        return try evaluate(u, env).derivative
    }
}

/// A scalar the key evaluator computes with: `Double` (values), `Dual` (derivatives)
/// or ``Interval`` (values with the rounding of the numbers written in the key).
protocol KeyScalar: GraphScalar {
    /// A number written in the key, standing for any value within `radius` of it.
    static func literal(_ value: Double, radius: Double) -> Self
    /// The smallest value holding all of `values` (a point type takes the middle one).
    static func spanning(_ values: [Double]) -> Self
    /// The ends of the value (one value for a point type, three for an interval: low, middle, high).
    var ends: [Double] { get }
}

extension Double: KeyScalar {
    static func literal(_ value: Double, radius: Double) -> Double { value }
    static func spanning(_ values: [Double]) -> Double { values[values.count / 2] }
    var ends: [Double] { [self] }
}

extension Dual: KeyScalar {
    static func literal(_ value: Double, radius: Double) -> Dual { Dual(value: value, derivative: 0) }
    static func spanning(_ values: [Double]) -> Dual { Dual(value: values[values.count / 2], derivative: 0) }
    var ends: [Double] { [value] }
}

extension Interval: KeyScalar {
    static func literal(_ value: Double, radius: Double) -> Interval { Interval(value, radius: radius) }
    static func spanning(_ values: [Double]) -> Interval {
        Interval(lo: values.min() ?? .nan, hi: values.max() ?? .nan)
    }
    var ends: [Double] { isPoint ? [lo] : [lo, primal, hi] }
}

/// Euler's number, as `KeySymbols` resolves `e`.
let M_E_value = 2.718281828459045
