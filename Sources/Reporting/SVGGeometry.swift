/// A point in SVG user units (pixels): x grows to the right, y grows downwards.
public struct SVGPoint: Sendable, Hashable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Whether both coordinates are finite; drawing calls skip points that are not.
    public var isFinite: Bool { x.isFinite && y.isFinite }
}

/// An axis-aligned rectangle in SVG user units, `origin` at its top-left corner.
public struct SVGRect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The rectangle spanned by two opposite corners, in either order.
    public init(corner a: SVGPoint, _ b: SVGPoint) {
        self.init(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(b.x - a.x), height: abs(b.y - a.y))
    }

    public var minX: Double { x }
    public var maxX: Double { x + width }
    public var minY: Double { y }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }

    /// Whether all four numbers are finite; drawing calls skip rectangles that are not.
    public var isFinite: Bool { x.isFinite && y.isFinite && width.isFinite && height.isFinite }
}
