/// Values of a function of two variables on a rectangular grid.
public struct ScalarGrid: Sendable {
    /// Column positions, ascending; at least 2.
    public let xs: [Double]
    /// Row positions, ascending; at least 2.
    public let ys: [Double]
    /// `values[j * xs.count + i]` is the value at `(xs[i], ys[j])`; may hold NaN.
    public let values: [Double]

    public init(xs: [Double], ys: [Double], values: [Double]) {
        precondition(xs.count >= 2 && ys.count >= 2 && values.count == xs.count * ys.count)
        self.xs = xs
        self.ys = ys
        self.values = values
    }

    /// `function` sampled at `columns` × `rows` evenly spaced points spanning the ranges, edges included.
    public init(
        x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int, rows: Int, function: (Vector2) -> Double
    ) {
        let nx = Swift.max(2, columns), ny = Swift.max(2, rows)
        let xs = (0..<nx).map { x.lowerBound + (x.upperBound - x.lowerBound) * Double($0) / Double(nx - 1) }
        let ys = (0..<ny).map { y.lowerBound + (y.upperBound - y.lowerBound) * Double($0) / Double(ny - 1) }
        var values: [Double] = []
        values.reserveCapacity(nx * ny)
        for yj in ys { for xi in xs { values.append(function(Vector2(xi, yj))) } }
        self.init(xs: xs, ys: ys, values: values)
    }

    public func value(_ i: Int, _ j: Int) -> Double { values[j * xs.count + i] }

    /// The smallest and largest finite values, or `nil` if there are none.
    public var finiteRange: ClosedRange<Double>? {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return low...high
    }
}

/// Contour lines (iso-lines) of a ``ScalarGrid`` by marching squares.
///
/// Each grid cell is classified by which of its corners are at or above the
/// level; the line crosses each edge whose ends are on opposite sides, at the
/// point found by linear interpolation along the edge. The two ambiguous
/// cells (opposite corners above) are resolved with the cell's mean value, as
/// usual. Segments are then joined into polylines through shared edges.
///
/// **Precision:** a crossing point is exact for a function linear along the
/// edge; for a smooth function its error is O(h²) in the grid spacing h.
/// **Edge cases:** a cell with a non-finite corner contributes nothing, so a
/// line stops where the function is undefined; a closed line's last point
/// repeats its first.
public enum MarchingSquares {
    /// The contour lines of `grid` at `level`, each a list of points.
    public static func isolines(_ grid: ScalarGrid, level: Double) -> [[Vector2]] {
        let segments = self.segments(grid, level: level)
        return join(segments, grid: grid, level: level)
    }

    /// A crossing on a grid edge, identified by the edge: `2 (j nx + i)` for the
    /// horizontal edge from (i, j) to (i+1, j), plus 1 for the vertical edge from (i, j) to (i, j+1).
    typealias EdgeID = Int

    /// The segments of every cell, as pairs of edges crossed.
    static func segments(_ grid: ScalarGrid, level: Double) -> [(EdgeID, EdgeID)] {
        let nx = grid.xs.count, ny = grid.ys.count
        var result: [(EdgeID, EdgeID)] = []
        for j in 0..<(ny - 1) {
            for i in 0..<(nx - 1) {
                let v00 = grid.value(i, j), v10 = grid.value(i + 1, j)
                let v11 = grid.value(i + 1, j + 1), v01 = grid.value(i, j + 1)
                guard v00.isFinite, v10.isFinite, v11.isFinite, v01.isFinite else { continue }
                let bottom = 2 * (j * nx + i), top = 2 * ((j + 1) * nx + i)
                let left = 2 * (j * nx + i) + 1, right = 2 * (j * nx + i + 1) + 1
                var index = 0
                if v00 >= level { index |= 1 }
                if v10 >= level { index |= 2 }
                if v11 >= level { index |= 4 }
                if v01 >= level { index |= 8 }
                switch index {
                case 0, 15: break
                case 1, 14: result.append((left, bottom))
                case 2, 13: result.append((bottom, right))
                case 3, 12: result.append((left, right))
                case 4, 11: result.append((right, top))
                case 6, 9: result.append((bottom, top))
                case 7, 8: result.append((left, top))
                case 5, 10:
                    // Saddle: corners 00 and 11 on one side, 10 and 01 on the other.
                    // If the centre is on the side of 00 (case 5: above), 00 and 11 connect.
                    let centreAbove = (v00 + v10 + v11 + v01) / 4 >= level
                    if centreAbove == (index == 5) {
                        result.append((left, top))
                        result.append((bottom, right))
                    } else {
                        result.append((left, bottom))
                        result.append((right, top))
                    }
                default: break
                }
            }
        }
        return result
    }

    /// Where the line at `level` crosses `edge`.
    static func point(_ edge: EdgeID, grid: ScalarGrid, level: Double) -> Vector2 {
        let nx = grid.xs.count
        let cell = edge / 2
        let i = cell % nx, j = cell / nx
        let (i2, j2) = edge % 2 == 0 ? (i + 1, j) : (i, j + 1)
        let a = grid.value(i, j), b = grid.value(i2, j2)
        let t = a == b ? 0.5 : Swift.min(1, Swift.max(0, (level - a) / (b - a)))
        return Vector2(
            grid.xs[i] + t * (grid.xs[i2] - grid.xs[i]),
            grid.ys[j] + t * (grid.ys[j2] - grid.ys[j]))
    }

    /// Joins segments sharing an edge into polylines: open lines first (they
    /// start at an edge used once, on the grid's border or next to an
    /// undefined cell), then closed loops.
    static func join(_ segments: [(EdgeID, EdgeID)], grid: ScalarGrid, level: Double) -> [[Vector2]] {
        var byEdge: [EdgeID: [Int]] = [:]
        for (k, s) in segments.enumerated() {
            byEdge[s.0, default: []].append(k)
            byEdge[s.1, default: []].append(k)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var lines: [[Vector2]] = []

        func trace(from start: EdgeID) -> [EdgeID] {
            var chain = [start]
            var edge = start
            while let next = byEdge[edge]?.first(where: { !used[$0] }) {
                used[next] = true
                edge = segments[next].0 == edge ? segments[next].1 : segments[next].0
                chain.append(edge)
            }
            return chain
        }

        let openEnds = byEdge.filter { $0.value.count == 1 }.keys.sorted()
        for edge in openEnds where !used[byEdge[edge]![0]] {
            lines.append(trace(from: edge).map { point($0, grid: grid, level: level) })
        }
        for k in segments.indices where !used[k] {
            lines.append(trace(from: segments[k].0).map { point($0, grid: grid, level: level) })
        }
        return lines
    }
}
