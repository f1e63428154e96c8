import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Trajectories

@Suite struct TrajectoryPlotTests {
    /// Element names and attributes in document order, or `nil` if `xml` is not well formed.
    final class Elements: NSObject, XMLParserDelegate {
        var found: [(String, [String: String])] = []
        var text = ""
        func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            found.append((name, attributes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        static func parse(_ xml: String) -> Elements? {
            let delegate = Elements()
            let parser = XMLParser(data: Data(xml.utf8))
            parser.delegate = delegate
            guard parser.parse(), parser.parserError == nil else { return nil }
            return delegate
        }
    }

    @Test("every fixture's plot is well-formed SVG with no NaN", arguments: ["exam-paths.txt", "descent.txt", "saddle.txt"])
    func wellFormed(fixture: String) throws {
        let svg = TrajectoryPlot.svg(try Fixtures.verdict(fixture))
        #expect(!svg.lowercased().contains("nan"))
        let doc = try #require(Elements.parse(svg))
        #expect(doc.found.first?.0 == "svg")
        #expect(doc.found.contains { $0.0 == "path" })  // contour lines
    }

    @Test("the exam plot labels each path, marks offending steps red and has a colour bar title")
    func examContent() throws {
        let verdict = try Fixtures.verdict("exam-paths.txt")
        let svg = TrajectoryPlot.svg(verdict)
        let doc = try #require(Elements.parse(svg))
        for name in ["A", "B", "C", "D", "E", "F", "f(x, y)", "55°", "140°"] {
            #expect(doc.text.contains(name))
        }
        let red = doc.found.filter { $0.0 == "line" && $0.1["stroke"] == TrajectoryPlot.offenceColor }
        let offending = verdict.paths.flatMap(\.steps).filter { !$0.issues.isEmpty }.count
        #expect(red.count == offending + 1)  // + the legend's
        // One direction arrow per step.
        let orange = doc.found.filter { $0.0 == "line" && $0.1["stroke"] == TrajectoryPlot.gradientColor }
        #expect(orange.count == verdict.paths.flatMap(\.steps).count + 1)  // + the legend's
    }

    @Test("label placement keeps clear of drawn segments")
    func labels() {
        let a = TrajectoryPlot.segmentDistance(
            (.init(x: 0, y: 0), .init(x: 10, y: 0)), (.init(x: 5, y: -5), .init(x: 5, y: 5)))
        #expect(a == 0)
        let b = TrajectoryPlot.segmentDistance(
            (.init(x: 0, y: 0), .init(x: 10, y: 0)), (.init(x: 0, y: 3), .init(x: 10, y: 3)))
        #expect(b == 3)
    }
}
