import Foundation
import Reporting

/// An SVG contour plot of f with every drawn path, the direction gradient
/// ascent (or descent) would take at each step's start, and the offending
/// steps in red.
///
/// Layout: filled contour bands (viridis, lightened so the paths stand out)
/// with their iso-lines, equal scales on both axes so that "perpendicular to
/// the contour line" looks perpendicular, a colour bar for f, a title naming
/// the verdicts, and a legend under the plot.
///
/// Paths that end in the same place (the exam's A, B, D and E all climb to the
/// maximum near (1, 1)) stay apart: each has its own colour and point marker
/// (``PathStyle``), its name at both ends (the end label placed clear of every
/// step and every other label, with a leader line when it had to move away),
/// and a legend entry; an offending step keeps its path's colour over a red band.
public enum TrajectoryPlot {
    public static let width = 820.0
    /// The plotting area is at most this tall; the canvas is as tall as the area needs.
    public static let maximumAreaHeight = 640.0
    /// Height of one legend row, in pixels.
    static let legendRow = 18.0
    /// Grid resolution for the contour bands and lines, per axis.
    public static let resolution = 161
    /// Length of the direction arrows drawn at step starts, in pixels.
    public static let gradientArrowLength = 30.0

    static let pathColor = "#111111"
    static let offenceColor = "#d62728"
    static let gradientColor = "#ff7f0e"

    /// The whole plot as an SVG document.
    /// - Throws: an `InputError` when the paths' window cannot be drawn (``TrajectoryProblem/Region/isDrawable``:
    ///   paths from -1.5e308 to 1.5e308 overflow it), naming the file and asking for a `region` line, or
    ///   when a point lies too far outside the file's region (``requireDrawable(_:in:)``).
    public static func svg(_ verdict: TrajectoryVerdict) throws(InputError) -> String {
        let problem = verdict.problem
        let region = plotRegion(problem)
        guard region.isDrawable else {
            throw InputError("cannot plot \(problem.file): its paths span x from \(Format.number(region.xMin)) to \(Format.number(region.xMax)) "
                + "and y from \(Format.number(region.yMin)) to \(Format.number(region.yMax)) with the margin, more than a plot can draw; "
                + "give a 'region (xmin, ymin) (xmax, ymax)' line")
        }
        let top = PlotFrame.topMargin + 2 * PlotFrame.titleHeight
        let available = SVGRect(
            x: PlotFrame.leftMargin, y: top,
            width: width - PlotFrame.leftMargin - PlotFrame.colorBarMargin, height: maximumAreaHeight)
        let (area, x, y) = equalScale(region, in: available)
        let frame = PlotFrame(area: area, xRange: x, yRange: y)
        try requireDrawable(problem.paths, in: frame)
        let grid = ScalarGrid(x: x, y: y, columns: resolution, rows: resolution) { problem.function.value(at: $0) }
        let range = grid.finiteRange ?? 0...1
        let levels = contourLevels(range)
        let hasZeroContour = levels.contains { Swift.abs($0) < 1e-12 }
        let legend = Legend(mode: problem.mode, paths: verdict.paths, zeroContour: hasZeroContour)
        let height = area.maxY + PlotFrame.bottomMargin + legend.height

        var svg = SVGDocument(width: width, height: height, title: "gradcheck trajectory: \(problem.file)")
        frame.clipped(in: &svg) { svg in
            drawBands(grid, levels: levels, range: range, frame: frame, in: &svg)
            drawIsolines(grid, levels: levels, frame: frame, in: &svg)
            for (k, path) in verdict.paths.enumerated() {
                drawPath(path, style: PathStyle.of(k), mode: problem.mode, frame: frame, in: &svg)
            }
        }
        drawLabels(verdict.paths, frame: frame, in: &svg)
        frame.drawAxes(in: &svg, xTitle: "x", yTitle: "y")
        frame.drawColorBar(in: &svg, colorMap: lightened, range: range, title: "f(x, y)", tickCount: 9)
        drawTitle(verdict, in: &svg)
        legend.draw(at: SVGPoint(x: area.minX, y: area.maxY + PlotFrame.bottomMargin + 14), in: &svg)
        return svg.render()
    }

