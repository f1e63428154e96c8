/// The largest relative error over two chosen dimensions of a grid, every
/// other dimension (and every parameter) reduced by the maximum: the data of
/// `--heatmap`.
///
/// `cells[i * sizes.1 + j]` is the largest finite-valued relative error at
/// index `i` along `dimensions.0` and `j` along `dimensions.1`; `-1` marks a
/// cell with no point where both the analytic value and the estimate are
/// finite. Maxima merge exactly in any order.
public struct ErrorHeatmap: Sendable, Equatable, Codable {
    /// The two dimensions (variable indices of a grid): horizontal, vertical.
    public var dimensions: [Int]
    public var sizes: [Int]
    public var cells: [Double]

    public static let empty = -1.0

    public init(dimensions: (Int, Int), sizes: (Int, Int)) {
        self.dimensions = [dimensions.0, dimensions.1]
        self.sizes = [sizes.0, sizes.1]
        cells = Array(repeating: Self.empty, count: sizes.0 * sizes.1)
    }

    @inlinable public mutating func record(_ r: Double, at i: Int, _ j: Int) {
        let k = i * sizes[1] + j
        if r > cells[k] { cells[k] = r }
    }

    public mutating func merge(_ other: ErrorHeatmap) {
        for k in cells.indices where other.cells[k] > cells[k] { cells[k] = other.cells[k] }
    }
}
