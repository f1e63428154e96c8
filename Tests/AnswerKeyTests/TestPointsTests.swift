import Testing
@testable import AnswerKey

@Suite("TestPoints: random points over the whole domain")
struct TestPointsTests {
    @Test("seeded, both labels, negative inputs and weights, step sizes in (0, 1]")
    func domain() throws {
        let network = try Fixtures.network("q2")
        let p = TestPoints(network: network, freeNames: ["alpha", "z"])
        let q = TestPoints(network: network, freeNames: ["alpha", "z"])
        #expect(p.values == q.values)
        #expect(p.count == TestPoints.defaultCount)
        let x = p.values.map { $0[network.slot(of: "x")!] }, w1 = p.values.map { $0[network.slot(of: "w1")!] }
        let y = Set(p.values.map { $0[network.slot(of: "y")!] })
        #expect(y == [0, 1])
        #expect(x.contains { $0 < 0 } && x.contains { $0 > 0 } && x.allSatisfy { Swift.abs($0) <= 3 })
        #expect(w1.contains { $0 < 0 } && w1.contains { $0 > 0 })
        #expect(p.free.allSatisfy { $0["alpha"]! > 0 && $0["alpha"]! <= 1 })
        #expect(p.free.contains { $0["z"]! < 0 })
    }
}