    /// The farthest a path's point may lie from the plot, in pixels: within it, every length and
    /// squared distance the label placement computes stays finite.
    static let farthestPixel = 1e9

    /// Throws, at the point, for a path point whose pixel is not within ``farthestPixel``: with
    /// `region (-1, -1) (1, 1)` a point at x = 1.5e308 maps to an infinite pixel, the label
    /// placement then saw only NaN and force-unwrapped nil (a crash).
    static func requireDrawable(_ paths: [DrawnPath], in frame: PlotFrame) throws(InputError) {
        for path in paths {
            for (k, p) in path.points.enumerated() {
                let q = frame.pixel(x: p.x, y: p.y)
                guard Swift.abs(q.x) <= farthestPixel, Swift.abs(q.y) <= farthestPixel else {
                    throw InputError("cannot plot path \(path.name): its point \(p) lies too far outside the region "
                        + "(\(Format.number(frame.xRange.lowerBound)), \(Format.number(frame.yRange.lowerBound))) "
                        + "(\(Format.number(frame.xRange.upperBound)), \(Format.number(frame.yRange.upperBound))) to draw; widen the region",
                        at: path.pointLocations[k])
                }
            }
        }
    }

    /// Viridis mixed 45% with white, so black and red paths read well on every band.
    static let lightened = ColorMap(
        name: "viridis-light", stops: ColorMap.viridis.stops.map { RGB.mix($0, .white, 0.45) })

    /// The file's region, or the points' bounding box with a margin of 15% of
    /// its larger side (at least 0.5 units).
    static func plotRegion(_ problem: TrajectoryProblem) -> TrajectoryProblem.Region {
        if let region = problem.region { return region }
        let points = problem.paths.flatMap(\.points)
        let xs = points.map(\.x), ys = points.map(\.y)
        let (x0, x1, y0, y1) = (xs.min()!, xs.max()!, ys.min()!, ys.max()!)
        let margin = Swift.max(0.5, 0.15 * Swift.max(x1 - x0, y1 - y0))
        return .init(xMin: x0 - margin, xMax: x1 + margin, yMin: y0 - margin, yMax: y1 + margin)
    }

    /// The largest area inside `available` with the region's aspect ratio, and
    /// the region's ranges (one unit is the same number of pixels on both axes).
    static func equalScale(
        _ r: TrajectoryProblem.Region, in available: SVGRect
    ) -> (SVGRect, ClosedRange<Double>, ClosedRange<Double>) {
        let scale = Swift.min(available.width / r.width, available.height / r.height)
        let w = r.width * scale, h = r.height * scale
        let area = SVGRect(x: available.minX + (available.width - w) / 2, y: available.minY, width: w, height: h)
        return (area, r.xMin...r.xMax, r.yMin...r.yMax)
    }

    /// About 16 levels at nice values strictly inside `range`.
    static func contourLevels(_ range: ClosedRange<Double>) -> [Double] {
        NiceTicks(min: range.lowerBound, max: range.upperBound, count: 17).values
            .filter { $0 > range.lowerBound && $0 < range.upperBound }
    }

    /// Filled bands between consecutive levels: each grid row is cut into runs
    /// of cells whose centre value falls in the same band, one rectangle per run.
    static func drawBands(
        _ grid: ScalarGrid, levels: [Double], range: ClosedRange<Double>, frame: PlotFrame, in svg: inout SVGDocument
    ) {
        let edges = [range.lowerBound] + levels + [range.upperBound]
        func band(_ v: Double) -> Int? {
            guard v.isFinite else { return nil }
            return levels.firstIndex { v < $0 } ?? levels.count
        }
        func color(_ b: Int) -> String {
            lightened.color(for: (edges[b] + edges[b + 1]) / 2, in: range).hex
        }
        let nx = grid.xs.count, ny = grid.ys.count
        for j in 0..<(ny - 1) {
            var start = 0
            var current = band(cellMean(grid, 0, j))
            for i in 1...(nx - 1) {
                let next = i < nx - 1 ? band(cellMean(grid, i, j)) : nil
                if i == nx - 1 || next != current {
                    if let current {
                        let rect = frame.rect(x: grid.xs[start]...grid.xs[i], y: grid.ys[j]...grid.ys[j + 1])
                        // Half a pixel of overlap hides anti-aliasing seams between runs.
                        let padded = SVGRect(x: rect.x, y: rect.y - 0.5, width: rect.width + 0.5, height: rect.height + 1)
                        svg.rect(padded, style: .fill(color(current)))
                    }
                    start = i
                    current = next
                }
            }
        }
    }

