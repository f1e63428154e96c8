import Foundation
import NetworkModel
import Testing

/// gradcheck's own `log` (``NaturalLogarithm``) against `Float80`'s: the
/// error bound its documentation states, its constants, its special values.
@Suite("NaturalLogarithm")
struct NaturalLogarithmTests {
    /// Error in units of the last place of the correctly rounded result, against `Float80`'s log
    /// (itself within about 2^-11 of a `Double` ulp).
    static func ulpError(_ x: Double) -> Double {
        let exact = Foundation.log(Float80(x))
        let rounded = Double(exact)
        return Double(abs(Float80(NaturalLogarithm.log(x)) - exact) / Float80(rounded.ulp))
    }

    /// Arguments in every binade (random bit patterns of positive finite doubles, subnormals
    /// included), near 1, and on both sides of the reduction's edges √2/2·2^k.
    static func arguments(count: Int) -> [Double] {
        var g = SplitMix64(seed: 20261205)
        var xs: [Double] = []
        xs.reserveCapacity(count)
        for i in 0..<count {
            switch i % 4 {
            case 0: xs.append(Double(bitPattern: UInt64.random(in: 1..<0x7ff0_0000_0000_0000, using: &g)))
            case 1: xs.append(1 + Double.random(in: -0.3...0.42, using: &g))
            case 2: xs.append(1 + Double.random(in: -1e-6...1e-6, using: &g))
            default:
                let edge = 0x1.6a09e667f3bcdp-1 * Double(sign: .plus, exponent: Int.random(in: -1070...1020, using: &g), significand: 1)
                xs.append(Double(bitPattern: edge.bitPattern &+ UInt64.random(in: 0...64, using: &g) &- 32))
            }
        }
        return xs
    }

    @Test("within 0.85 ulp of the exact logarithm on 2·10^6 arguments in every binade, and 1 ulp of glibc's")
    func accuracy() {
        var worst = 0.0, worstAt = 0.0, offGlibc = 0
        for x in Self.arguments(count: 2_000_000) where x > 0 && x.isFinite {
            let e = Self.ulpError(x)
            if e > worst { (worst, worstAt) = (e, x) }
            let ours = NaturalLogarithm.log(x), glibc = Foundation.log(x)
            if ours != glibc {
                offGlibc += 1
                #expect(ours == glibc.nextUp || ours == glibc.nextDown, "log(\(x)): \(ours), glibc \(glibc)")
            }
        }
        print("NaturalLogarithm: worst \(worst) ulp at \(worstAt); \(offGlibc) of 2,000,000 differ from glibc's log by 1 ulp")
        #expect(worst < 0.85, "worst \(worst) ulp at \(worstAt)")
        #expect(worst > 0.5, "a rounded result is off by more than 0.5 ulp somewhere: the bound is sharp, not vacuous")
    }

    @Test("the constants are what the documentation derives them from")
    func constants() {
        for (j, c) in NaturalLogarithm.coefficients.enumerated() {
            #expect(c == 2 / Double(2 * (j + 1) + 1), "c\(j + 1)")
        }
        #expect(NaturalLogarithm.ln2Hi.significandBitPattern & 0x7ff == 0, "ln2Hi has at most 42 significant bits")
        let split = Float80(NaturalLogarithm.ln2Hi) + Float80(NaturalLogarithm.ln2Lo)
        #expect(abs(split - Foundation.log(Float80(2))) < Float80(NaturalLogarithm.ln2Lo.ulp))
        #expect(NaturalLogarithm.reductionOffset == (0.5 as Double).squareRoot().bitPattern)
    }

    @Test("special values as C's log")
    func specialValues() {
        #expect(NaturalLogarithm.log(1).bitPattern == (0.0).bitPattern)
        #expect(NaturalLogarithm.log(0) == -.infinity)
        #expect(NaturalLogarithm.log(-0.0) == -.infinity)
        #expect(NaturalLogarithm.log(.infinity) == .infinity)
        #expect(NaturalLogarithm.log(-.infinity).isNaN)
        #expect(NaturalLogarithm.log(-1).isNaN)
        #expect(NaturalLogarithm.log(-.leastNonzeroMagnitude).isNaN)
        #expect(NaturalLogarithm.log(.nan).isNaN)
        #expect(NaturalLogarithm.log(2) == Double(Foundation.log(Float80(2))))
        #expect(NaturalLogarithm.log(.leastNonzeroMagnitude) == Double(Foundation.log(Float80(Double.leastNonzeroMagnitude))))
        #expect(NaturalLogarithm.log(.greatestFiniteMagnitude) == Double(Foundation.log(Float80(Double.greatestFiniteMagnitude))))
    }

    @Test("the network's log is this one")
    func networkLog() {
        for x in [0.3, 1e-310, 7.5, 1 - 0x1p-30] {
            #expect(Double.apply(.log, to: x).bitPattern == NaturalLogarithm.log(x).bitPattern)
        }
    }
}
