/// A number as people write one on the command line or in a CSV file:
/// `[+-]digits[.digits][e[+-]digits]` (or `.5`, `5.`), nothing else.
///
/// Swift's `Double(_:)` also accepts hexadecimal (`0x10` is 16), `inf`,
/// `nan` and `infinity`: a grid given as `--x 0x10` would silently become 16.
/// These parse here as `nil`, so that the caller can name the text.
public enum DecimalLiteral {
    /// The value of `text` (no surrounding whitespace), correctly rounded,
    /// or `nil` when it is not a decimal literal. Overflow gives ±infinity,
    /// which callers reject as not finite.
    public static func parse(_ text: some StringProtocol) -> Double? {
        var digitsBefore = 0, digitsAfter = 0, sawPoint = false, exponentDigits = 0, sawExponent = false
        var previous: UInt8?
        for c in text.utf8 {
            defer { previous = c }
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawExponent { exponentDigits += 1 } else if sawPoint { digitsAfter += 1 } else { digitsBefore += 1 }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                // A sign only at the start or right after the exponent's e.
                guard previous == nil || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return nil }
            case UInt8(ascii: "."):
                guard !sawPoint, !sawExponent else { return nil }
                sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard !sawExponent, digitsBefore + digitsAfter > 0 else { return nil }
                sawExponent = true
            default:
                return nil
            }
        }
        guard digitsBefore + digitsAfter > 0, !sawExponent || exponentDigits > 0 else { return nil }
        return Double(String(text))
    }
}

extension DecimalLiteral {
    /// Why `text` is not a usable value.
    public enum Problem: Error, Sendable, Equatable {
        /// Not a number at all (`one`, `1_0`).
        case notANumber
        /// A number Swift would read, but not in decimal (`0x10`).
        case notDecimal
        /// `inf`, `nan`, or a decimal beyond the double range (`1e999`).
        case notFinite

        /// The end of a sentence that starts with the text: "is not a number".
        public var phrase: String {
            switch self {
            case .notANumber: "is not a number"
            case .notDecimal: "is not a decimal number (hexadecimal is not accepted)"
            case .notFinite: "is not a finite number"
            }
        }
    }

    /// The finite value of decimal literal `text`, or why there is none.
    public static func finiteValue(_ text: some StringProtocol) throws(Problem) -> Double {
        if let v = parse(text) {
            guard v.isFinite else { throw .notFinite }
            return v
        }
        guard let v = Double(String(text)) else { throw .notANumber }
        throw v.isFinite ? .notDecimal : .notFinite
    }
}