    static func cellMean(_ grid: ScalarGrid, _ i: Int, _ j: Int) -> Double {
        (grid.value(i, j) + grid.value(i + 1, j) + grid.value(i, j + 1) + grid.value(i + 1, j + 1)) / 4
    }

    static func drawIsolines(_ grid: ScalarGrid, levels: [Double], frame: PlotFrame, in svg: inout SVGDocument) {
        for level in levels {
            var path = SVGPath()
            for line in MarchingSquares.isolines(grid, level: level) {
                path.addPolyline(line.map { frame.pixel(x: $0.x, y: $0.y) })
            }
            let zero = Swift.abs(level) < 1e-12
            svg.path(path, style: SVGStyle(
                fill: "none", stroke: "#3b3b3b", strokeWidth: zero ? 1.1 : 0.7, opacity: 0.75,
                dash: zero ? [5, 3] : nil))
        }
    }

    /// The steps as arrows in the path's colour (over a red band where
    /// offending), the algorithm's direction at each step start, and the points
    /// as the path's marker.
    static func drawPath(
        _ path: PathJudgement, style: PathStyle, mode: TrajectoryProblem.Mode, frame: PlotFrame, in svg: inout SVGDocument
    ) {
        func px(_ p: Vector2) -> SVGPoint { frame.pixel(x: p.x, y: p.y) }
        for step in path.steps {
            let direction = mode.sign * step.gradient
            guard direction.length > 0 else { continue }
            let a = px(step.from)
            // Pixel y grows downwards: flip the y component.
            let unit = SVGPoint(x: direction.x / direction.length, y: -direction.y / direction.length)
            let b = SVGPoint(x: a.x + gradientArrowLength * unit.x, y: a.y + gradientArrowLength * unit.y)
            svg.arrow(from: a, to: b, color: gradientColor, width: 2)
        }
        for step in path.steps where !step.issues.isEmpty {
            svg.line(from: px(step.from), to: px(step.to), style: offenceBand)
        }
        for step in path.steps {
            svg.arrow(from: px(step.from), to: shortened(px(step.from), px(step.to), by: 3.5), color: style.color, width: 1.9)
        }
        for (k, point) in ([path.steps[0].from] + path.steps.map(\.to)).enumerated() {
            style.marker.draw(at: px(point), size: k == 0 ? 5 : 3.6, color: style.color, in: &svg)
        }
    }

    /// The red band under an offending step.
    static let offenceBand = SVGStyle(fill: "none", stroke: offenceColor, strokeWidth: 7, opacity: 0.55, lineCap: "round")

