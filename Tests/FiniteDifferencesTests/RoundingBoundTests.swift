import Foundation
import Testing
import NetworkModel
@testable import FiniteDifferences

struct RoundingBoundTests {
    @Test func exactOperationsOnExactInputsKeepAHalfUlpBound() {
        let a = RoundingBound(0.1), b = RoundingBound(0.2)
        let s = a + b
        #expect(s.value == 0.1 + 0.2)
        #expect(s.error == Double.ulpOfOne / 2 * abs(0.1 + 0.2))
    }

    /// The cross-entropy of a saturated sigmoid: `-log(1 - a)` with `1 - a ≈ 3.4e-4`
    /// inherits the absolute error of `a` divided by `1 - a`: ~3e-13, not eps |loss|.
    @Test func cancellationBeforeALogIsBoundedHonestly() throws {
        let network = try NetworkParser.parse("input z\nparam w\na = sigmoid(z * w)\nloss L = -log(1 - a)", file: "t.net")
        let f = LossFunction(network, variable: "w", at: [8, 1])!
        let bound = f.roundingError(1)
        let loss = f(1)
        #expect(bound > 1e-13 && bound < 1e-11, "bound \(bound)")
        #expect(bound > 100 * Double.ulpOfOne * loss)
    }
}
