import Foundation
import NetworkModel

/// A closed interval of reals `[lo, hi]`: the values a number written with
/// rounding (`0.6106` is anything in [0.61055, 0.61065]) may stand for, carried
/// through the arithmetic the key shows.
///
/// Arithmetic is the textbook interval arithmetic (Moore): `+`, `-`, `*`, `/`
/// take the extremes over the endpoints; the elementary functions are monotone
/// except `abs`, which is handled piecewise. Endpoints are rounded to nearest,
/// not outward, so an interval may be short by an ulp at each end; agreement
/// tests add ``Agreement``'s tolerance on top, which covers that.
///
/// **Edge cases:** dividing by an interval that contains 0 gives `[-∞, ∞]`;
/// `log` or `sqrt` of an interval reaching below 0 has a NaN end, and so is
/// treated as undefined.
struct Interval: GraphScalar, Equatable, CustomStringConvertible {
    var lo: Double
    var hi: Double

    init(_ constant: Double) {
        lo = constant
        hi = constant
    }

    init(lo: Double, hi: Double) {
        self.lo = Swift.min(lo, hi)
        self.hi = Swift.max(lo, hi)
        if lo.isNaN || hi.isNaN { self.lo = .nan; self.hi = .nan }
    }

    /// `value ± radius`.
    init(_ value: Double, radius: Double) {
        self.init(lo: value - radius, hi: value + radius)
    }

    /// The midpoint.
    var primal: Double { lo == hi ? lo : (lo + hi) / 2 }
    var width: Double { hi - lo }
    var isPoint: Bool { lo == hi }

    var description: String { isPoint ? "\(lo)" : "[\(lo), \(hi)]" }

    static func + (a: Interval, b: Interval) -> Interval { Interval(lo: a.lo + b.lo, hi: a.hi + b.hi) }
    static func - (a: Interval, b: Interval) -> Interval { Interval(lo: a.lo - b.hi, hi: a.hi - b.lo) }
    static prefix func - (a: Interval) -> Interval { Interval(lo: -a.hi, hi: -a.lo) }

    static func * (a: Interval, b: Interval) -> Interval {
        if a.isPoint && b.isPoint { return Interval(a.lo * b.lo) }
        let p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
        return Interval(lo: p.min()!, hi: p.max()!)
    }

    static func / (a: Interval, b: Interval) -> Interval {
        if a.isPoint && b.isPoint { return Interval(a.lo / b.lo) }
        if b.lo <= 0 && b.hi >= 0 { return Interval(lo: -.infinity, hi: .infinity) }
        let q = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi]
        return Interval(lo: q.min()!, hi: q.max()!)
    }

    static func apply(_ f: ElementaryFunction, to x: Interval) -> Interval {
        if x.isPoint { return Interval(Double.apply(f, to: x.lo)) }
        if f == .abs {
            if x.lo >= 0 { return x }
            if x.hi <= 0 { return -x }
            return Interval(lo: 0, hi: Swift.max(-x.lo, x.hi))
        }
        // Every other elementary function of the network is non-decreasing.
        return Interval(lo: Double.apply(f, to: x.lo), hi: Double.apply(f, to: x.hi))
    }

    static func power(_ base: Interval, _ exponent: Interval) -> Interval {
        apply(.exp, to: exponent * apply(.log, to: base))
    }

    /// The smallest interval holding both.
    func hull(_ other: Interval) -> Interval {
        Interval(lo: Swift.min(lo, other.lo), hi: Swift.max(hi, other.hi))
    }

    /// How far apart the two intervals are (0 if they overlap).
    func gap(_ other: Interval) -> Double {
        Swift.max(0, Swift.max(lo - other.hi, other.lo - hi))
    }
}

extension Agreement {
    /// Whether two intervals have a common value, up to this agreement's tolerance:
    /// `gap <= atol + rtol * max(|l|, |r|)`. Point intervals reduce to ``close(_:_:)``.
    func overlap(_ a: Interval, _ b: Interval) -> Bool {
        if a.isPoint && b.isPoint { return close(a.lo, b.lo) }
        if a.lo.isNaN || b.lo.isNaN { return a.lo.isNaN && b.lo.isNaN }
        let scale = Swift.max(Swift.abs(a.primal), Swift.abs(b.primal))
        return a.gap(b) <= atol + rtol * scale
    }
}