    /// Each path's name beside its start point and beside its end point, and
    /// the angle of its first offending step beside that step, each where it is
    /// clearest of every drawn step and of the labels (and leader lines) already
    /// placed, inside the plotting area. An end label that had to move more than
    /// its own size away is joined to the end point by a thin leader line.
    static func drawLabels(_ paths: [PathJudgement], frame: PlotFrame, in svg: inout SVGDocument) {
        func px(_ p: Vector2) -> SVGPoint { frame.pixel(x: p.x, y: p.y) }
        var obstacles = paths.flatMap { path in path.steps.map { (px($0.from), px($0.to)) } }
        var labels: [(String, SVGPoint, Double, String)] = []
        var leaders: [(SVGPoint, SVGPoint, String)] = []
        for (k, path) in paths.enumerated() {
            let text = path.name, size = 17.0
            let start = px(path.steps[0].from), next = px(path.steps[0].to)
            let behind = atan2(-(start.y - next.y), start.x - next.x)  // away from the first step
            let spot = clearestSpot(
                around: start, for: labelBox(text, fontSize: size), in: frame.area, avoiding: obstacles,
                preferring: behind)
            obstacles.append(spot.box)
            labels.append((text, spot.centre, size, PathStyle.of(k).color))
        }
        // End labels: most crowded last point first, so each later one knows where the others went.
        for (k, path) in paths.enumerated() {
            guard let last = path.steps.last else { continue }
            let text = path.name, size = 13.0
            let end = px(last.to), before = px(last.from)
            let ahead = atan2(-(end.y - before.y), end.x - before.x)  // beyond the last step
            let box = labelBox(text, fontSize: size)
            let spot = clearestSpot(around: end, for: box, in: frame.area, avoiding: obstacles, preferring: ahead,
                                    reaches: [1, 1.8, 2.8, 4, 5.5])
            obstacles.append(spot.box)
            let dx = spot.centre.x - end.x, dy = spot.centre.y - end.y
            if (dx * dx + dy * dy).squareRoot() > 8 + box.halfWidth + box.halfHeight {
                let rim = SVGPoint(x: spot.centre.x - dx / (dx * dx + dy * dy).squareRoot() * (box.halfHeight + 2),
                                   y: spot.centre.y - dy / (dx * dx + dy * dy).squareRoot() * (box.halfHeight + 2))
                leaders.append((end, rim, PathStyle.of(k).color))
                obstacles.append((end, rim))
            }
            labels.append((text, spot.centre, size, PathStyle.of(k).color))
        }
        for path in paths {
            guard let first = path.steps.first(where: { !$0.issues.isEmpty }) else { continue }
            let a = px(first.from), b = px(first.to)
            let text = first.angle.map { Explanation.degrees($0) } ?? "∇f = 0", size = 11.0
            let spot = clearestSpot(
                around: SVGPoint(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2), for: labelBox(text, fontSize: size),
                in: frame.area, avoiding: obstacles, preferring: atan2(-(b.y - a.y), b.x - a.x) + .pi / 2)
            obstacles.append(spot.box)
            labels.append((text, spot.centre, size, offenceColor))
        }
        for (a, b, color) in leaders {
            svg.line(from: a, to: b, style: SVGStyle(fill: "none", stroke: "white", strokeWidth: 3, opacity: 0.8))
            svg.line(from: a, to: b, style: SVGStyle(fill: "none", stroke: color, strokeWidth: 1, dash: [2, 2]))
        }
        for (text, centre, size, color) in labels {
            haloText(text, at: centre, fontSize: size, bold: true, color: color, in: &svg)
        }
    }

    /// Half the width and half the height of a bold label, estimated at 0.65 em per character.
    static func labelBox(_ text: String, fontSize: Double) -> (halfWidth: Double, halfHeight: Double) {
        (0.65 * fontSize * Double(text.count) / 2 + 2, 0.5 * fontSize)
    }

    /// Where to centre a label of half-size `box` near `anchor`: of 16
    /// directions at each of `reaches` (multiples of the nearest distance), the first spot inside `area` whose label box
    /// (taken as its horizontal midline) clears every obstacle segment by a
    /// label height, trying the near ring first and directions nearest
    /// `preferred` (radians, anticlockwise from east) first; failing that, the clearest.
    static func clearestSpot(
        around anchor: SVGPoint, for box: (halfWidth: Double, halfHeight: Double), in area: SVGRect,
        avoiding obstacles: [(SVGPoint, SVGPoint)], preferring preferred: Double = 0, reaches: [Double] = [1, 1.8]
    ) -> (centre: SVGPoint, box: (SVGPoint, SVGPoint)) {
        let enough = 2 * box.halfHeight + 2
        var best: (centre: SVGPoint, box: (SVGPoint, SVGPoint))?
        var bestScore = -Double.infinity
        for (ring, reach) in reaches.enumerated() {
            for k in [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8] {
                let phi = preferred + Double(k) * .pi / 8
                // Far enough that the box clears the anchor in this direction.
                let r = reach * (6 + Swift.abs(cos(phi)) * box.halfWidth + Swift.abs(sin(phi)) * box.halfHeight)
                let c = SVGPoint(x: anchor.x + r * cos(phi), y: anchor.y - r * sin(phi))
                let left = SVGPoint(x: c.x - box.halfWidth, y: c.y), right = SVGPoint(x: c.x + box.halfWidth, y: c.y)
                let inside = left.x >= area.minX + 2 && right.x <= area.maxX - 2
                    && c.y - box.halfHeight >= area.minY + 2 && c.y + box.halfHeight <= area.maxY - 2
                let clearance = obstacles.map { segmentDistance((left, right), $0) }.min() ?? 1000
                // Outside the area is a last resort; a second-ring spot must be clearly better.
                let score = Swift.min(clearance, enough) - (inside ? 0 : 1000) - Double(ring)
                if score > bestScore + 1e-9 {
                    best = (c, (left, right))
                    bestScore = score
                }
            }
        }
        return best!
    }

