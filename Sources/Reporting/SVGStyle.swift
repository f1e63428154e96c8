/// Presentation attributes for one SVG element. `nil` leaves the attribute out
/// (SVG's default applies), except that open shapes (`line`, `polyline`,
/// `path`) get `fill="none"` unless a fill is given.
public struct SVGStyle: Sendable, Equatable {
    public var fill: String?
    public var stroke: String?
    public var strokeWidth: Double?
    public var opacity: Double?
    /// Dash and gap lengths, e.g. `[4, 2]`.
    public var dash: [Double]?
    /// `butt`, `round` or `square`.
    public var lineCap: String?
    /// `miter`, `round` or `bevel`.
    public var lineJoin: String?
    /// Turns off anti-aliasing (`shape-rendering="crispEdges"`): use it for
    /// heatmap cells, which otherwise show hairline seams between neighbours.
    public var crispEdges: Bool

    public init(
        fill: String? = nil,
        stroke: String? = nil,
        strokeWidth: Double? = nil,
        opacity: Double? = nil,
        dash: [Double]? = nil,
        lineCap: String? = nil,
        lineJoin: String? = nil,
        crispEdges: Bool = false
    ) {
        self.fill = fill
        self.stroke = stroke
        self.strokeWidth = strokeWidth
        self.opacity = opacity
        self.dash = dash
        self.lineCap = lineCap
        self.lineJoin = lineJoin
        self.crispEdges = crispEdges
    }

    /// A stroked outline with no fill.
    public static func stroke(_ color: String, width: Double = 1) -> SVGStyle {
        SVGStyle(fill: "none", stroke: color, strokeWidth: width)
    }

    /// A filled shape with no outline.
    public static func fill(_ color: String) -> SVGStyle {
        SVGStyle(fill: color)
    }

    /// A filled cell with no outline and no anti-aliasing, for heatmaps.
    public static func cell(_ color: String) -> SVGStyle {
        SVGStyle(fill: color, crispEdges: true)
    }

    /// The attributes as ` name="value"` pairs, each with a leading space.
    func attributes(defaultFill: String? = nil) -> String {
        var out = ""
        func add(_ name: String, _ value: String?) {
            if let value { out += " \(name)=\"\(XMLEscaping.attribute(value))\"" }
        }
        func add(_ name: String, _ value: Double?) {
            if let value, value.isFinite { add(name, SVGNumber.format(value)) }
        }
        add("fill", fill ?? defaultFill)
        add("stroke", stroke)
        add("stroke-width", strokeWidth)
        add("opacity", opacity)
        if let dash, !dash.isEmpty, dash.allSatisfy(\.isFinite) {
            add("stroke-dasharray", dash.map(SVGNumber.format).joined(separator: " "))
        }
        add("stroke-linecap", lineCap)
        add("stroke-linejoin", lineJoin)
        if crispEdges { add("shape-rendering", "crispEdges") }
        return out
    }
}
