import Foundation
import Testing
@testable import Reporting

@Suite struct JSONRendererTests {
    @Test func parsesBackWithAllFields() throws {
        let json = JSONRenderer().render(Samples.report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["file"] as? String == "keys/q.md")
        #expect(object["tool"] as? String == "gradcheck")
        #expect(object["checked"] as? Int == 4)
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 1)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 2)
        let first = findings[0]
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 15)
        #expect(first["length"] as? Int == 7)
        #expect(first["severity"] as? String == "error")
        #expect(first["rule"] as? String == "wrong-derivative")
        #expect(first["message"] as? String == "dL/dw does not match the network")
        #expect(first["suggestion"] as? String == "delta_2")
        #expect(first["notes"] as? [String] == ["at x = 1.2, w = -0.3: left side = 0.125, right side = 0.031"])
        #expect(findings[1]["suggestion"] is NSNull)
    }

    @Test func keysAreSortedAndStable() {
        let json = JSONRenderer().render(Samples.report)
        let keys = ["\"checked\"", "\"errors\"", "\"file\"", "\"findings\"", "\"tool\"", "\"toolVersion\"", "\"warnings\""]
        let positions = keys.compactMap { json.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count)
        #expect(positions == positions.sorted())
        #expect(json == JSONRenderer().render(Samples.report))
        #expect(json.hasSuffix("}\n"))
    }

    @Test func hostileTextRoundTrips() throws {
        let json = JSONRenderer().render(Samples.hostileReport)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["message"] as? String == Samples.hostile)
    }
}
