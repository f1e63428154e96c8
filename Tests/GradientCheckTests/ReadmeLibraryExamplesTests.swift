// The README's examples beyond gradients, verbatim: they must compile and pass.
import Foundation
import GradientCheck
import Testing

@Test func readmeLibraryExamples() {
    // Vector functions: a claimed Jacobian, or JVP u ↦ J u and/or VJP v ↦ vᵀJ.
    let jacobian = checkJacobian(
        of: { p in [p[0] * p[1], sin(p[0])] },
        claim: .products(jvp: { p, u in [p[1] * u[0] + p[0] * u[1], cos(p[0]) * u[0]] },
                         vjp: { p, v in [p[1] * v[0] + cos(p[0]) * v[1], p[0] * v[0]] }),
        at: randomPoints(10, dimension: 2))
    #expect(jacobian.passed, "\(jacobian)")

    // Second order (gradgradcheck): the gradient against f, the HVP against
    // finite differences of the gradient, as a JVP and as a VJP (H is symmetric).
    let second = checkHessian(
        of: { p in p[0] * p[0] * p[1] },
        gradient: { p in [2 * p[0] * p[1], p[0] * p[0]] },
        hvp: { p, u in [2 * p[1] * u[0] + 2 * p[0] * u[1], 2 * p[0] * u[0]] },
        at: randomPoints(10, dimension: 2))
    #expect(second.passed, "\(second)")

    // Float32 code: steps and tolerances from Float's epsilon.
    let float = checkGradient(of: { (p: [Float]) in p[0] * p[0] * p[1] },
                              gradient: { p in [2 * p[0] * p[1], p[0] * p[0]] },
                              at: randomPoints(10, dimension: 2).map { $0.map { Float($0) } })
    #expect(float.passed, "\(float)")
}
