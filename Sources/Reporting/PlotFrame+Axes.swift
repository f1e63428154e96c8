/// Axes, grid, title and colour bar for a `PlotFrame`.
///
/// Sizes are in pixels. Label widths are estimated (0.6 em per character), as
/// SVG cannot measure text before it is rendered; the estimate only places the
/// rotated axis titles clear of the tick labels.
extension PlotFrame {
    public static let tickLength = 5.0
    public static let tickFontSize = 11.0
    public static let titleFontSize = 13.0
    static let ink = "#222222"

    /// Draws the frame around the area, tick marks and labels on the bottom and
    /// left edges at `NiceTicks` positions, and the axis titles.
    /// `xTickValues`/`yTickValues`, when given, replace the nice ticks along
    /// that axis (e.g. the single value of a one-value axis), labelled exactly.
    public func drawAxes(
        in document: inout SVGDocument, xTitle: String, yTitle: String, tickCount: Int = 6,
        xTickValues: [Double]? = nil, yTickValues: [Double]? = nil
    ) {
        let tickStyle = SVGStyle.stroke(Self.ink, width: 1)
        let labelStyle = SVGStyle.fill(Self.ink)
        document.rect(area, style: .stroke(Self.ink, width: 1))

        let xTicks = Self.ticks(xTickValues, xRange, tickCount)
        for (value, label) in xTicks {
            let px = pixelX(value)
            document.line(from: SVGPoint(x: px, y: area.maxY), to: SVGPoint(x: px, y: area.maxY + Self.tickLength), style: tickStyle)
            document.text(
                label, at: SVGPoint(x: px, y: area.maxY + Self.tickLength + 3),
                anchor: .middle, verticalAlignment: .top, fontSize: Self.tickFontSize, style: labelStyle)
        }
        document.text(
            xTitle, at: SVGPoint(x: area.midX, y: area.maxY + Self.tickLength + 3 + Self.tickFontSize + 10),
            anchor: .middle, verticalAlignment: .top, fontSize: Self.titleFontSize, style: labelStyle)

        let yTicks = Self.ticks(yTickValues, yRange, tickCount)
        for (value, label) in yTicks {
            let py = pixelY(value)
            document.line(from: SVGPoint(x: area.minX - Self.tickLength, y: py), to: SVGPoint(x: area.minX, y: py), style: tickStyle)
            document.text(
                label, at: SVGPoint(x: area.minX - Self.tickLength - 3, y: py),
                anchor: .end, verticalAlignment: .middle, fontSize: Self.tickFontSize, style: labelStyle)
        }
        let labelWidth = Self.estimatedWidth(yTicks.map(\.label), fontSize: Self.tickFontSize)
        let titleX = max(Self.titleFontSize, area.minX - Self.tickLength - 3 - labelWidth - 10)
        document.text(
            yTitle, at: SVGPoint(x: titleX, y: area.midY),
            anchor: .middle, verticalAlignment: .baseline, fontSize: Self.titleFontSize, rotation: -90, style: labelStyle)
    }

    /// Light grid lines at the tick positions; draw before the data.
    public func drawGrid(in document: inout SVGDocument, tickCount: Int = 6, color: String = "#e6e6e6") {
        let style = SVGStyle.stroke(color, width: 1)
        for value in NiceTicks(min: xRange.lowerBound, max: xRange.upperBound, count: tickCount).values {
            document.line(from: pixel(x: value, y: yRange.lowerBound), to: pixel(x: value, y: yRange.upperBound), style: style)
        }
        for value in NiceTicks(min: yRange.lowerBound, max: yRange.upperBound, count: tickCount).values {
            document.line(from: pixel(x: xRange.lowerBound, y: value), to: pixel(x: xRange.upperBound, y: value), style: style)
        }
    }

    /// A bold title centred above the area (make the frame with `title: true` to leave room).
    public func drawTitle(_ title: String, in document: inout SVGDocument) {
        document.text(
            title, at: SVGPoint(x: area.midX, y: area.minY - 10),
            anchor: .middle, fontSize: Self.titleFontSize + 1, style: .fill(Self.ink), bold: true)
    }

    /// Where `drawColorBar` puts the bar: a 14 px strip 16 px right of the area, as tall as it.
    public var colorBarArea: SVGRect {
        SVGRect(x: area.maxX + 16, y: area.minY, width: 14, height: area.height)
    }

    /// A vertical colour bar for `colorMap` over `range` (low at the bottom), with
    /// ticks and labels on its right and `title` rotated beside them.
    ///
    /// **Edge cases:** `range` is made usable as the axes' ranges are, so a
    /// constant field still gets a bar and labels.
    public func drawColorBar(
        in document: inout SVGDocument, colorMap: ColorMap, range: ClosedRange<Double>,
        title: String? = nil, tickCount: Int = 5
    ) {
        let bar = colorBarArea
        let range = Self.usable(range)
        let samples = 64
        let stops = (0...samples).map { i -> (offset: Double, color: String) in
            let t = Double(i) / Double(samples)
            return (t, colorMap.color(at: t).hex)
        }
        let paint = document.linearGradient(stops: stops, from: SVGPoint(x: 0, y: 1), to: SVGPoint(x: 0, y: 0))
        document.rect(bar, style: SVGStyle(fill: paint, stroke: Self.ink, strokeWidth: 1))

        let ticks = NiceTicks(min: range.lowerBound, max: range.upperBound, count: tickCount)
        let span = range.upperBound - range.lowerBound
        for value in ticks.values {
            let py = bar.maxY - (value - range.lowerBound) / span * bar.height
            document.line(from: SVGPoint(x: bar.maxX, y: py), to: SVGPoint(x: bar.maxX + 4, y: py), style: .stroke(Self.ink))
            document.text(
                ticks.label(value), at: SVGPoint(x: bar.maxX + 7, y: py),
                verticalAlignment: .middle, fontSize: Self.tickFontSize, style: .fill(Self.ink))
        }
        if let title {
            let labelWidth = Self.estimatedWidth(ticks.labels, fontSize: Self.tickFontSize)
            document.text(
                title, at: SVGPoint(x: bar.maxX + 7 + labelWidth + 8, y: bar.midY),
                anchor: .middle, verticalAlignment: .top, fontSize: Self.titleFontSize, rotation: -90,
                style: .fill(Self.ink))
        }
    }

    /// Tick positions and labels: `given` values labelled exactly, or nice ticks over `range`.
    static func ticks(_ given: [Double]?, _ range: ClosedRange<Double>, _ count: Int) -> [(value: Double, label: String)] {
        if let given { return given.map { ($0, exactLabel($0)) } }
        let nice = NiceTicks(min: range.lowerBound, max: range.upperBound, count: count)
        return nice.values.map { ($0, nice.label($0)) }
    }

    /// The shortest decimal that reads back as `v` (`2`, not `2.0`).
    static func exactLabel(_ v: Double) -> String {
        if v == v.rounded(), Swift.abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    /// A rough rendered width of the widest label: 0.6 em per character.
    static func estimatedWidth(_ labels: [String], fontSize: Double) -> Double {
        Double(labels.map(\.count).max() ?? 0) * 0.6 * fontSize
    }
}
