import Foundation

/// Axis ticks at "nice" numbers (1, 2 or 5 times a power of ten), after
/// Heckbert, "Nice numbers for graph labels", Graphics Gems (1990).
///
/// ```swift
/// let ticks = NiceTicks(min: -0.73, max: 2.2, count: 6)
/// ticks.step     // 0.5
/// ticks.values   // [-0.5, 0, 0.5, 1, 1.5, 2]
/// ticks.labels   // ["-0.5", "0", "0.5", "1", "1.5", "2"]
/// ticks.niceRange // -1...2.5, for callers that widen the axis to whole ticks
/// ```
///
/// The step is `niceNumber((max - min) / (count - 1), round: true)`, so the
/// number of ticks is near `count`, not exactly `count`. Heckbert first rounds
/// the range up to a nice number and divides that; this suits "loose" axes that
/// are widened to whole ticks, but inside a fixed data range it often leaves
/// only two or three ticks (0…3×10⁵ with 4 asked gets 0 and 2×10⁵), so the raw
/// step is rounded directly, as d3 and matplotlib do.
///
/// **Edge cases:** `min > max` is swapped. A zero-width range is widened by
/// 10% of its magnitude on each side (by 1 at zero). A non-finite bound, or a
/// range too wide for its width to be finite, gives no ticks, `step` 1 and
/// `niceRange` 0…1. `count` is capped at `maximumCount`.
public struct NiceTicks: Sendable, Equatable {
    /// The distance between ticks.
    public let step: Double
    /// Tick positions inside the requested range, ascending, as exact multiples of `step`.
    public let values: [Double]
    /// The requested range rounded outwards to multiples of `step`.
    public let niceRange: ClosedRange<Double>
    /// Whether `labels` use exponent notation (largest tick ≥ 10⁵ or < 10⁻³).
    public let scientific: Bool

    /// The most ticks asked for that is honoured; larger counts are capped.
    public static let maximumCount = 1000

    public init(min lower: Double, max upper: Double, count: Int = 6) {
        guard lower.isFinite, upper.isFinite, (upper - lower).isFinite else {
            (step, values, niceRange, scientific) = (1, [], 0...1, false)
            return
        }
        var (low, high) = (Swift.min(lower, upper), Swift.max(lower, upper))
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let intervals = Double(Swift.min(Swift.max(2, count), Self.maximumCount) - 1)
        let step = Self.niceNumber((high - low) / intervals, round: true)
        let decimals = Swift.max(0, -Int((log10(step)).rounded(.down)))
        // A millionth of a step of slack, so 0.3 / 0.1 = 2.9999999999999996 still counts as 3.
        let slack = 1e-6
        let first = (low / step - slack).rounded(.up)
        let last = (high / step + slack).rounded(.down)
        // Exact multiples, then rounded to the step's decimals: 3 × 0.1 is 0.3, not 0.30000000000000004.
        let values = first <= last ? stride(from: first, through: last, by: 1).map { Self.clean($0 * step, decimals) } : []
        self.step = step
        self.values = values
        self.niceRange = Self.clean((low / step + slack).rounded(.down) * step, decimals)
            ... Self.clean((high / step - slack).rounded(.up) * step, decimals)
        let largest = values.map(abs).max() ?? 0
        self.scientific = largest >= 1e5 || (largest > 0 && largest < 1e-3)
    }

    /// Short text for every tick in `values`.
    public var labels: [String] { values.map(label) }

    /// Short text for `value` in this tick set's style: `0`, `0.5`, `-4`, `1e-6`, `2.5e5`.
    public func label(_ value: Double) -> String {
        Self.label(value, step: step, scientific: scientific)
    }

    /// Heckbert's nice number near `x` (> 0): 1, 2, 5 or 10 times a power of ten,
    /// the nearest when `round` is true, otherwise the smallest not below `x`.
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = log10(x).rounded(.down)
        let fraction = x / pow(10, exponent)
        let nice: Double = if round {
            fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        // Dividing by an exact power of ten keeps 5e-6 from becoming 4.9999999999999996e-06.
        return exponent < 0 ? nice / pow(10, -exponent) : nice * pow(10, exponent)
    }

    /// `value` written with just the digits that `step` resolves, trailing zeros dropped.
    ///
    /// With `scientific` true the form is `<mantissa>e<exponent>` (`1e-6`, `-2.5e5`);
    /// when it is `nil`, exponent form is used for magnitudes ≥ 10⁵ or < 10⁻³.
    /// A value within a millionth of a step of zero is `0`, never `-0`.
    /// **Edge cases:** NaN is the empty string, infinities are `∞` and `-∞`.
    public static func label(_ value: Double, step: Double, scientific: Bool? = nil) -> String {
        if value.isNaN { return "" }
        if value.isInfinite { return value < 0 ? "-∞" : "∞" }
        let step = step.isFinite && step > 0 ? step : Swift.max(abs(value), 1) * 1e-3
        if abs(value) < step * 1e-6 { return "0" }
        let magnitude = abs(value)
        let stepExponent = Int(log10(step).rounded(.down))
        guard scientific ?? (magnitude >= 1e5 || magnitude < 1e-3) else {
            return trimmed(String(format: "%.*f", Swift.max(0, -stepExponent), value))
        }
        var exponent = Int(log10(magnitude).rounded(.down))
        var digits = Swift.min(15, Swift.max(0, exponent - stepExponent))
        var mantissa = trimmed(String(format: "%.*f", digits, value / pow(10, Double(exponent))))
        if abs(Double(mantissa) ?? 0) >= 10 {  // 9.99… rounded up to 10
            exponent += 1
            digits = Swift.max(0, digits - 1)
            mantissa = trimmed(String(format: "%.*f", digits, value / pow(10, Double(exponent))))
        }
        return "\(mantissa)e\(exponent)"
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text == "-0" ? "0" : text }
        var text = Substring(text)
        while text.hasSuffix("0") { text = text.dropLast() }
        if text.hasSuffix(".") { text = text.dropLast() }
        return text == "-0" ? "0" : String(text)
    }

    private static func clean(_ value: Double, _ decimals: Int) -> Double {
        guard decimals > 0, decimals < 300 else { return value == 0 ? 0 : value }
        let scale = pow(10, Double(decimals))
        let cleaned = (value * scale).rounded() / scale
        return cleaned == 0 ? 0 : cleaned
    }
}
