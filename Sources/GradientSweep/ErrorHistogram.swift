/// Counts of relative errors by decade: a histogram of `log10(relative error)`.
///
/// Bins, with edges `1e-16, 1e-15, …, 1e1` (exact `Double` powers of ten):
/// bin 0 holds errors below `1e-16` (including 0), bin `i` (1…17) holds
/// `10^(i-17) <= r < 10^(i-16)`, and the last bin holds `r >= 10` (including
/// infinity, an error where the estimate is exactly 0). Counts are integers,
/// so histograms merge exactly in any order.
public struct ErrorHistogram: Sendable, Equatable, Codable {
    /// The lower edge of bin 1 is `10^lowestExponent`.
    public static let lowestExponent = -16
    /// The lower edge of the last bin is `10^highestExponent`.
    public static let highestExponent = 1
    /// `1e-16 … 1e1`, parsed from decimal so each is the correctly rounded power.
    public static let edges: [Double] = (lowestExponent...highestExponent).map { Double("1e\($0)")! }

    public var counts: [Int]

    public init() { counts = Array(repeating: 0, count: Self.edges.count + 1) }

    /// The bin of relative error `r` (not NaN): the number of edges `<= r`.
    @inlinable public static func bin(of r: Double) -> Int {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid] <= r { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public mutating func add(_ r: Double) { counts[Self.bin(of: r)] += 1 }

    /// Per biased binary exponent `E` of a non-negative `r`: the number of
    /// edges below the binade `[2^(E-1023), 2^(E-1022))`. Each binade holds at
    /// most one edge (they are a factor 10 apart), so
    /// `bin(r) = binadeBase[E] + (r >= binadeEdge[E] ? 1 : 0)`, with
    /// `binadeEdge[E]` NaN where the binade holds none. Two loads and a
    /// compare instead of a search, for the exam network's evaluator.
    static let binadeBase: [UInt8] = (0..<2048).map { e in
        UInt8(edges.filter { $0 < binadeLower(e) }.count)
    }
    static let binadeEdge: [Double] = (0..<2048).map { e in
        edges.first { $0 >= binadeLower(e) && (e == 2047 || $0 < binadeLower(e + 1)) } ?? .nan
    }

    private static func binadeLower(_ e: Int) -> Double {
        e == 0 ? 0 : Double(sign: .plus, exponent: e - 1023, significand: 1)
    }

    public mutating func merge(_ other: ErrorHistogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
    }

    /// A label for bin `i`, e.g. `[1e-12, 1e-11)`.
    public static func label(ofBin i: Int) -> String {
        if i == 0 { return "< 1e\(lowestExponent)" }
        if i == edges.count { return ">= 1e\(highestExponent)" }
        return "[1e\(lowestExponent + i - 1), 1e\(lowestExponent + i))"
    }
}
