import Testing
@testable import GradientSweep

/// The exam kernel's row buffers are allocated for one block: never more rows than the grid has.
@Suite("Exam kernel block size")
struct ExamKernelBlockTests {
    @Test("the largest --block-points on a 9 x 2 x 8 x 1 grid gives blocks of the grid's 72 rows, not 2^19")
    func rowsPerBlockIsCappedAtTheGrid() throws {
        var r = SweepRequestTests.request()
        r.blockPoints = SweepSettings.maximumBlockPoints
        let (network, domain, settings) = try r.resolve(environment: [:])
        // The exam kernel runs only where the CPU has AVX2 and FMA; elsewhere there is nothing to size.
        guard let setup = ExamNetworkEvaluator.Setup(network: network, domain: domain, settings: settings) else { return }
        #expect(setup.rowsPerBlock == 72)
        #expect(setup.blockCount == 1)
    }
}
