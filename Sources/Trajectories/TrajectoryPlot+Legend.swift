import Foundation
import Reporting

extension TrajectoryPlot {
    /// How one path is drawn: its colour and its point marker. Paths take them
    /// in file order; colours avoid the red of offences and the orange of the
    /// gradient arrows, and after eight paths colours repeat with other markers.
    struct PathStyle: Equatable {
        var color: String
        var marker: Marker

        static let colors = ["#1f4e9c", "#7b2f9e", "#1b7837", "#8c510a", "#c51b7d", "#111111", "#01665e", "#5b5b00"]

        static func of(_ index: Int) -> PathStyle {
            PathStyle(color: colors[index % colors.count], marker: Marker.allCases[(index + index / colors.count) % Marker.allCases.count])
        }
    }

    /// A point marker: white inside, outlined in the path's colour.
    enum Marker: CaseIterable, Equatable {
        case circle, square, triangle, diamond, invertedTriangle, hexagon

        /// Draws the marker centred at `p`; `size` is about its radius in pixels.
        func draw(at p: SVGPoint, size r: Double, color: String, in svg: inout SVGDocument) {
            let style = SVGStyle(fill: "white", stroke: color, strokeWidth: 1.5)
            func polygon(_ corners: Int, rotation: Double, scale: Double = 1) {
                let points = (0..<corners).map { k -> SVGPoint in
                    let phi = rotation + 2 * Double.pi * Double(k) / Double(corners)
                    return SVGPoint(x: p.x + scale * r * cos(phi), y: p.y - scale * r * sin(phi))
                }
                svg.polygon(points, style: style)
            }
            switch self {
            case .circle: svg.circle(center: p, radius: r, style: style)
            case .square: polygon(4, rotation: .pi / 4, scale: 1.2)
            case .triangle: polygon(3, rotation: .pi / 2, scale: 1.3)
            case .diamond: polygon(4, rotation: 0, scale: 1.3)
            case .invertedTriangle: polygon(3, rotation: -.pi / 2, scale: 1.3)
            case .hexagon: polygon(6, rotation: 0, scale: 1.15)
            }
        }
    }

    /// The key under the plot: what the arrows, the red band and the dashed
    /// contour mean, then each path's colour and marker with its verdict.
    struct Legend {
        var mode: TrajectoryProblem.Mode
        var paths: [PathJudgement]
        /// Whether the dashed f = 0 contour is drawn.
        var zeroContour: Bool

        static let pathColumns = 2
        static let pathColumnWidth = 340.0

        var symbolRows: Int { zeroContour ? 4 : 3 }
        var pathRows: Int { (paths.count + Self.pathColumns - 1) / Self.pathColumns }
        var height: Double { Double(symbolRows + pathRows) * TrajectoryPlot.legendRow + 14 }

        func draw(at origin: SVGPoint, in svg: inout SVGDocument) {
            let row = TrajectoryPlot.legendRow
            func label(_ text: String, _ y: Double, x: Double) {
                svg.text(text, at: SVGPoint(x: x, y: y), verticalAlignment: .middle, fontSize: 12, style: .fill("#222222"))
            }
            var y = origin.y
            let a = SVGPoint(x: origin.x, y: y), b = SVGPoint(x: origin.x + 34, y: y)
            svg.arrow(from: a, to: b, color: TrajectoryPlot.PathStyle.of(0).color, width: 1.9)
            label("drawn step, in its path's colour (within the angle tolerance of \(mode.stepSymbol))", y, x: origin.x + 44)
            y += row
            svg.line(from: SVGPoint(x: origin.x, y: y), to: SVGPoint(x: origin.x + 31, y: y), style: TrajectoryPlot.offenceBand)
            svg.arrow(from: SVGPoint(x: origin.x, y: y), to: SVGPoint(x: origin.x + 34, y: y), color: TrajectoryPlot.PathStyle.of(0).color, width: 1.9)
            label("offending step (red band; its angle to \(mode.stepSymbol) labelled at the first offence)", y, x: origin.x + 44)
            y += row
            svg.arrow(from: SVGPoint(x: origin.x, y: y), to: SVGPoint(x: origin.x + 34, y: y), color: TrajectoryPlot.gradientColor, width: 2)
            label("direction gradient \(mode.rawValue) takes at the step's start: \(mode.stepSymbol)", y, x: origin.x + 44)
            if zeroContour {
                y += row
                svg.line(from: SVGPoint(x: origin.x, y: y), to: SVGPoint(x: origin.x + 34, y: y),
                         style: SVGStyle(fill: "none", stroke: "#3b3b3b", strokeWidth: 1.1, opacity: 0.75, dash: [5, 3]))
                label("f = 0 (dashed contour; the solid lines are the other levels of the colour bar)", y, x: origin.x + 44)
            }
            for (k, path) in paths.enumerated() {
                let style = TrajectoryPlot.PathStyle.of(k)
                let x = origin.x + Double(k % Self.pathColumns) * Self.pathColumnWidth
                let py = y + row * Double(1 + k / Self.pathColumns)
                svg.line(from: SVGPoint(x: x, y: py), to: SVGPoint(x: x + 34, y: py), style: SVGStyle(fill: "none", stroke: style.color, strokeWidth: 1.9))
                style.marker.draw(at: SVGPoint(x: x + 17, y: py), size: 4, color: style.color, in: &svg)
                var verdict = path.feasible ? "feasible" : "infeasible"
                if !path.feasible, !path.reasons.isEmpty { verdict += " (" + path.reasons.map(\.code).joined(separator: ", ") + ")" }
                svg.text("\(path.name): \(verdict)", at: SVGPoint(x: x + 44, y: py), verticalAlignment: .middle, fontSize: 12,
                         style: .fill(style.color), bold: true)
            }
        }
    }
}
