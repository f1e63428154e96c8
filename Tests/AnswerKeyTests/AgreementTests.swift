import Testing
@testable import AnswerKey

@Suite("Agreement: when two sides are equal")
struct AgreementTests {
    @Test("relative and absolute tolerance")
    func tolerance() {
        let a = Agreement.default
        #expect(a.close(1, 1 + 1e-12))
        #expect(!a.close(1, 1 + 1e-6))
        #expect(a.close(0, 1e-13))
        #expect(!a.close(0, 1e-9))
    }

    @Test("NaN on both sides is skipped; NaN or infinity on one side disagrees")
    func specialValues() {
        let a = Agreement.default
        #expect(a.close(.nan, .nan))
        #expect(!a.close(.nan, 1))
        #expect(!a.close(.infinity, 1))
        #expect(a.close(.infinity, .infinity))
        #expect(a.firstDisagreement([1, 2, 3], [1, 2.5, 3]) == 1)
        #expect(a.agreements([1, 2, 3], [1, 2.5, 3]) == 2)
    }
}
