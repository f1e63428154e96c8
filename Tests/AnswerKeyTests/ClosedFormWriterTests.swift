import NetworkModel
import Testing
@testable import AnswerKey

@Suite("ClosedFormWriter: derivatives written as keys write them")
struct ClosedFormWriterTests {
    func writer(_ name: String) throws -> (ClosedFormWriter, Network) {
        let network = try Fixtures.network(name)
        let notation = KeyNotation(statements: [], symbols: KeySymbols(network: network))
        return (ClosedFormWriter(network: network, notation: notation), network)
    }

    @Test("the exam network's local and chained derivatives", arguments: [
        ("a2", "w2", "a_2(1 - a_2) a_1"), ("z2", "w2", "a_1"), ("z2", "a1", "w_2"), ("a2", "a1", "a_2(1 - a_2) w_2"),
        ("Loss", "a2", "a_2 - y"), ("z1", "w1", "x"), ("a1", "z1", "a_1(1 - a_1)"),
        ("Loss", "w2", "(a_2 - y) a_2(1 - a_2) a_1"),
    ])
    func exam(_ u: String, _ v: String, _ expected: String) throws {
        let (w, n) = try writer("q2")
        #expect(w.closedForm(n.slot(of: u)!, n.slot(of: v)!) == expected)
    }

    @Test("tanh is 1 - a^2; relu has no closed form")
    func otherUnits() throws {
        let (t, tn) = try writer("q2-tanh")
        #expect(t.closedForm(tn.slot(of: "a1")!, tn.slot(of: "z1")!) == "1 - a_1^2")
        let (r, rn) = try writer("q2-relu")
        #expect(r.closedForm(rn.slot(of: "a1")!, rn.slot(of: "z1")!) == nil)
        #expect(r.closedForm(rn.slot(of: "a2")!, rn.slot(of: "w2")!) == "a_2(1 - a_2) a_1")
    }
}
