/// An sRGB colour with components in 0…1.
public struct RGB: Sendable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double

    /// Components are clamped to 0…1; a NaN component becomes 0.
    public init(red: Double, green: Double, blue: Double) {
        func clamp(_ c: Double) -> Double { c.isNaN ? 0 : min(max(c, 0), 1) }
        self.red = clamp(red)
        self.green = clamp(green)
        self.blue = clamp(blue)
    }

    /// From a 24-bit `0xRRGGBB` value.
    public init(hex: UInt32) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255,
            green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255)
    }

    /// `#rrggbb`, lowercase, each component rounded to the nearest of 256 levels.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var out = "#"
        for component in [red, green, blue] {
            let byte = Int((component * 255).rounded())
            out.append(digits[byte / 16])
            out.append(digits[byte % 16])
        }
        return out
    }

    /// The colour a fraction `t` (0…1) of the way from `a` to `b`, interpolated in sRGB.
    public static func mix(_ a: RGB, _ b: RGB, _ t: Double) -> RGB {
        RGB(
            red: a.red + (b.red - a.red) * t,
            green: a.green + (b.green - a.green) * t,
            blue: a.blue + (b.blue - a.blue) * t)
    }

    public static let white = RGB(red: 1, green: 1, blue: 1)
    public static let black = RGB(red: 0, green: 0, blue: 0)
}
