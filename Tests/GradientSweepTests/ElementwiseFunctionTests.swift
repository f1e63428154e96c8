import AnalyticGradients
@testable import GradientSweep
import Foundation
import NetworkModel
import Testing

/// The tensor interpreter's building blocks against the scalar definitions:
/// ``ElementwiseFunction`` equals `Double.apply` and `derivative(at:)` bit
/// for bit, and ``BlockShape/combine(_:_:_:_:_:)`` equals expanding both
/// operands and combining them element by element.
@Suite("ElementwiseFunction")
struct ElementwiseFunctionTests {
    /// Random arguments on the table path and beyond it, with the special values
    /// scattered so that some groups of four mix both; an odd count leaves a tail.
    static func arguments() -> [Double] {
        var g = SplitMix(state: 11)
        var xs = (0..<4_001).map { _ in Double.random(in: -30...30, using: &g) }
        xs += (0..<2_003).map { _ in Double.random(in: -800...800, using: &g) }
        let special: [Double] = [0, -0.0, 1e-300, -1e-300, 0x1p-55, -0x1p-55, 511.99, -511.99, 512, -512,
                                 709.79, -745.2, .infinity, -.infinity, .nan, 1, -1]
        for (k, s) in special.enumerated() { xs[37 * k + 5] = s }
        return xs + special
    }

    static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    @Test("apply equals Double.apply bit for bit", arguments: ElementaryFunction.allCases)
    func applyIsScalar(f: ElementaryFunction) {
        let xs = Self.arguments()
        let ours = ElementwiseFunction.apply(f, to: xs)
        let differing = xs.indices.filter { !Self.same(ours[$0], Double.apply(f, to: xs[$0])) }
        #expect(differing.isEmpty, "\(f) at \(differing.prefix(3).map { xs[$0] })")
    }

    @Test("derivative equals ElementaryFunction.derivative(at:) bit for bit", arguments: ElementaryFunction.allCases)
    func derivativeIsScalar(f: ElementaryFunction) {
        let xs = Self.arguments()
        let ours = ElementwiseFunction.derivative(f, at: xs)
        let differing = xs.indices.filter { !Self.same(ours[$0], f.derivative(at: xs[$0])) }
        #expect(differing.isEmpty, "\(f)' at \(differing.prefix(3).map { xs[$0] })")
    }

    @Test("combine equals expanding both operands, for every pair of dimension sets")
    func combineIsExpandThenElementwise() {
        let shape = BlockShape(length: [3, 1, 4, 2])
        var g = SplitMix(state: 5)
        for sa in UInt64(0)..<16 {
            for sb in UInt64(0)..<16 {
                let a = (0..<shape.count(sa)).map { _ in Double.random(in: -9...9, using: &g) }
                let b = (0..<shape.count(sb)).map { _ in Double.random(in: -9...9, using: &g) }
                let to = sa | sb
                let expected = elementwise(shape.expand(a, from: sa, to: to), shape.expand(b, from: sb, to: to)) { $0 - $1 / 3 }
                #expect(shape.combine(a, sa, b, sb) { $0 - $1 / 3 } == expected, "sets \(sa), \(sb)")
            }
        }
    }
}
