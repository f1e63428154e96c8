import Foundation
import Testing
@testable import Trajectories

@Suite struct MarchingSquaresTests {
    @Test("a circle is one closed line, within O(h²) of the true radius")
    func circle() throws {
        let grid = ScalarGrid(x: -2...2, y: -2...2, columns: 81, rows: 81) { $0.x * $0.x + $0.y * $0.y }
        let lines = MarchingSquares.isolines(grid, level: 1)
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.first == line.last)
        // h = 0.05; linear interpolation of r² along an edge errs by at most h²/4 in r² terms.
        let worst = line.map { abs($0.length - 1) }.max()!
        #expect(worst < 0.05 * 0.05)
        #expect(line.count > 60)
    }

    @Test("two bumps give two loops; a level outside the range gives none")
    func twoBumps() {
        let grid = ScalarGrid(x: -3...3, y: -2...2, columns: 61, rows: 41) { p in
            exp(-((p.x - 1.5) * (p.x - 1.5) + p.y * p.y)) + exp(-((p.x + 1.5) * (p.x + 1.5) + p.y * p.y))
        }
        #expect(MarchingSquares.isolines(grid, level: 0.5).count == 2)
        #expect(MarchingSquares.isolines(grid, level: 5).isEmpty)
    }

    @Test("a saddle's level lines are open and end on the border")
    func saddle() {
        let grid = ScalarGrid(x: -1...1, y: -1...1, columns: 21, rows: 21) { $0.x * $0.x - $0.y * $0.y }
        let lines = MarchingSquares.isolines(grid, level: 0.25)
        #expect(lines.count == 2)
        for line in lines {
            #expect(line.first != line.last)
            #expect(abs(abs(line.first!.y) - 1) < 1e-12 || abs(abs(line.first!.x) - 1) < 1e-12)
        }
    }

    @Test("cells with an undefined corner are skipped, never NaN points")
    func undefined() {
        let grid = ScalarGrid(x: -1...1, y: -1...1, columns: 21, rows: 21) { log($0.x) + $0.y }
        let lines = MarchingSquares.isolines(grid, level: 0)
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.allSatisfy { $0.isFinite && $0.x > 0 } })
    }
}
