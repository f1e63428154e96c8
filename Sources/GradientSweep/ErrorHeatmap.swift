/// The largest relative error over two chosen dimensions of a grid, every
/// other dimension (and every parameter) reduced by the maximum: the data of
/// `--heatmap`.
///
/// An axis of up to ``maximumCellsPerAxis`` values has a cell per value; a
/// longer one is downsampled: its `n` values fall into `cells` groups of
/// consecutive indices (index `i` into cell `i * cells / n`), each cell
/// holding its group's maximum. So two axes of 10⁶ values make a heatmap of
/// 512 × 512 cells (2 MB), not 10¹² (8 TB).
///
/// `cells[i * sizes[1] + j]` is the largest finite-valued relative error in
/// cell `i` along `dimensions[0]` and `j` along `dimensions[1]`; `-1` marks a
/// cell with no point where both the analytic value and the estimate are
/// finite. Maxima merge exactly in any order.
public struct ErrorHeatmap: Sendable, Equatable, Codable {
    /// The two dimensions (variable indices of a grid): horizontal, vertical.
    public var dimensions: [Int]
    /// Cells along each of the two dimensions.
    public var sizes: [Int]
    /// Values along each of the two dimensions (equal to `sizes` unless downsampled).
    public var axisSizes: [Int]
    public var cells: [Double]

    public static let empty = -1.0
    /// The most cells along one axis: about one per pixel of the drawn plot.
    public static let maximumCellsPerAxis = 512

    /// The cells along an axis of `count` values.
    public static func cellCount(forAxisOf count: Int) -> Int { Swift.min(count, maximumCellsPerAxis) }

    /// `sizes` are the lengths of the two dimensions (values, not cells).
    public init(dimensions: (Int, Int), sizes: (Int, Int)) {
        self.dimensions = [dimensions.0, dimensions.1]
        axisSizes = [sizes.0, sizes.1]
        self.sizes = [Self.cellCount(forAxisOf: sizes.0), Self.cellCount(forAxisOf: sizes.1)]
        cells = Array(repeating: Self.empty, count: self.sizes[0] * self.sizes[1])
    }

    /// The cell along dimension `d` (0 or 1) that value index `i` falls into.
    @inlinable public func cell(_ i: Int, along d: Int) -> Int {
        sizes[d] == axisSizes[d] ? i : i * sizes[d] / axisSizes[d]
    }

    /// The first value index of cell `c` along dimension `d` (`c == sizes[d]` gives the axis length).
    public func firstIndex(ofCell c: Int, along d: Int) -> Int {
        sizes[d] == axisSizes[d] ? c : (c * axisSizes[d] + sizes[d] - 1) / sizes[d]
    }

    /// Records relative error `r` at value indices `i` (along `dimensions[0]`) and `j`.
    @inlinable public mutating func record(_ r: Double, at i: Int, _ j: Int) {
        let k = cell(i, along: 0) * sizes[1] + cell(j, along: 1)
        if r > cells[k] { cells[k] = r }
    }

    public mutating func merge(_ other: ErrorHeatmap) {
        for k in cells.indices where other.cells[k] > cells[k] { cells[k] = other.cells[k] }
    }

    /// Whether no cell holds a finite error (an empty shard, or every point non-finite).
    public var isEmpty: Bool { cells.allSatisfy { $0 < 0 } }

    enum CodingKeys: String, CodingKey { case dimensions, sizes, axisSizes, cells }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dimensions = try c.decode([Int].self, forKey: .dimensions)
        sizes = try c.decode([Int].self, forKey: .sizes)
        // Parts written before downsampling have a cell per value.
        axisSizes = try c.decodeIfPresent([Int].self, forKey: .axisSizes) ?? sizes
        cells = try c.decode([Double].self, forKey: .cells)
    }
}
