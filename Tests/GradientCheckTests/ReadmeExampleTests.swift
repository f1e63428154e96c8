// The README's example of the library API, verbatim: it must compile and pass.
import Foundation
import GradientCheck
import Testing

@Test func myGradientIsRight() {
    // f(x, y) = x² y + sin(y), so ∇f = (2xy, x² + cos(y)).
    let result = checkGradient(
        of: { p in p[0] * p[0] * p[1] + sin(p[1]) },
        gradient: { p in [2 * p[0] * p[1], p[0] * p[0] + cos(p[1])] },
        randomPoints: 20, dimension: 2, seed: 42)
    #expect(result.passed, "\(result)")
}
