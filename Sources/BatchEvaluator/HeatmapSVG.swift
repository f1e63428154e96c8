import Foundation
import Reporting

/// Draws an ``ErrorHeatmap`` as SVG: one cell per pair of grid values,
/// coloured (viridis) by `log10` of the largest relative error there, with
/// axes, ticks and a colour bar.
///
/// Cells span halfway to their neighbours on a monotonic axis (an axis that is
/// not monotonic is drawn by index). A relative error of 0 is drawn at
/// `log10 = -17`; a cell with no finite error is grey.
public enum HeatmapSVG {
    public static let width = 720.0, height = 560.0
    public static let floorExponent = -17.0

    public static func render(_ map: ErrorHeatmap, summary: SweepSummary, domain: SweepDomain) -> String {
        let (a, b) = (map.dimensions[0], map.dimensions[1])
        let (xs, xName) = (coordinates(Array(domain.variableValues[a])), domain.variables[a])
        let (ys, yName) = (coordinates(Array(domain.variableValues[b])), domain.variables[b])
        let logs = map.cells.map { $0 < 0 ? Double.nan : Swift.max(floorExponent, log10($0)) }
        let finite = logs.filter(\.isFinite)
        let range = (finite.min() ?? floorExponent)...(finite.max() ?? 0)
        let frame = PlotFrame(width: width, height: height, xRange: xs.edges.first!...xs.edges.last!,
                              yRange: ys.edges.first!...ys.edges.last!, colorBar: true, title: true)
        let title = "\(summary.configuration.network): max relative error over \((domain.variables.indices.filter { $0 != a && $0 != b }.map { domain.variables[$0] } + ["parameters"]).joined(separator: ", "))"
        var svg = SVGDocument(width: width, height: height, title: title)
        frame.clipped(in: &svg) { svg in
            for i in 0..<map.sizes[0] {
                for j in 0..<map.sizes[1] {
                    let v = logs[i * map.sizes[1] + j]
                    let color = v.isFinite ? ColorMap.viridis.color(for: v, in: range) : ColorMap.viridis.invalidColor
                    svg.rect(frame.rect(x: xs.edges[i]...xs.edges[i + 1], y: ys.edges[j]...ys.edges[j + 1]), style: .cell(color.hex))
                }
            }
        }
        frame.drawAxes(in: &svg, xTitle: xs.byIndex ? "\(xName) (index)" : xName, yTitle: ys.byIndex ? "\(yName) (index)" : yName)
        frame.drawTitle(title, in: &svg)
        frame.drawColorBar(in: &svg, colorMap: .viridis, range: range, title: "log10 relative error")
        return svg.render()
    }

    /// Cell edges along an axis: midpoints between increasing values, or indices.
    static func coordinates(_ values: [Double]) -> (edges: [Double], byIndex: Bool) {
        let increasing = values.count > 1 && zip(values, values.dropFirst()).allSatisfy { $0 < $1 }
        let decreasing = values.count > 1 && zip(values, values.dropFirst()).allSatisfy { $0 > $1 }
        guard increasing || decreasing else {
            return ((0...values.count).map { Double($0) - 0.5 }, true)
        }
        let v = increasing ? values : values.map { -$0 }
        if decreasing { return ((0...values.count).map { Double($0) - 0.5 }, true) }
        var edges = [v[0] - (v[1] - v[0]) / 2]
        for k in 0..<(v.count - 1) { edges.append((v[k] + v[k + 1]) / 2) }
        edges.append(v[v.count - 1] + (v[v.count - 1] - v[v.count - 2]) / 2)
        return (edges, false)
    }
}
