/// A standalone SVG 1.1 document built as a value: append shapes, then `render()`.
///
/// ```swift
/// var svg = SVGDocument(width: 320, height: 200, title: "loss surface")
/// svg.rect(SVGRect(x: 10, y: 10, width: 50, height: 30), style: .fill(ColorMap.viridis.color(at: 0.3).hex))
/// svg.text("w₁", at: SVGPoint(x: 160, y: 190), anchor: .middle)
/// try AtomicFile.write(svg.render(), to: "out/surface.svg")
/// ```
///
/// Coordinates are pixels with y growing downwards (`PlotFrame` maps data to them).
/// All text is XML-escaped.
///
/// **Edge cases:** shapes with a non-finite coordinate or size are skipped;
/// polylines are split at non-finite points; `path(d:)` skips a `d` that
/// mentions `nan` or `inf`. A rendered document never contains `nan`.
public struct SVGDocument: Sendable {
    public enum TextAnchor: String, Sendable { case start, middle, end }

    /// Where the text's `at` point sits vertically: on the baseline, at the middle
    /// of lowercase/digit height, or at the top of capitals.
    public enum VerticalAlignment: Sendable { case baseline, middle, top }

    public var width: Double
    public var height: Double
    /// The document's `<title>`, shown by viewers as a tooltip and read by screen readers.
    public var title: String?
    /// Painted behind everything; `nil` leaves the canvas transparent.
    public var background: String? = "white"
    public var fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

    /// The body elements rendered so far, one string each, in painting order.
    public private(set) var elements: [String] = []
    private var definitions: [String] = []
    private var markerIDs: [String: String] = [:]
    private var nextID = 0

    public init(width: Double, height: Double, title: String? = nil) {
        self.width = width.isFinite ? max(0, width) : 0
        self.height = height.isFinite ? max(0, height) : 0
        self.title = title
    }

    // MARK: Shapes

    public mutating func rect(_ r: SVGRect, style: SVGStyle = SVGStyle(), cornerRadius: Double = 0) {
        guard r.isFinite else { return }
        let box = SVGRect(corner: SVGPoint(x: r.minX, y: r.minY), SVGPoint(x: r.maxX, y: r.maxY))
        var attributes = "x=\"\(n(box.x))\" y=\"\(n(box.y))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\""
        if cornerRadius > 0, cornerRadius.isFinite { attributes += " rx=\"\(n(cornerRadius))\"" }
        elements.append("<rect \(attributes)\(style.attributes())/>")
    }

    public mutating func line(from a: SVGPoint, to b: SVGPoint, style: SVGStyle = .stroke("black")) {
        guard a.isFinite, b.isFinite else { return }
        let attributes = "x1=\"\(n(a.x))\" y1=\"\(n(a.y))\" x2=\"\(n(b.x))\" y2=\"\(n(b.y))\""
        elements.append("<line \(attributes)\(style.attributes(defaultFill: "none"))/>")
    }

    /// An open line through `points`; a non-finite point splits it into separate polylines.
    public mutating func polyline(_ points: [SVGPoint], style: SVGStyle = .stroke("black")) {
        for run in points.split(whereSeparator: { !$0.isFinite }) where run.count >= 2 {
            elements.append("<polyline points=\"\(pointList(run))\"\(style.attributes(defaultFill: "none"))/>")
        }
    }

    /// A closed shape through `points`; non-finite points are dropped.
    public mutating func polygon(_ points: [SVGPoint], style: SVGStyle = SVGStyle()) {
        let finite = points.filter(\.isFinite)
        guard finite.count >= 3 else { return }
        elements.append("<polygon points=\"\(pointList(finite[...]))\"\(style.attributes())/>")
    }

    public mutating func circle(center: SVGPoint, radius: Double, style: SVGStyle = SVGStyle()) {
        guard center.isFinite, radius.isFinite, radius >= 0 else { return }
        elements.append("<circle cx=\"\(n(center.x))\" cy=\"\(n(center.y))\" r=\"\(n(radius))\"\(style.attributes())/>")
    }

    /// A path from a ready-made `d` attribute; skipped when `d` is empty or holds `nan`/`inf`.
    public mutating func path(d: String, style: SVGStyle = .stroke("black")) {
        let lowered = d.lowercased()
        guard !d.isEmpty, !lowered.contains("nan"), !lowered.contains("inf") else { return }
        elements.append("<path d=\"\(XMLEscaping.attribute(d))\"\(style.attributes(defaultFill: "none"))/>")
    }

    public mutating func path(_ path: SVGPath, style: SVGStyle = .stroke("black")) {
        self.path(d: path.d, style: style)
    }

