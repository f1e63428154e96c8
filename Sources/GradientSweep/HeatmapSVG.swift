import Foundation
import Reporting

/// Draws an ``ErrorHeatmap`` as SVG: `log10` of the largest relative error per
/// cell, coloured by ``HeatmapScale`` (viridis below the tolerance's `rtol`,
/// red above it, the tolerance marked on the colour bar), with axes, a title
/// that names the network, the claims and the verdict, and a legend for grey.
///
/// Cells are drawn as one indexed-colour PNG when both axes are evenly spaced
/// (4 KB–350 KB; one `<rect>` per cell made `make demo`'s 160 × 160 heatmap
/// 2.6 MB), otherwise as rectangles, one per run of equal colour along a row.
/// Cells span halfway to their neighbours on a monotonic axis (an axis that is
/// not monotonic is drawn by index, and says so); a one-value axis is drawn
/// as one band with one tick at its value. A relative error of 0 is drawn at
/// `log10 = -17`; a cell with no finite error is grey; a heatmap without any
/// finite error (an empty shard) says "no data".
public enum HeatmapSVG {
    public static let width = 720.0, height = 610.0
    public static let floorExponent = -17.0
    static let legendHeight = 44.0

    /// The heading's height: title, verdict, and a line for the claims when there are any.
    static func top(_ summary: SweepSummary) -> Double { summary.configuration.claims.isEmpty ? 62 : 78 }

    public static func render(_ map: ErrorHeatmap, summary: SweepSummary, domain: SweepDomain) -> String {
        let (a, b) = (map.dimensions[0], map.dimensions[1])
        let xs = AxisLayout(domain.variableValues[a], map: map, along: 0)
        let ys = AxisLayout(domain.variableValues[b], map: map, along: 1)
        let logs = map.cells.map { $0 < 0 ? Double.nan : Swift.max(floorExponent, log10($0)) }
        let scale = HeatmapScale(logs: logs, rtol: summary.configuration.tolerance.rtol, floor: floorExponent)
        let area = SVGRect(x: PlotFrame.leftMargin, y: top(summary), width: width - PlotFrame.leftMargin - PlotFrame.colorBarMargin,
                           height: height - top(summary) - PlotFrame.bottomMargin - legendHeight)
        let frame = PlotFrame(area: area, xRange: xs.range, yRange: ys.range)
        var svg = SVGDocument(width: width, height: height, title: title(summary, domain: domain, a: a, b: b))
        frame.clipped(in: &svg) { svg in
            if map.isEmpty {
                svg.rect(area, style: .fill(ColorMap.viridis.invalidColor.hex))
                return
            }
            let indices = logs.map(scale.index)
            if xs.isEven && ys.isEven {
                drawRaster(indices, map: map, xs: xs, ys: ys, scale: scale, frame: frame, into: &svg)
            } else {
                drawRuns(indices, map: map, xs: xs, ys: ys, scale: scale, frame: frame, into: &svg)
            }
        }
        if map.isEmpty {
            svg.text("no data", at: SVGPoint(x: area.midX, y: area.midY), anchor: .middle, verticalAlignment: .middle,
                     fontSize: 28, style: .fill("#222222"), bold: true)
            let why = summary.pointsEvaluated == 0 ? "this shard evaluated no points" : "no point here has a finite relative error"
            svg.text(why, at: SVGPoint(x: area.midX, y: area.midY + 28), anchor: .middle, verticalAlignment: .middle,
                     fontSize: 13, style: .fill("#222222"))
        }
        frame.drawAxes(in: &svg, xTitle: xs.title(domain.variables[a]), yTitle: ys.title(domain.variables[b]),
                       xTickValues: xs.ticks, yTickValues: ys.ticks)
        drawHeading(summary, domain: domain, a: a, b: b, into: &svg)
        drawColorBar(scale, frame: frame, into: &svg)
        drawLegend(summary, scale: scale, into: &svg)
        return svg.render()
    }

    // MARK: Cells

    static func drawRaster(_ indices: [UInt8], map: ErrorHeatmap, xs: AxisLayout, ys: AxisLayout, scale: HeatmapScale,
                           frame: PlotFrame, into svg: inout SVGDocument) {
        let (nx, ny) = (map.sizes[0], map.sizes[1])
        // Each cell a block of pixels, so a renderer that smooths images blurs only the borders.
        let kx = Swift.max(1, (256 + nx - 1) / nx), ky = Swift.max(1, (256 + ny - 1) / ny)
        let (w, h) = (nx * kx, ny * ky)
        var pixels = [UInt8](repeating: 0, count: w * h)
        for py in 0..<h {
            // Row 0 is the top: the largest y value.
            let row = py / ky
            let j = ys.ascending ? ny - 1 - row : row
            for px in 0..<w {
                let col = px / kx
                let i = xs.ascending ? col : nx - 1 - col
                pixels[py * w + px] = indices[i * ny + j]
            }
        }
        let png = PNGImage(width: w, height: h, palette: scale.palette, pixels: pixels)
        svg.image(frame.rect(x: xs.range, y: ys.range), png: png)
    }

