/// A continuous colour scale: evenly spaced colour stops, linearly interpolated.
///
/// ```swift
/// ColorMap.viridis.color(at: 0).hex          // "#440154"
/// ColorMap.viridis.color(for: 3, in: 0...4)  // three quarters up the scale
/// ```
///
/// **Edge cases:** `t` below 0 or above 1 (including ±∞) is clamped to the
/// ends; NaN gets `invalidColor`, a neutral grey, so missing values stand out
/// without breaking the scale.
public struct ColorMap: Sendable, Equatable {
    public var name: String
    /// Colours at t = 0, 1/(n-1), …, 1. At least one.
    public var stops: [RGB]
    /// The colour for NaN.
    public var invalidColor = RGB(red: 0.75, green: 0.75, blue: 0.75)

    public init(name: String, stops: [RGB]) {
        precondition(!stops.isEmpty, "a colour map needs at least one stop")
        self.name = name
        self.stops = stops
    }

    /// The colour at `t` in 0…1, linearly interpolated between the two nearest stops.
    public func color(at t: Double) -> RGB {
        guard !t.isNaN else { return invalidColor }
        let position = min(max(t, 0), 1) * Double(stops.count - 1)
        let lower = Int(position.rounded(.down))
        guard lower < stops.count - 1 else { return stops[stops.count - 1] }
        return RGB.mix(stops[lower], stops[lower + 1], position - Double(lower))
    }

    /// The colour for `value` on a scale spanning `range`. A zero-width or
    /// non-finite range maps every finite value to the middle of the scale.
    public func color(for value: Double, in range: ClosedRange<Double>) -> RGB {
        guard !value.isNaN else { return invalidColor }
        let width = range.upperBound - range.lowerBound
        guard width > 0, width.isFinite else { return color(at: 0.5) }
        return color(at: (value - range.lowerBound) / width)
    }

    /// The same scale run the other way.
    public func reversed() -> ColorMap {
        var map = ColorMap(name: name + "_r", stops: stops.reversed())
        map.invalidColor = invalidColor
        return map
    }

    /// Viridis (van der Walt & Smith, CC0): perceptually uniform, colour-blind
    /// safe, readable in greyscale; from dark purple (low) to yellow (high).
    public static let viridis = ColorMap(name: "viridis", stops: viridisTable.map(RGB.init(hex:)))

    /// ColorBrewer's RdBu, 11 classes, blue for low, near-white at the middle,
    /// red for high: for signed quantities such as gradient errors. Use a range
    /// symmetric about zero so that zero is white.
    public static let diverging = ColorMap(
        name: "diverging",
        stops: [
            0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7,
            0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f,
        ].map(RGB.init(hex:)))
}
