import Foundation
import Testing
@testable import Reporting

@Suite struct SARIFRendererTests {
    private func parse(_ report: DiagnosticReport) throws -> [String: Any] {
        let json = SARIFRenderer().render(report)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func validSARIFShape() throws {
        let log = try parse(Samples.report)
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "gradcheck")
        #expect(driver["informationUri"] == nil)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == ["wrong-derivative", "unused-symbol"])
        #expect((rules[0]["shortDescription"] as? [String: Any])?["text"] as? String == "Wrong derivative")

        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        let first = results[0]
        #expect(first["ruleId"] as? String == "wrong-derivative")
        #expect(first["ruleIndex"] as? Int == 0)
        #expect(first["level"] as? String == "error")
        #expect(((first["message"] as? [String: Any])?["text"] as? String)?.hasPrefix("dL/dw does not match") == true)
        let physical = try #require(((first["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "keys/q.md")
        let region = try #require(physical["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 3)
        #expect(region["startColumn"] as? Int == 15)
        #expect(region["endColumn"] as? Int == 22)
        #expect((first["fixes"] as? [Any])?.count == 1)
        #expect(results[1]["level"] as? String == "warning")
        #expect(results[1]["fixes"] == nil)
    }

    @Test func urisArePercentEncoded() {
        #expect(SARIFRenderer.uri(for: "a b/c.md") == "a%20b/c.md")
        #expect(SARIFRenderer.uri(for: "/tmp/x.md") == "file:///tmp/x.md")
    }

    @Test func hostileTextStillValidJSON() throws {
        let log = try parse(Samples.hostileReport)
        #expect((log["runs"] as? [Any])?.count == 1)
    }

    @Test func entryPointDispatches() {
        for format in DiagnosticFormat.allCases {
            #expect(!render(Samples.report, as: format, color: true).isEmpty)
        }
        #expect(render(Samples.report, as: .sarif, color: true) == SARIFRenderer().render(Samples.report))
        #expect(!render(Samples.report, as: .json, color: true).contains("\u{1B}"))
    }
}