    static func drawRuns(_ indices: [UInt8], map: ErrorHeatmap, xs: AxisLayout, ys: AxisLayout, scale: HeatmapScale,
                         frame: PlotFrame, into svg: inout SVGDocument) {
        let palette = scale.palette.map(\.hex)
        let (nx, ny) = (map.sizes[0], map.sizes[1])
        for j in 0..<ny {
            var i = 0
            while i < nx {
                let k = indices[i * ny + j]
                var end = i + 1
                while end < nx, indices[end * ny + j] == k { end += 1 }
                svg.rect(frame.rect(x: xs.span(i, end), y: ys.span(j, j + 1)), style: .cell(palette[Int(k)]))
                i = end
            }
        }
    }

    // MARK: Text

    /// `q2.net: max relative error over y, w2, parameters` (the network file's name, not its path).
    static func title(_ summary: SweepSummary, domain: SweepDomain, a: Int, b: Int) -> String {
        let others = domain.variables.indices.filter { $0 != a && $0 != b }.map { domain.variables[$0] }
        let file = summary.configuration.network.split(separator: "/").last.map(String.init) ?? summary.configuration.network
        return "\(file): max relative error over \((others + ["parameters"]).joined(separator: ", "))"
    }

    /// The verdict line, counted as the text summary counts: `no failures in 1,024,000 points`,
    /// `31,576 FAILING of 64,000 checks (32,000 points x 2 parameters)`.
    static func verdict(_ summary: SweepSummary) -> String {
        let points = SummaryText.grouped(summary.pointsEvaluated)
        if summary.passed { return "no failures in \(points) points" }
        var parts: [String] = []
        if summary.failures > 0 { parts.append("\(SummaryText.grouped(summary.failures)) FAILING") }
        if summary.nonFinite > 0 { parts.append("\(SummaryText.grouped(summary.nonFinite)) NON-FINITE") }
        let checks = summary.pointsEvaluated * summary.parameters.count
        return parts.joined(separator: ", ") + " of \(SummaryText.grouped(checks)) checks (\(points) points x \(summary.parameters.count) parameters)"
    }

    static func drawHeading(_ summary: SweepSummary, domain: SweepDomain, a: Int, b: Int, into svg: inout SVGDocument) {
        let x = PlotFrame.leftMargin + (width - PlotFrame.leftMargin - PlotFrame.colorBarMargin) / 2
        svg.text(title(summary, domain: domain, a: a, b: b), at: SVGPoint(x: x, y: 22), anchor: .middle,
                 fontSize: PlotFrame.titleFontSize + 1, style: .fill("#222222"), bold: true)
        var y = 42.0
        if !summary.configuration.claims.isEmpty {
            svg.text("checking the claim " + summary.configuration.claims.joined(separator: "; "), at: SVGPoint(x: x, y: y),
                     anchor: .middle, fontSize: 11.5, style: .fill("#222222"))
            y += 17
        }
        svg.text(verdict(summary), at: SVGPoint(x: x, y: y), anchor: .middle, fontSize: PlotFrame.titleFontSize,
                 style: .fill(summary.passed ? "#222222" : "#b2182b"), bold: !summary.passed)
    }

    /// The colour bar, drawn level by level, with the tolerance marked across it.
    static func drawColorBar(_ scale: HeatmapScale, frame: PlotFrame, into svg: inout SVGDocument) {
        frame.drawColorBar(in: &svg, colorMap: .viridis, range: scale.lower...scale.upper, title: "log10 relative error")
        let bar = frame.colorBarArea, palette = scale.palette
        func y(_ v: Double) -> Double { bar.maxY - (v - scale.lower) / (scale.upper - scale.lower) * bar.height }
        for level in 1..<palette.count {
            let (lo, hi) = (y(scale.edge(ofLevel: level)), y(scale.edge(ofLevel: level + 1)))
            svg.rect(SVGRect(x: bar.x, y: hi, width: bar.width, height: lo - hi + 0.3), style: .cell(palette[level].hex))
        }
        svg.rect(bar, style: .stroke("#222222", width: 1))
        let t = y(scale.threshold)
        svg.line(from: SVGPoint(x: bar.minX - 6, y: t), to: SVGPoint(x: bar.maxX, y: t), style: .stroke("#000000", width: 2.5))
        svg.rect(SVGRect(x: bar.minX - 24, y: t - 13, width: 22, height: 11), style: .fill("#ffffff"))
        svg.text("rtol", at: SVGPoint(x: bar.minX - 3, y: t - 4), anchor: .end, fontSize: 10, style: .fill("#000000"), bold: true)
    }

