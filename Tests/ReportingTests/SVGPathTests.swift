import Testing
@testable import Reporting

@Suite struct SVGPathTests {
    @Test func buildsCommands() {
        var path = SVGPath()
        path.move(to: SVGPoint(x: 0, y: 0))
        path.line(to: SVGPoint(x: 10, y: 0.5))
        path.line(to: SVGPoint(x: 10, y: 10))
        path.close()
        #expect(path.d == "M0,0 L10,0.5 L10,10 Z")
    }

    @Test func nonFinitePointsBreakTheLine() {
        var path = SVGPath()
        path.addPolyline([
            SVGPoint(x: 0, y: 0), SVGPoint(x: 1, y: 1), SVGPoint(x: .nan, y: 2),
            SVGPoint(x: 3, y: 3), SVGPoint(x: 4, y: .infinity), SVGPoint(x: 5, y: 5),
        ])
        #expect(path.d == "M0,0 L1,1 M3,3 M5,5")
        #expect(!path.d.lowercased().contains("nan"))
    }

    @Test func emptyPathIsNotDrawn() {
        var path = SVGPath()
        path.close()
        path.move(to: SVGPoint(x: .nan, y: 0))
        #expect(path.isEmpty)
        var svg = SVGDocument(width: 1, height: 1)
        svg.path(path)
        #expect(svg.elements.isEmpty)
    }
}
