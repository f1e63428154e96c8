import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Reporting
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
        let svg = try TrajectoryPlot.svg(try Fixtures.verdict(fixture))
        #expect(!svg.lowercased().contains("nan"))
        let doc = try #require(Elements.parse(svg))
        #expect(doc.found.first?.0 == "svg")
        #expect(doc.found.contains { $0.0 == "path" })  // contour lines
    }

    /// The window around these paths is 3e308 wide: every coordinate was NaN and the label
    /// placement force-unwrapped nil (a crash, status 132).
    @Test("paths too far apart to draw: one InputError asking for a region, and a region makes them drawable")
    func pathsTooFarApart() throws {
        let verdict = try Fixtures.judge("function x\npath A: (-1.5e308, 0) (1.5e308, 0)")
        #expect(throws: InputError("cannot plot test.txt: its paths span x from -∞ to ∞ and y from -∞ to ∞ with the margin, "
            + "more than a plot can draw; give a 'region (xmin, ymin) (xmax, ymax)' line")) { try TrajectoryPlot.svg(verdict) }
        let windowed = try Fixtures.judge("function x\nregion (-1, -1) (1, 1)\npath A: (-1.5e308, 0) (1.5e308, 0)")
        let error = try #require(throws: InputError.self) { try TrajectoryPlot.svg(windowed) }
        #expect(error.message == "cannot plot path A: its point (-1.5e+308, 0) lies too far outside the region (-1, -1) (1, 1) to draw; widen the region")
        #expect(error.location?.file == "test.txt" && error.location?.line == 3 && error.location?.column == 9)
        let near = try Fixtures.judge("function x\nregion (-1, -1) (1, 1)\npath A: (-1.5e6, 0) (1.5e6, 0)")
        #expect(try !TrajectoryPlot.svg(near).lowercased().contains("nan"))
    }

    @Test("the exam plot labels each path, marks offending steps red and has a colour bar title")
    func examContent() throws {
        let verdict = try Fixtures.verdict("exam-paths.txt")
        let svg = try TrajectoryPlot.svg(verdict)
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

    /// Issue 12, item 22: A, B, D and E all end near (1, 1) and could not be told apart.
    @Test("each path has its own colour and marker, its name at both ends, no two labels overlap, and a legend entry")
    func pathsStayApart() throws {
        let verdict = try Fixtures.verdict("exam-paths.txt")
        let svg = try TrajectoryPlot.svg(verdict)
        let styles = verdict.paths.indices.map(TrajectoryPlot.PathStyle.of)
        #expect(Set(styles.map(\.color)).count == verdict.paths.count)
        #expect(Set(styles.map { "\($0.marker)" }).count == verdict.paths.count)
        #expect(!styles.map(\.color).contains(TrajectoryPlot.offenceColor) && !styles.map(\.color).contains(TrajectoryPlot.gradientColor))
        // Labels (not their white halos): text, centre and font size.
        let pattern = try Regex(#"<text x="([-0-9.]+)" y="([-0-9.]+)" dy="[-0-9.]+" font-size="([0-9.]+)" text-anchor="middle" font-weight="bold" fill="(#[0-9a-f]{6})">([^<]+)</text>"#)
        let labels = svg.matches(of: pattern).map { m in
            (text: String(m.output[5].substring!), x: Double(m.output[1].substring!)!, y: Double(m.output[2].substring!)!,
             size: Double(m.output[3].substring!)!, color: String(m.output[4].substring!))
        }
        for (k, path) in verdict.paths.enumerated() {
            let own = labels.filter { $0.text == path.name }
            #expect(own.count == 2, "\(path.name): a label at the start and one at the end")
            #expect(own.allSatisfy { $0.color == styles[k].color })
        }
        for (i, a) in labels.enumerated() {
            for b in labels[(i + 1)...] {
                let boxA = TrajectoryPlot.labelBox(a.text, fontSize: a.size), boxB = TrajectoryPlot.labelBox(b.text, fontSize: b.size)
                let apart = Swift.abs(a.x - b.x) >= boxA.halfWidth + boxB.halfWidth || Swift.abs(a.y - b.y) >= boxA.halfHeight + boxB.halfHeight
                #expect(apart, "labels '\(a.text)' at (\(a.x), \(a.y)) and '\(b.text)' at (\(b.x), \(b.y)) overlap")
            }
        }
        let doc = try #require(Elements.parse(svg))
        #expect(doc.text.contains("f = 0 (dashed contour"))
        for name in ["A: feasible", "D: infeasible (not-perpendicular)", "F: infeasible (downhill, not-perpendicular)"] {
            #expect(doc.text.contains(name))
        }
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
