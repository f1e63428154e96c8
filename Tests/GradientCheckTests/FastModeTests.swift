import Foundation
import Testing
import FiniteDifferences
@testable import GradientCheck

/// Fast mode on 10,000 parameters: f(p) = Σ a_i (½ p_i² + p_i⁴ / 12), ∇f_i = a_i (p_i + p_i³ / 3)
/// (a polynomial, so that the full check's 80,001 evaluations of 10,000 terms stay quick in a debug build).
@Suite(.tags(.slow), .skippedWhenQuick)
struct FastModeTests {
    static let n = 10_000
    static let a = randomPoints(1, dimension: n, in: 0.5...2, seed: 77)[0]
    static let x = randomPoints(1, dimension: n, in: -2...2, seed: 78)[0]

    static func f(_ p: [Double]) -> Double {
        p.withUnsafeBufferPointer { p in
            a.withUnsafeBufferPointer { a in
                var sum = 0.0
                for i in 0..<p.count {
                    let q = p[i] * p[i]
                    sum += a[i] * q * (0.5 + q / 12)
                }
                return sum
            }
        }
    }
    static func gradient(_ p: [Double]) -> [Double] { (0..<p.count).map { i -> Double in
        let q: Double = p[i] * p[i]
        return a[i] * p[i] * (1 + q / 3)
    } }
    /// The gradient with component `c` off by `+ x_c` (a `p_c` counted twice).
    static func wrongGradient(_ c: Int) -> ([Double]) -> [Double] {
        { p in var g = gradient(p); g[c] += p[c]; return g }
    }

    /// The figure in the closing note: `swift test --filter FastModeTests`.
    @Test func fastModeCatchesOneWrongComponentInUnderOnePercentOfTheFullChecksEvaluations() {
        let guilty = 7321
        let full = checkGradient(of: Self.f, gradient: Self.wrongGradient(guilty), at: [Self.x], mode: .full, method: .central)
        let fast = checkGradient(of: Self.f, gradient: Self.wrongGradient(guilty), at: [Self.x], method: .central)
        print("10,000 parameters, central differences: full check \(full.evaluations) evaluations, "
            + "fast mode \(fast.evaluations) (\(String(format: "%.2f", 100 * Double(fast.evaluations) / Double(full.evaluations)))%)")
        #expect(full.failures.map(\.index) == [guilty])
        #expect(fast.mode == "fast, 2 directions per point, seed 0")  // the default above 64 parameters
        #expect(!fast.passed)
        #expect(fast.failures.map(\.index) == [guilty])
        #expect(fast.failures.first?.point.count == Self.n)
        #expect(Double(fast.evaluations) <= 0.01 * Double(full.evaluations))
    }

    @Test func fastModePassesTheRightGradientAndReplaysFromItsSeed() {
        let seen = { (seed: UInt64) -> [Double] in
            let r = checkGradient(of: Self.f, gradient: Self.gradient, at: [Self.x], mode: .fast(directions: 3, seed: seed))
            #expect(r.passed, "\(r)")
            return r.projections.map(\.claimed)
        }
        #expect(seen(4) == seen(4))
        #expect(seen(4) != seen(5))
    }
}

/// Fast mode's false-alarm count on correct code, Double and Float, over random points.
@Suite(.tags(.slow), .skippedWhenQuick)
struct FastModeHonestyTests {
    /// f(p) = Σ_i sin(p_i) p_(i+1) + ¼ Σ p_i⁴ / (1 + p_i²), 200 parameters.
    static func f<T: BinaryFloatingPoint & ElementaryFunctionsProbe>(_ p: [T]) -> T {
        var sum: T = 0
        for i in p.indices {
            let next = p[(i + 1) % p.count]
            sum += T.sine(p[i]) * next + p[i] * p[i] * p[i] * p[i] / (4 * (1 + p[i] * p[i]))
        }
        return sum
    }
    static func gradient<T: BinaryFloatingPoint & ElementaryFunctionsProbe>(_ p: [T]) -> [T] {
        let n = p.count
        return p.indices.map { i in
            let q = p[i] * p[i]
            let quartic = (4 * p[i] * q * (1 + q) - q * q * 2 * p[i]) / (4 * (1 + q) * (1 + q))
            return T.cosine(p[i]) * p[(i + 1) % n] + T.sine(p[(i + n - 1) % n]) + quartic
        }
    }
    static let points = randomPoints(60, dimension: 200, in: -2...2, seed: 31)

    @Test func noFalseAlarmInDouble() {
        let result = checkGradient(of: Self.f, gradient: Self.gradient, at: Self.points)
        #expect(result.mode == "fast, 2 directions per point, seed 0")
        #expect(result.passed, "\(result)")
        #expect(result.projections.count == 120)
    }

    @Test func noFalseAlarmInFloatAndAWrongComponentIsCaught() {
        let points = Self.points.map { $0.map { Float($0) } }
        let right = checkGradient(of: Self.f, gradient: Self.gradient, at: points)
        #expect(right.passed, "\(right)")
        let wrong = checkGradient(of: Self.f, gradient: { (p: [Float]) -> [Float] in
            var g = Self.gradient(p)
            g[123] *= 2
            return g
        }, at: Array(points.prefix(10)))
        #expect(!wrong.passed)
        #expect(Set(wrong.failures.map(\.index)) == [123])
    }
}

protocol ElementaryFunctionsProbe {
    static func sine(_ x: Self) -> Self
    static func cosine(_ x: Self) -> Self
}
extension Double: ElementaryFunctionsProbe {
    static func sine(_ x: Double) -> Double { sin(x) }
    static func cosine(_ x: Double) -> Double { cos(x) }
}
extension Float: ElementaryFunctionsProbe {
    static func sine(_ x: Float) -> Float { sin(x) }
    static func cosine(_ x: Float) -> Float { cos(x) }
}
