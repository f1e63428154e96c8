import Foundation
import Testing
@testable import Reporting

@Suite struct PlotFrameTests {
    let frame = PlotFrame(area: SVGRect(x: 100, y: 50, width: 400, height: 200), xRange: -2...2, yRange: 0...10)

    @Test func mapsCornersAndFlipsY() {
        #expect(frame.pixel(x: -2, y: 0) == SVGPoint(x: 100, y: 250))
        #expect(frame.pixel(x: 2, y: 10) == SVGPoint(x: 500, y: 50))
        #expect(frame.pixel(x: 0, y: 5) == SVGPoint(x: 300, y: 150))
        let back = frame.dataPoint(at: SVGPoint(x: 300, y: 150))
        #expect(back.x == 0 && back.y == 5)
        #expect(frame.rect(x: 0...1, y: 0...1) == SVGRect(x: 300, y: 230, width: 100, height: 20))
    }

    @Test func degenerateRangesStayFinite() {
        let flat = PlotFrame(area: SVGRect(x: 0, y: 0, width: 10, height: 10), xRange: 3...3, yRange: -.infinity...1)
        #expect(flat.xRange == 2.7...3.3)
        #expect(flat.yRange == 0...1)
        #expect(flat.pixel(x: 3, y: 0.5).isFinite)
        let huge = PlotFrame(area: SVGRect(x: 0, y: 0, width: 10, height: 10), xRange: -1e308...1e308, yRange: 0...1)
        #expect(huge.xRange == 0...1)
    }

    @Test func layoutLeavesRoomForColorBar() {
        let plain = PlotFrame(width: 640, height: 480, xRange: 0...1, yRange: 0...1)
        let barred = PlotFrame(width: 640, height: 480, xRange: 0...1, yRange: 0...1, colorBar: true, title: true)
        #expect(barred.area.width < plain.area.width)
        #expect(barred.area.minY > plain.area.minY)
        #expect(barred.colorBarArea.maxX < 640)
    }

    /// A small heatmap with a NaN hole, axes and a colour bar: the figure the plotting commands build.
    static func heatmap() -> String {
        let frame = PlotFrame(width: 480, height: 360, xRange: -1...1, yRange: -1...1, colorBar: true, title: true)
        var svg = SVGDocument(width: 480, height: 360, title: "x² + y²")
        let n = 16
        frame.clipped(in: &svg) { svg in
            for i in 0..<n {
                for j in 0..<n {
                    let x0 = -1 + 2 * Double(i) / Double(n), y0 = -1 + 2 * Double(j) / Double(n)
                    let (x, y) = (x0 + 1 / Double(n), y0 + 1 / Double(n))
                    let value = i == 3 && j == 3 ? Double.nan : x * x + y * y
                    let cell = frame.rect(x: x0...(x0 + 2 / Double(n)), y: y0...(y0 + 2 / Double(n)))
                    svg.rect(cell, style: .cell(ColorMap.viridis.color(for: value, in: 0...2).hex))
                }
            }
        }
        frame.drawAxes(in: &svg, xTitle: "w₁", yTitle: "w₂")
        frame.drawColorBar(in: &svg, colorMap: .viridis, range: 0...2, title: "loss")
        frame.drawTitle("Loss near the minimum", in: &svg)
        return svg.render()
    }

    @Test func heatmapIsValidAndLabelled() throws {
        let text = Self.heatmap()
        #expect(!text.lowercased().contains("nan"))
        let elements = try #require(XMLProbe.parse(text))
        let labels = elements.filter { $0.name == "text" }.map(\.text)
        for expected in ["-1", "-0.5", "0", "0.5", "1", "1.5", "2", "w₁", "w₂", "loss", "Loss near the minimum"] {
            #expect(labels.contains(expected), "missing label \(expected)")
        }
        #expect(elements.filter { $0.name == "stop" }.count == 65)
        #expect(elements.filter { $0.name == "rect" && $0.attributes["fill"] == ColorMap.viridis.invalidColor.hex }.count == 1)
    }

    /// Writes the heatmap to $REPORTING_SVG_OUT for a human to look at (e.g. with rsvg-convert).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["REPORTING_SVG_OUT"] != nil))
    func writeHeatmapForInspection() throws {
        try AtomicFile.write(Self.heatmap(), to: ProcessInfo.processInfo.environment["REPORTING_SVG_OUT"]!)
    }
}
