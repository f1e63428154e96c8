/// Builds the `d` attribute of an SVG `<path>` from points, such as contour lines.
///
/// **Edge cases:** a non-finite point is not drawn and breaks the line: the next
/// finite point starts a new subpath with `M`. So a contour through a region
/// where the function is NaN comes out as separate pieces, never as `nan` text.
public struct SVGPath: Sendable, Equatable {
    public private(set) var d = ""
    private var penDown = false

    public init() {}

    /// Starts a new subpath at `point`.
    public mutating func move(to point: SVGPoint) {
        guard point.isFinite else { penDown = false; return }
        append("M", point)
        penDown = true
    }

    /// Draws a straight segment to `point` (or starts a subpath there after a break).
    public mutating func line(to point: SVGPoint) {
        guard point.isFinite else { penDown = false; return }
        append(penDown ? "L" : "M", point)
        penDown = true
    }

    /// Closes the current subpath back to its start.
    public mutating func close() {
        guard penDown else { return }
        d += d.isEmpty ? "Z" : " Z"
        penDown = false
    }

    /// An open polyline through `points`, broken at non-finite ones.
    public mutating func addPolyline(_ points: [SVGPoint]) {
        penDown = false
        for point in points { line(to: point) }
    }

    public var isEmpty: Bool { d.isEmpty }

    private mutating func append(_ command: String, _ point: SVGPoint) {
        if !d.isEmpty { d += " " }
        d += "\(command)\(SVGNumber.format(point.x)),\(SVGNumber.format(point.y))"
    }
}
