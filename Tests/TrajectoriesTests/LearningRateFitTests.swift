import Testing
@testable import Trajectories

@Suite struct LearningRateFitTests {
    @Test("the fit is the geometric midpoint; one rate explains a spread up to (1 + t)²")
    func fit() throws {
        let v = try Fixtures.judge("function x\nstep fixed\nstep-tolerance 50%\npath P: (0, 0) (1, 0) (3.25, 0)\n")
        let fit = try #require(v.paths[0].learningRateFit)
        // ∇f = (1, 0): the rates are the step lengths 1 and 2.25.
        #expect(fit.smallest == 1 && fit.largest == 2.25 && fit.spread == 2.25)
        #expect(fit.fitted == 1.5)
        #expect(fit.allowedSpread == 2.25 && fit.isConsistent)
        #expect(v.paths[0].feasible)
    }

    @Test("fits(_:alpha:tolerance:) is symmetric in ratio")
    func fits() {
        #expect(LearningRateFit.fits(1.25, alpha: 1, tolerance: 0.25))
        #expect(LearningRateFit.fits(0.8, alpha: 1, tolerance: 0.25))
        #expect(!LearningRateFit.fits(1.26, alpha: 1, tolerance: 0.25))
        #expect(!LearningRateFit.fits(0.79, alpha: 1, tolerance: 0.25))
    }
}
