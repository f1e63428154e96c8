@testable import GradientSweep
import Foundation
import Reporting
import Testing

@Suite("Summary parts")
struct SummaryPartsTests {
    @Test("histogram bins by binade tables equal the search, for every power of ten and its neighbours")
    func histogramTables() {
        var values: [Double] = [0, .infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for e in -20...4 {
            let p = Double("1e\(e)")!
            values += [p, p.nextUp, p.nextDown, p * 3]
        }
        for r in values {
            let e = Int(r.bitPattern >> 52)
            let fast = Int(ErrorHistogram.binadeBase[e]) + (r >= ErrorHistogram.binadeEdge[e] ? 1 : 0)
            #expect(fast == ErrorHistogram.bin(of: r), "\(r)")
        }
        #expect(ErrorHistogram.bin(of: 0) == 0)
        #expect(ErrorHistogram.bin(of: 1e-16) == 1)
        #expect(ErrorHistogram.bin(of: .infinity) == ErrorHistogram.edges.count)
    }

    @Test("axes: linspace as NumPy, lists, single values; malformed ones are errors")
    func axes() throws {
        #expect(try AxisSpecification.values("-4:4:5", axis: "x") == [-4, -2, 0, 2, 4])
        #expect(try AxisSpecification.values("0,1", axis: "y") == [0, 1])
        #expect(try AxisSpecification.values(" 0.5 ", axis: "w") == [0.5])
        #expect(try AxisSpecification.values("4:-4:3", axis: "x") == [4, 0, -4])
        for bad in ["4:-4:0", "a:b:c", "1:2", "1:2:3.5", "1,,2", "", "nan", "1:2:-1"] {
            #expect(throws: InputError.self, "\(bad)") { try AxisSpecification.values(bad, axis: "x") }
        }
        // The 400-point axis NumPy's linspace(-4, 4, 400) gives (endpoints and a middle value).
        let v = AxisSpecification.linspace(-4, 4, 400)
        #expect(v[0] == -4 && v[399] == 4 && v[200] == 200 * (8.0 / 399) + -4)
    }

    @Test("block plans tile the points exactly once, in contiguous boxes")
    func blockPlans() {
        for (sizes, maximum) in [([3, 2, 5, 7], 16), ([4], 3), ([2, 3], 100), ([5, 1, 6], 6), ([400, 2, 400, 400], 1 << 15)] {
            let plan = BlockPlan(sizes: sizes, maximumPoints: maximum)
            var next = 0
            for k in 0..<plan.blockCount {
                let b = plan.block(k)
                #expect(b.firstPoint == next)
                #expect(b.pointCount <= max(maximum, 1))
                next += b.pointCount
            }
            #expect(next == sizes.reduce(1, *))
        }
    }
}
