import Testing
@testable import Reporting

@Suite struct JUnitRendererTests {
    @Test func wellFormedWithOneCasePerFindingAndSummary() throws {
        let xml = JUnitRenderer().render(Samples.report)
        let elements = try #require(XMLProbe.parse(xml))
        let suite = try #require(elements.first { $0.name == "testsuite" })
        #expect(suite.attributes["tests"] == "3")
        #expect(suite.attributes["failures"] == "1")
        #expect(suite.attributes["errors"] == "0")
        let cases = elements.filter { $0.name == "testcase" }
        #expect(cases.map { $0.attributes["name"] } == [
            "keys/q.md:3:15 wrong-derivative", "keys/q.md:9:1 unused-symbol", "2 equations without findings",
        ])
        let failures = elements.filter { $0.name == "failure" }
        #expect(failures.count == 1)
        #expect(failures.first?.attributes["type"] == "wrong-derivative")
        #expect(failures.first?.text.contains("^~~~~~~") == true)
        #expect(elements.contains { $0.name == "system-out" && $0.text.contains("never used") })
    }

    @Test func passedItemsBecomeTestCases() throws {
        var report = Samples.report
        report.passedItems = ["eq 1", "eq 2"]
        let elements = try #require(XMLProbe.parse(JUnitRenderer().render(report)))
        let names = elements.filter { $0.name == "testcase" }.compactMap { $0.attributes["name"] }
        #expect(names.suffix(2) == ["eq 1", "eq 2"])
        #expect(elements.first { $0.name == "testsuites" }?.attributes["tests"] == "4")
    }

    @Test func hostileTextIsEscaped() throws {
        let xml = JUnitRenderer().render(Samples.hostileReport)
        #expect(!xml.contains("\u{1}"))
        #expect(!xml.contains("\u{1B}"))
        let elements = try #require(XMLProbe.parse(xml))
        let failure = try #require(elements.first { $0.name == "failure" })
        // Attribute values keep their line breaks; forbidden controls become U+FFFD.
        let expected = Samples.hostile.replacing("\u{1}", with: "\u{FFFD}").replacing("\u{1B}", with: "\u{FFFD}")
        #expect(failure.attributes["message"] == expected)
        #expect(elements.contains { $0.attributes["name"] == "<eq 2> & \"more\"" })
        #expect(elements.first { $0.name == "testsuite" }?.attributes["name"] == "dir, with: odd/na me&.md")
    }
}
