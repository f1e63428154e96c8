/// Maps data coordinates to pixels for one rectangular plot area, and draws its
/// axes and colour bar (see `PlotFrame+Axes.swift`).
///
/// ```swift
/// let frame = PlotFrame(width: 640, height: 480, xRange: -2...2, yRange: -1...3, colorBar: true)
/// var svg = SVGDocument(width: 640, height: 480)
/// frame.clipped(in: &svg) { svg in
///     svg.rect(frame.rect(x: 0...0.1, y: 0...0.1), style: .cell(ColorMap.viridis.color(at: 0.4).hex))
/// }
/// frame.drawAxes(in: &svg, xTitle: "w₁", yTitle: "w₂")
/// frame.drawColorBar(in: &svg, colorMap: .viridis, range: 0...1, title: "loss")
/// ```
///
/// y grows upwards in data and downwards in pixels; the mapping flips it.
///
/// **Edge cases:** a non-finite range (or one whose width overflows) becomes 0…1 and a zero-width range is
/// widened by 10% of its magnitude (by 1 at zero), so the mapping is always
/// finite for finite input. Non-finite data map to non-finite pixels, which
/// `SVGDocument` skips.
public struct PlotFrame: Sendable {
    /// The plotting area in pixels; axes are drawn on its edges.
    public var area: SVGRect
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>

    /// Margins around the plotting area used by the layout initialiser, in pixels.
    public static let leftMargin = 72.0
    public static let bottomMargin = 52.0
    public static let topMargin = 16.0
    public static let titleHeight = 24.0
    public static let rightMargin = 20.0
    /// Room to the right of the area for the colour bar, its labels and its title.
    public static let colorBarMargin = 112.0

    public init(area: SVGRect, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.area = area
        self.xRange = Self.usable(xRange)
        self.yRange = Self.usable(yRange)
    }

    /// A frame filling a `width` × `height` canvas less the standard margins,
    /// leaving room for a colour bar and a title line when asked.
    public init(
        width: Double, height: Double,
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
        colorBar: Bool = false, title: Bool = false
    ) {
        let top = Self.topMargin + (title ? Self.titleHeight : 0)
        let right = colorBar ? Self.colorBarMargin : Self.rightMargin
        let area = SVGRect(
            x: Self.leftMargin, y: top,
            width: max(1, width - Self.leftMargin - right),
            height: max(1, height - top - Self.bottomMargin))
        self.init(area: area, xRange: xRange, yRange: yRange)
    }

    /// The pixel x of data value `x`.
    public func pixelX(_ x: Double) -> Double {
        area.minX + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * area.width
    }

    /// The pixel y of data value `y` (larger `y` is higher on the page).
    public func pixelY(_ y: Double) -> Double {
        area.maxY - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * area.height
    }

    public func pixel(x: Double, y: Double) -> SVGPoint {
        SVGPoint(x: pixelX(x), y: pixelY(y))
    }

    /// The data point under pixel `point`, the inverse of `pixel(x:y:)`.
    public func dataPoint(at point: SVGPoint) -> (x: Double, y: Double) {
        let x = xRange.lowerBound + (point.x - area.minX) / area.width * (xRange.upperBound - xRange.lowerBound)
        let y = yRange.lowerBound + (area.maxY - point.y) / area.height * (yRange.upperBound - yRange.lowerBound)
        return (x, y)
    }

    /// The pixel rectangle covering a data rectangle, such as one heatmap cell.
    public func rect(x: ClosedRange<Double>, y: ClosedRange<Double>) -> SVGRect {
        SVGRect(corner: pixel(x: x.lowerBound, y: y.lowerBound), pixel(x: x.upperBound, y: y.upperBound))
    }

    /// Whether a data point lies inside the ranges (edges included).
    public func contains(x: Double, y: Double) -> Bool {
        xRange.contains(x) && yRange.contains(y)
    }

    /// Draws what `body` adds clipped to the plotting area, so lines and cells
    /// that run past the ranges do not spill over the axes.
    public func clipped(in document: inout SVGDocument, _ body: (inout SVGDocument) -> Void) {
        document.group(clip: area, body)
    }

    /// `range` made finite and of non-zero width (see the type's edge cases).
    static func usable(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        let width = range.upperBound - range.lowerBound
        guard range.lowerBound.isFinite, range.upperBound.isFinite, width.isFinite else { return 0...1 }
        guard range.lowerBound == range.upperBound else { return range }
        let pad = range.lowerBound == 0 ? 1 : abs(range.lowerBound) * 0.1
        return (range.lowerBound - pad)...(range.upperBound + pad)
    }
}
