import NetworkModel
import Reporting

/// The values one sweep axis takes, parsed from the command line.
///
/// Three forms, as in `--x -4:4:400 --y 0,1 --w2 0.5`:
/// - `start:stop:count`: `count` evenly spaced values from `start` to `stop`
///   inclusive, computed exactly as NumPy's `linspace` does
///   (`start + i * ((stop - start) / (count - 1))`, the last value set to `stop`),
///   when read: the axis holds three numbers, not `count` values (``SweepAxis``);
/// - a comma-separated list of values, in the order given;
/// - a single value.
///
/// **Edge cases:** `count = 1` gives `[start]`; `start > stop` gives a
/// descending axis; a count below 1, a non-integer count, a value that is
/// not a finite number, or a span `stop - start` that overflows (as in
/// `-1e308:1e308:5`, whose values would be NaN and infinite) is an
/// ``InputError`` naming the axis.
public enum AxisSpecification {
    /// The largest count one axis may have (the whole grid is limited separately).
    public static let maximumCount = 1 << 40

    /// Parses `text`, the values of the axis named `name`.
    public static func values(_ text: String, axis name: String) throws(InputError) -> SweepAxis {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw InputError("axis '\(name)' is empty: give start:stop:count, a list a,b,c or a value") }
        if trimmed.contains(":") { return try range(trimmed, axis: name) }
        let items = trimmed.split(separator: ",", omittingEmptySubsequences: false)
        var result: [Double] = []
        result.reserveCapacity(items.count)
        for item in items { result.append(try number(String(item), axis: name, text: trimmed)) }
        return SweepAxis(result)
    }

    static func range(_ text: String, axis name: String) throws(InputError) -> SweepAxis {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
        guard parts.count == 3 else {
            throw InputError("axis '\(name)': '\(text)' is not start:stop:count (found \(parts.count) fields)")
        }
        let start = try number(parts[0], axis: name, text: text)
        let stop = try number(parts[1], axis: name, text: text)
        // A whole number, also in exponent notation (1e6 points).
        let written = Double(parts[2])
        guard let count = Int(parts[2]) ?? written.flatMap({ $0.isFinite && $0 == $0.rounded() && Swift.abs($0) <= 0x1p62 ? Int($0) : nil })
        else {
            let digits = parts[2].hasPrefix("+") ? parts[2].dropFirst() : Substring(parts[2])
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) || (written.map { $0.isFinite && $0 == $0.rounded() } ?? false) {
                throw InputError("axis '\(name)': the count \(parts[2]) in '\(text)' is too large (at most 2^40)")
            }
            throw InputError("axis '\(name)': the count '\(parts[2])' in '\(text)' is not a whole number")
        }
        guard count >= 1 else { throw InputError("axis '\(name)': the count in '\(text)' must be at least 1 (found \(count))") }
        guard count <= maximumCount else { throw InputError("axis '\(name)': the count \(count) in '\(text)' is too large (at most 2^40)") }
        guard (stop - start).isFinite else {
            throw InputError("axis '\(name)': the span of '\(text)', \(stop) - \(start), overflows a double, so its values would be infinite or NaN; sweep a narrower range")
        }
        return .linspace(start, stop, count)
    }

    /// NumPy's `linspace(start, stop, count)`, bit for bit, as an array (``SweepAxis/linspace(_:_:_:)`` computes the values).
    public static func linspace(_ start: Double, _ stop: Double, _ count: Int) -> [Double] {
        Array(SweepAxis.linspace(start, stop, count))
    }

    static func number(_ text: String, axis name: String, text whole: String) throws(InputError) -> Double {
        let t = text.trimmingWhitespace
        if t.isEmpty { throw InputError("axis '\(name)': empty value in '\(whole)'") }
        do {
            return try DecimalLiteral.finiteValue(t)
        } catch {
            throw InputError("axis '\(name)': '\(t)'\(t == whole ? "" : " in '\(whole)'") \(error.phrase)")
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
