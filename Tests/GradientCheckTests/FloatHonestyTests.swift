import Foundation
import Testing
import FiniteDifferences
@testable import GradientCheck

/// The Float32 honesty harness: correct Float code at random points, every
/// real method, full and fast mode; the required false-alarm count is 0.
/// `swift test --filter FloatHonestyTests` prints the totals.
@Suite(.tags(.slow), .skippedWhenQuick)
struct FloatHonestyTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var f: @Sendable ([Float]) -> Float
        var gradient: @Sendable ([Float]) -> [Float]
        var range: ClosedRange<Double>
        var dimension: Int
    }

    static let cases: [Case] = [
        Case(description: "x³y + y², |x| ≤ 100", f: { p in p[0] * p[0] * p[0] * p[1] + p[1] * p[1] },
             gradient: { p in [3 * p[0] * p[0] * p[1], p[0] * p[0] * p[0] + 2 * p[1]] }, range: -100...100, dimension: 2),
        Case(description: "log-sum-exp, |x| ≤ 20", f: { p in log(exp(p[0]) + exp(p[1]) + exp(p[2])) },
             gradient: { p in let s = exp(p[0]) + exp(p[1]) + exp(p[2]); return [exp(p[0]) / s, exp(p[1]) / s, exp(p[2]) / s] },
             range: -20...20, dimension: 3),
        Case(description: "sigmoid quadratic loss, saturating", f: { p in let a = 1 / (1 + exp(-p[0] * p[1])); return (a - 1) * (a - 1) / 2 },
             gradient: { p in let a = 1 / (1 + exp(-p[0] * p[1])); let d = (a - 1) * a * (1 - a); return [d * p[1], d * p[0]] },
             range: -6...6, dimension: 2),
        Case(description: "Σ sin(x_i) x_(i+1), 20 parameters", f: { p in p.indices.reduce(Float(0)) { $0 + sin(p[$1]) * p[($1 + 1) % p.count] } },
             gradient: { p in p.indices.map { i in cos(p[i]) * p[(i + 1) % p.count] + sin(p[(i + p.count - 1) % p.count]) } },
             range: -3...3, dimension: 20),
        Case(description: "1e-3 x²y", f: { p in 1e-3 * p[0] * p[0] * p[1] }, gradient: { p in [2e-3 * p[0] * p[1], 1e-3 * p[0] * p[0]] },
             range: -1...1, dimension: 2),
        Case(description: "1e4 sin(x) y", f: { p in 1e4 * sin(p[0]) * p[1] }, gradient: { p in [1e4 * cos(p[0]) * p[1], 1e4 * sin(p[0])] },
             range: -5...5, dimension: 2),
    ]

    @Test(arguments: cases)
    func noFalseAlarm(_ c: Case) {
        let points = randomPoints(200, dimension: c.dimension, in: c.range, seed: 5).map { $0.map { Float($0) } }
        var checked = 0, alarms = 0
        for method in FiniteDifferenceMethod.realMethods {
            for mode in [CheckMode.full, .fast(directions: 2, seed: 1)] {
                let r = checkGradient(of: c.f, gradient: c.gradient, at: points, mode: mode, method: method)
                checked += r.components.count + r.projections.count
                alarms += r.failures.count + r.failingProjections.count
                #expect(r.passed, "\(c) \(method.name) \(mode): \(r)")
            }
        }
        print("Float honesty, \(c): \(alarms) false alarms in \(checked) checks")
        #expect(alarms == 0)
    }
}