    static func drawLegend(_ summary: SweepSummary, scale: HeatmapScale, into svg: inout SVGDocument) {
        let x = PlotFrame.leftMargin, y1 = height - legendHeight + 6, y2 = y1 + 18
        let rtol = SummaryText.number(summary.configuration.tolerance.rtol)
        svg.rect(SVGRect(x: x, y: y1 - 5, width: 12, height: 10), style: SVGStyle(fill: HeatmapScale.failing.color(at: 0.6).hex, stroke: "#222222", strokeWidth: 0.5))
        svg.text("red: above rtol = \(rtol) (the line on the colour bar): fails unless within atol or the estimate's error",
                 at: SVGPoint(x: x + 18, y: y1), verticalAlignment: .middle, fontSize: 10.5, style: .fill("#222222"))
        svg.rect(SVGRect(x: x, y: y2 - 5, width: 12, height: 10), style: SVGStyle(fill: ColorMap.viridis.invalidColor.hex, stroke: "#222222", strokeWidth: 0.5))
        let grey = "grey: no finite relative error (loss, gradient or estimate NaN or infinite"
            + (summary.shard != nil || summary.partial ? ", or not in this part)" : ")")
        svg.text(grey, at: SVGPoint(x: x + 18, y: y2), verticalAlignment: .middle, fontSize: 10.5, style: .fill("#222222"))
    }
}

/// Where a heatmap's cells lie along one axis.
struct AxisLayout {
    /// Cell edges (cells + 1), increasing or decreasing with the axis.
    var edges: [Double]
    /// True when the axis is drawn by value index (its values are not monotonic).
    var byIndex: Bool
    /// Tick values to show instead of nice ticks (a one-value axis: its value).
    var ticks: [Double]?

    var ascending: Bool { edges.last! >= edges.first! }
    var range: ClosedRange<Double> { Swift.min(edges.first!, edges.last!)...Swift.max(edges.first!, edges.last!) }
    func span(_ from: Int, _ to: Int) -> ClosedRange<Double> { Swift.min(edges[from], edges[to])...Swift.max(edges[from], edges[to]) }

    /// Whether every cell has the same width (to a part in 10⁶).
    var isEven: Bool {
        let w = (edges.last! - edges.first!) / Double(edges.count - 1)
        return zip(edges, edges.dropFirst()).allSatisfy { Swift.abs(($1 - $0) - w) <= 1e-6 * Swift.abs(w) }
    }

    func title(_ name: String) -> String { byIndex ? "\(name) (index)" : name }

    init(_ axis: SweepAxis, map: ErrorHeatmap, along d: Int) {
        let n = axis.count, cells = map.sizes[d]
        if n == 1 {
            let v = axis[0], h = Swift.max(Swift.abs(v) * 0.5, 0.5)
            (edges, byIndex, ticks) = ([v - h, v + h], false, [v])
            return
        }
        let first = (0...cells).map { map.firstIndex(ofCell: $0, along: d) }
        let lo = (0..<cells).map { axis[first[$0]] }, hi = (0..<cells).map { axis[first[$0 + 1] - 1] }
        let increasing = Self.monotonic(axis, lo, hi, by: <), decreasing = Self.monotonic(axis, lo, hi, by: >)
        var e: [Double] = []
        if increasing || decreasing {
            e.append(lo[0] - (lo[1] - hi[0]) / 2)
            for c in 1..<cells { e.append((hi[c - 1] + lo[c]) / 2) }
            e.append(hi[cells - 1] + (lo[cells - 1] - hi[cells - 2]) / 2)
        }
        if e.count == cells + 1, e.allSatisfy(\.isFinite) {
            (edges, byIndex, ticks) = (e, false, nil)
        } else {
            (edges, byIndex, ticks) = (first.map { Double($0) - 0.5 }, true, nil)
        }
    }

    /// Strict monotonicity: of every value for a list axis, of the cells' first and last values for a linspace one.
    static func monotonic(_ axis: SweepAxis, _ lo: [Double], _ hi: [Double], by order: (Double, Double) -> Bool) -> Bool {
        if !axis.isEvenlySpaced { return zip(axis, axis.dropFirst()).allSatisfy { order($0, $1) } }
        return zip(lo, hi).allSatisfy { $0 == $1 || order($0, $1) } && zip(hi, lo.dropFirst()).allSatisfy { order($0, $1) }
    }
}