    /// Text at `point`, optionally rotated by `rotation` degrees (clockwise) about that point.
    public mutating func text(
        _ string: String,
        at point: SVGPoint,
        anchor: TextAnchor = .start,
        verticalAlignment: VerticalAlignment = .baseline,
        fontSize: Double = 12,
        rotation: Double = 0,
        style: SVGStyle = SVGStyle(),
        bold: Bool = false
    ) {
        guard point.isFinite, fontSize.isFinite, rotation.isFinite, !string.isEmpty else { return }
        // Shifting along the rotated y axis keeps alignment right for rotated labels too.
        let shift = switch verticalAlignment {
        case .baseline: 0.0
        case .middle: 0.35 * fontSize
        case .top: 0.75 * fontSize
        }
        var attributes = "x=\"\(n(point.x))\" y=\"\(n(point.y))\""
        if shift != 0 { attributes += " dy=\"\(n(shift))\"" }
        attributes += " font-size=\"\(n(fontSize))\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if rotation != 0 { attributes += " transform=\"rotate(\(n(rotation)) \(n(point.x)) \(n(point.y)))\"" }
        elements.append("<text \(attributes)\(style.attributes())>\(XMLEscaping.text(string))</text>")
    }

    /// A straight arrow from `a` to `b` with a filled head at `b`, e.g. a gradient step.
    public mutating func arrow(from a: SVGPoint, to b: SVGPoint, color: String = "black", width: Double = 1.5) {
        guard a.isFinite, b.isFinite, a != b else { return }
        let marker = arrowhead(color: color)
        let style = SVGStyle(fill: "none", stroke: color, strokeWidth: width)
        let attributes = "x1=\"\(n(a.x))\" y1=\"\(n(a.y))\" x2=\"\(n(b.x))\" y2=\"\(n(b.y))\""
        elements.append("<line \(attributes)\(style.attributes()) marker-end=\"url(#\(marker))\"/>")
    }

    // MARK: Structure

    /// Draws what `body` adds inside a `<g>`, with an optional `transform`
    /// (e.g. `"translate(10 20)"`) and an optional clip rectangle.
    public mutating func group(transform: String? = nil, clip: SVGRect? = nil, _ body: (inout SVGDocument) -> Void) {
        var inner = self
        inner.elements = []
        body(&inner)
        definitions = inner.definitions
        markerIDs = inner.markerIDs
        nextID = inner.nextID
        var attributes = ""
        if let transform { attributes += " transform=\"\(XMLEscaping.attribute(transform))\"" }
        if let clip, clip.isFinite {
            let id = makeID("clip")
            let box = "x=\"\(n(clip.x))\" y=\"\(n(clip.y))\" width=\"\(n(clip.width))\" height=\"\(n(clip.height))\""
            definitions.append("<clipPath id=\"\(id)\"><rect \(box)/></clipPath>")
            attributes += " clip-path=\"url(#\(id))\""
        }
        elements.append("<g\(attributes)>")
        elements += inner.elements.map { "  " + $0 }
        elements.append("</g>")
    }

    /// Defines a linear gradient and returns the paint to use as a fill, `url(#id)`.
    ///
    /// `from` and `to` are in the filled shape's bounding-box units (0…1), e.g.
    /// bottom-to-top is `from: (0, 1), to: (0, 0)`. Offsets are clamped to 0…1.
    public mutating func linearGradient(
        stops: [(offset: Double, color: String)],
        from: SVGPoint = SVGPoint(x: 0, y: 0),
        to: SVGPoint = SVGPoint(x: 1, y: 0)
    ) -> String {
        let id = makeID("gradient")
        let ends = [from, to].allSatisfy(\.isFinite) ? (from, to) : (SVGPoint(x: 0, y: 0), SVGPoint(x: 1, y: 0))
        var definition = "<linearGradient id=\"\(id)\" x1=\"\(n(ends.0.x))\" y1=\"\(n(ends.0.y))\" "
            + "x2=\"\(n(ends.1.x))\" y2=\"\(n(ends.1.y))\">"
        for stop in stops where stop.offset.isFinite {
            let offset = min(max(stop.offset, 0), 1)
            definition += "<stop offset=\"\(SVGNumber.format(offset * 100))%\" stop-color=\"\(XMLEscaping.attribute(stop.color))\"/>"
        }
        definitions.append(definition + "</linearGradient>")
        return "url(#\(id))"
    }

    /// An indexed-colour image stretched over `r`, each pixel drawn as a
    /// sharp block (`image-rendering`: `pixelated` where supported, else
    /// `optimizeSpeed`), embedded as a `data:` URI.
    public mutating func image(_ r: SVGRect, png: PNGImage) {
        elements.append("<image x=\"\(n(r.x))\" y=\"\(n(r.y))\" width=\"\(n(r.width))\" height=\"\(n(r.height))\" "
            + "preserveAspectRatio=\"none\" image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\" "
            + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"\(png.dataURI)\"/>")
    }

    /// Appends a ready-made element such as `<image …/>`; the caller is responsible for its escaping.
    public mutating func raw(_ element: String) {
        elements.append(element)
    }

    // MARK: Output

    /// The complete document: XML declaration, `<svg>` root with `xmlns`, title,
    /// definitions, background, then the elements in the order they were added.
    public func render() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
            + "width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
            + "font-family=\"\(XMLEscaping.attribute(fontFamily))\">\n"
        if let title { out += "  <title>\(XMLEscaping.text(title))</title>\n" }
        if !definitions.isEmpty {
            out += "  <defs>\n" + definitions.map { "    \($0)\n" }.joined() + "  </defs>\n"
        }
        if let background {
            out += "  <rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" "
                + "fill=\"\(XMLEscaping.attribute(background))\"/>\n"
        }
        out += elements.map { "  \($0)\n" }.joined()
        return out + "</svg>\n"
    }

    // MARK: Helpers

    private mutating func makeID(_ prefix: String) -> String {
        nextID += 1
        return "\(prefix)\(nextID)"
    }

    /// One arrowhead marker per colour, defined on first use.
    private mutating func arrowhead(color: String) -> String {
        if let id = markerIDs[color] { return id }
        let id = makeID("arrowhead")
        markerIDs[color] = id
        definitions.append(
            "<marker id=\"\(id)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 Z\" fill=\"\(XMLEscaping.attribute(color))\"/></marker>")
        return id
    }

    private func pointList(_ points: ArraySlice<SVGPoint>) -> String {
        points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
    }

    private func n(_ value: Double) -> String { SVGNumber.format(value) }
}
