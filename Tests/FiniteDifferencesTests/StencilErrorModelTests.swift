import Foundation
import Testing
import FiniteDifferences

/// ``StencilErrorModel`` on functions whose truncation error is known in closed form.
struct StencilErrorModelTests {
    /// `f(x) = x³` at 1: `D(h) = 3 + h²` exactly, so the truncation estimate `|D(h) - D(2h)|` is `3h²`,
    /// three times the true error `h²` (a step of 2^-8, where `h²` is far above the rounding noise).
    @Test func centralTruncationOfACubeIsThreeTimesItsError() {
        let x = 1.0, h = 0x1p-8
        func f(_ t: Double) -> Double { t * t * t }
        let d = StencilErrorModel.central(plus: f(x + h), minus: f(x - h), widePlus: f(x + 2 * h), wideMinus: f(x - 2 * h),
                                          points: x + h, x - h, x + 2 * h, x - 2 * h, lossError: 2 * Double.ulpOfOne)
        #expect(Swift.abs(d.truncationError - 3 * h * h) <= 1e-6 * 3 * h * h, "\(d)")
        #expect(d.roundingError == 2 * Double.ulpOfOne * (2 / (2 * h)))
        #expect(Swift.abs(d.value - 3) <= d.error)
        #expect(d.isResolved)
    }

    /// `f(x) = x⁵` at 1: the five-point error is `-h⁴ f⁽⁵⁾/30 = -4h⁴`, and the estimate (about `D(2h)`'s
    /// error, `40 h²`) bounds it.
    @Test func fivePointErrorBoundsAFifthPower() {
        let x = 1.0, h = StepSize.step(for: .fivePoint, at: x)
        func f(_ t: Double) -> Double { t * t * t * t * t }
        let d = StencilErrorModel.fivePoint(loss: f(x), plus: (f(x + h), f(x + 2 * h), f(x + 4 * h)),
                                            minus: (f(x - h), f(x - 2 * h), f(x - 4 * h)), step: h, lossError: 5 * Double.ulpOfOne)
        #expect(Swift.abs(d.value - 5) <= d.error, "\(d)")
        #expect(d.isResolved)
        #expect(d.roundingError == 5 * Double.ulpOfOne * (1.5 / h))
    }

    /// Central differences that disagree by more than a quarter (`D(2h) = D(h)/2`, a stencil on
    /// a sigmoid's two plateaus) have no finite error estimate; within a quarter they have one.
    @Test func anUnresolvedStencilHasAnInfiniteErrorEstimate() {
        #expect(StencilErrorModel.centralTruncation(1, 0.5) == .infinity)
        #expect(StencilErrorModel.centralTruncation(1, 0.76) == 0.24)
        let d = StencilErrorModel.central(plus: 1, minus: -1, widePlus: 1, wideMinus: -1,
                                          points: 1, -1, 2, -2, lossError: 0)
        #expect(d.value == 1 && d.truncationError == .infinity && !d.isResolved && d.error == .infinity)
    }

    /// The one-sided slopes of a stencil across relu's kink at 0: exactly 0 and 1.
    @Test func oneSidedSlopesAcrossAKink() {
        let h = 0x1p-18
        func relu(_ t: Double) -> Double { Swift.max(t, 0) }
        #expect(StencilErrorModel.centralSlopes(loss: relu(0), plus: relu(h), minus: relu(-h), points: 0, h, -h) == (0, 1))
        #expect(StencilErrorModel.fivePointSlopes(loss: relu(0), plus: relu(h), minus: relu(-h), step: h) == (0, 1))
    }
}
