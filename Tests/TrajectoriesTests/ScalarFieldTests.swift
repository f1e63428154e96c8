import Foundation
import NetworkModel
import Reporting
import Testing
@testable import Trajectories

@Suite struct ScalarFieldTests {
    static func field(_ text: String) throws -> ScalarField {
        try ScalarField(ExpressionParser.parse(Substring(text), file: "f", line: 1))
    }

    @Test("the dual-number gradient matches the hand-derived one to a few ulps")
    func gradient() throws {
        let f = try Self.field("exp(-((x-1)^2 + 3*(y+2)^2)) + x*y^3 - log(1 + x^2)")
        for p in [Vector2(0.3, -1.7), Vector2(-2, 0.5), Vector2(1, -2)] {
            let (x, y) = (p.x, p.y)
            let bump = exp(-((x - 1) * (x - 1) + 3 * (y + 2) * (y + 2)))
            let gx = -2 * (x - 1) * bump + y * y * y - 2 * x / (1 + x * x)
            let gy = -6 * (y + 2) * bump + 3 * x * y * y
            let g = f.gradient(at: p)
            #expect(abs(g.x - gx) <= 1e-14 * max(1, abs(gx)))
            #expect(abs(g.y - gy) <= 1e-14 * max(1, abs(gy)))
            #expect(f.value(at: p) == f.valueAndGradient(at: p).value)
        }
    }

    @Test("a name other than x and y is an error at the name")
    func unknownName() throws {
        #expect(throws: InputError(
            "unknown name 'z' in the function: it may use only x and y",
            at: Reporting.SourceLocation(file: "f", line: 1, column: 9))) {
            try Self.field("x + 2 * z")
        }
    }
}
