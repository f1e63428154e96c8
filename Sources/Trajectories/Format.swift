import Foundation

/// Number formatting for messages and tables: short and stable.
enum Format {
    /// `value` with `digits` significant digits, trailing zeros dropped:
    /// 0.4213 → "0.4213", 12.0 → "12", 3.2e-7 → "3.2e-07". Non-finite values
    /// are "∞", "-∞" and "NaN".
    static func number(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value < 0 ? "-∞" : "∞" }
        if value == 0 { return "0" }
        let magnitude = Swift.abs(value)
        if magnitude >= 1e-4 && magnitude < 1e6 {
            let decimals = Swift.max(0, digits - 1 - Int(Foundation.floor(Foundation.log10(magnitude))))
            var text = String(format: "%.\(decimals)f", value)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            return text == "-0" ? "0" : text
        }
        return String(format: "%.\(Swift.max(0, digits - 1))g", value)
    }

    /// An angle in whole degrees: "47°".
    static func degrees(_ value: Double) -> String {
        "\(Int(value.rounded()))°"
    }
}
