import Testing
@testable import Reporting

@Suite struct SVGDocumentTests {
    /// A document that exercises every element with awkward input.
    private func sample() -> SVGDocument {
        var svg = SVGDocument(width: 200, height: 100, title: "a < b & \"c\"")
        let nan = Double.nan, inf = Double.infinity
        svg.rect(SVGRect(x: 10, y: 10, width: 20, height: 20), style: .cell("#440154"))
        svg.rect(SVGRect(x: nan, y: 0, width: 1, height: 1))
        svg.rect(SVGRect(x: 0, y: 0, width: inf, height: 1))
        svg.line(from: SVGPoint(x: 0, y: 0), to: SVGPoint(x: 10, y: 10))
        svg.line(from: SVGPoint(x: 0, y: nan), to: SVGPoint(x: 10, y: 10))
        svg.polyline([SVGPoint(x: 0, y: 0), SVGPoint(x: 1, y: 1), SVGPoint(x: nan, y: 2), SVGPoint(x: 3, y: 3), SVGPoint(x: 4, y: 4)])
        svg.polygon([SVGPoint(x: 0, y: 0), SVGPoint(x: 5, y: 0), SVGPoint(x: -inf, y: 1), SVGPoint(x: 5, y: 5)], style: .fill("red"))
        svg.circle(center: SVGPoint(x: 50, y: 50), radius: 3)
        svg.circle(center: SVGPoint(x: 50, y: 50), radius: nan)
        svg.text("∂L/∂w < 0 & 'x'", at: SVGPoint(x: 5, y: 5), anchor: .middle, fontSize: 10, rotation: -90)
        svg.text("hidden", at: SVGPoint(x: inf, y: 5))
        svg.path(d: "M0,0 L10,10")
        svg.path(d: "M0,0 L nan,10")
        svg.path(d: "M0,0 L10,-Infinity")
        svg.arrow(from: SVGPoint(x: 0, y: 0), to: SVGPoint(x: 30, y: 30), color: "#ff6600")
        svg.arrow(from: SVGPoint(x: 30, y: 30), to: SVGPoint(x: 60, y: 30), color: "#ff6600")
        svg.arrow(from: SVGPoint(x: 0, y: 0), to: SVGPoint(x: nan, y: 30))
        svg.group(transform: "translate(5 5)", clip: SVGRect(x: 0, y: 0, width: 50, height: 50)) { inner in
            inner.circle(center: SVGPoint(x: 1, y: 1), radius: 1)
            inner.arrow(from: SVGPoint(x: 0, y: 0), to: SVGPoint(x: 9, y: 9), color: "blue")
        }
        _ = svg.linearGradient(stops: [(0, "#000000"), (nan, "#ffffff"), (2, "#ffffff")])
        return svg
    }

    @Test func neverWritesNaNOrInfinity() {
        let text = sample().render().lowercased()
        #expect(!text.contains("nan"))
        #expect(!text.contains("inf"))
    }

    @Test func isWellFormedStandaloneSVG() throws {
        let text = sample().render()
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""))
        let elements = try #require(XMLProbe.parse(text))
        #expect(elements.first?.name == "svg")
        #expect(elements.first?.attributes["viewBox"] == "0 0 200 100")
        #expect(elements.first { $0.name == "title" }?.text == "a < b & \"c\"")
        #expect(elements.first { $0.name == "text" }?.text == "∂L/∂w < 0 & 'x'")
        // The white background is painted before every shape.
        #expect(text.contains("  </defs>\n  <rect x=\"0\" y=\"0\" width=\"200\" height=\"100\" fill=\"white\"/>\n"))
    }

    @Test func skipsOrSplitsNonFiniteShapes() throws {
        let elements = try #require(XMLProbe.parse(sample().render()))
        func count(_ name: String) -> Int { elements.filter { $0.name == name }.count }
        #expect(count("rect") == 3)  // background, one cell, the clip rectangle
        #expect(count("polyline") == 2)  // split at the NaN point
        #expect(elements.first { $0.name == "polygon" }?.attributes["points"] == "0,0 5,0 5,5")
        #expect(count("circle") == 2)
        #expect(count("text") == 1)
        #expect(count("marker") == 2)  // one per colour, reused
        #expect(count("line") == 4)  // one plain line, three arrows
        #expect(count("clipPath") == 1)
        #expect(count("stop") == 2)
    }

    @Test func groupsWrapTheirContent() {
        let text = sample().render()
        #expect(text.contains("<g transform=\"translate(5 5)\" clip-path=\"url(#clip"))
        #expect(text.contains("    <circle cx=\"1\" cy=\"1\" r=\"1\"/>\n    <line "))
        #expect(text.contains("marker-end=\"url(#arrowhead"))
        #expect(text.contains("\n  </g>\n"))
    }

    @Test func textAlignmentAndRotation() {
        var svg = SVGDocument(width: 10, height: 10)
        svg.text("y", at: SVGPoint(x: 4, y: 6), anchor: .end, verticalAlignment: .middle, fontSize: 10, rotation: -90)
        #expect(svg.elements == [
            "<text x=\"4\" y=\"6\" dy=\"3.5\" font-size=\"10\" text-anchor=\"end\" transform=\"rotate(-90 4 6)\">y</text>"
        ])
    }

    @Test func numbersAreShort() {
        #expect(SVGNumber.format(12) == "12")
        #expect(SVGNumber.format(12.345) == "12.35")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(0.1 + 0.2) == "0.3")
        #expect(SVGNumber.format(-2.5) == "-2.5")
        #expect(SVGNumber.format(1e300) == "10000000")
        #expect(SVGNumber.format(.nan) == "0")
    }
}
