/// The values one variable takes along a sweep dimension, computed when read.
///
/// A `start:stop:count` axis stores three numbers, not `count` values, so an
/// axis of 4·10⁹ values costs nothing until a block reads its slice, and the
/// grid's size can be checked before anything is allocated. Value `i` is
/// NumPy's `linspace(start, stop, count)[i]`, bit for bit:
/// `Double(i) * step + start` with `step = (stop - start) / (count - 1)`,
/// the last value being `stop` itself and a one-value axis `[start]`.
///
/// **Edge cases:** `stop - start` must be finite (``AxisSpecification``
/// refuses a span that overflows); values are then finite and, for `count > 1`,
/// run from `start` to `stop` without leaving that interval by more than
/// rounding.
public struct SweepAxis: RandomAccessCollection, Sendable, Codable, Hashable {
    enum Storage: Sendable, Codable, Hashable {
        case list([Double])
        case linspace(start: Double, stop: Double, count: Int)
    }

    var storage: Storage
    /// `(stop - start) / (count - 1)` for a `linspace` axis, unused for a list.
    let step: Double

    /// The values `values`, in the order given.
    public init(_ values: [Double]) {
        storage = .list(values)
        step = 0
    }

    /// `count` evenly spaced values from `start` to `stop` inclusive, as NumPy's `linspace`.
    public static func linspace(_ start: Double, _ stop: Double, _ count: Int) -> SweepAxis {
        precondition(count >= 1, "a linspace axis needs at least one value")
        return SweepAxis(storage: .linspace(start: start, stop: stop, count: count),
                         step: count > 1 ? (stop - start) / Double(count - 1) : 0)
    }

    init(storage: Storage, step: Double) {
        self.storage = storage
        self.step = step
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .list(let values): values.count
        case .linspace(_, _, let count): count
        }
    }

    public subscript(i: Int) -> Double {
        switch storage {
        case .list(let values):
            return values[i]
        case .linspace(let start, let stop, let count):
            precondition(i >= 0 && i < count, "axis index \(i) out of range 0..<\(count)")
            return i == count - 1 && count > 1 ? stop : Double(i) * step + start
        }
    }

    /// Whether the values are known to be evenly spaced without reading them (a `linspace` axis).
    public var isEvenlySpaced: Bool {
        if case .linspace = storage { return true }
        return false
    }

    public static func == (a: SweepAxis, b: SweepAxis) -> Bool {
        if a.storage == b.storage { return true }
        return a.count == b.count && a.elementsEqual(b)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        if let first { hasher.combine(first) }
    }
}

extension SweepAxis: ExpressibleByArrayLiteral {
    public init(arrayLiteral values: Double...) { self.init(values) }
}