    /// The distance between two segments (0 if they cross), in pixels.
    static func segmentDistance(_ s: (SVGPoint, SVGPoint), _ t: (SVGPoint, SVGPoint)) -> Double {
        if segmentsCross(s, t) { return 0 }
        return Swift.min(
            distance(s.0, t.0, t.1), distance(s.1, t.0, t.1), distance(t.0, s.0, s.1), distance(t.1, s.0, s.1))
    }

    static func segmentsCross(_ s: (SVGPoint, SVGPoint), _ t: (SVGPoint, SVGPoint)) -> Bool {
        func side(_ a: SVGPoint, _ b: SVGPoint, _ p: SVGPoint) -> Double {
            (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
        }
        let d1 = side(t.0, t.1, s.0), d2 = side(t.0, t.1, s.1)
        let d3 = side(s.0, s.1, t.0), d4 = side(s.0, s.1, t.1)
        return d1 * d2 < 0 && d3 * d4 < 0
    }

    /// The distance from `p` to the segment from `a` to `b`, in pixels.
    static func distance(_ p: SVGPoint, _ a: SVGPoint, _ b: SVGPoint) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        let t = length2 == 0 ? 0 : Swift.min(1, Swift.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2))
        return hypot(p.x - a.x - t * dx, p.y - a.y - t * dy)
    }

    /// `b` moved `pixels` back toward `a`, so an arrowhead ends at the point's rim.
    static func shortened(_ a: SVGPoint, _ b: SVGPoint, by pixels: Double) -> SVGPoint {
        let dx = b.x - a.x, dy = b.y - a.y, d = (dx * dx + dy * dy).squareRoot()
        guard d > 2 * pixels else { return b }
        return SVGPoint(x: b.x - pixels * dx / d, y: b.y - pixels * dy / d)
    }

    /// Text with a white outline underneath, readable on any band.
    static func haloText(
        _ text: String, at point: SVGPoint, fontSize: Double, bold: Bool, color: String, in svg: inout SVGDocument
    ) {
        svg.text(text, at: point, anchor: .middle, verticalAlignment: .middle, fontSize: fontSize,
                 style: SVGStyle(fill: "white", stroke: "white", strokeWidth: 3.5, lineJoin: "round"), bold: bold)
        svg.text(text, at: point, anchor: .middle, verticalAlignment: .middle, fontSize: fontSize,
                 style: .fill(color), bold: bold)
    }

    static func drawTitle(_ verdict: TrajectoryVerdict, in svg: inout SVGDocument) {
        let problem = verdict.problem
        let feasible = verdict.paths.filter(\.feasible).map(\.name)
        let infeasible = verdict.paths.filter { !$0.feasible }.map(\.name)
        var headline = "Gradient \(problem.mode.rawValue): feasible "
            + (feasible.isEmpty ? "none" : feasible.joined(separator: ", "))
        if !infeasible.isEmpty { headline += "; infeasible " + infeasible.joined(separator: ", ") }
        svg.text(headline, at: SVGPoint(x: width / 2, y: PlotFrame.topMargin + 14), anchor: .middle,
                 fontSize: 16, style: .fill("#222222"), bold: true)
        var function = "f(x, y) = \(problem.function.expression)"
        if function.count > 110 { function = String(function.prefix(107)) + "…" }
        svg.text(function, at: SVGPoint(x: width / 2, y: PlotFrame.topMargin + 38), anchor: .middle,
                 fontSize: 12, style: .fill("#444444"))
    }
}
