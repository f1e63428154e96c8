import Foundation
import Testing
@testable import Trajectories

@Suite struct Vector2Tests {
    @Test("angles: right, opposite, parallel, 45°")
    func angles() throws {
        #expect(try #require(Vector2(1, 0).angle(to: Vector2(0, 2))) == 90)
        #expect(try #require(Vector2(1, 0).angle(to: Vector2(-3, 0))) == 180)
        #expect(try #require(Vector2(2, 2).angle(to: Vector2(1, 1))) == 0)
        #expect(abs(try #require(Vector2(1, 0).angle(to: Vector2(1, 1))) - 45) < 1e-12)
    }

    @Test("nearly parallel vectors keep their small angle (atan2, not acos)")
    func nearlyParallel() throws {
        // 1e-9 rad = 5.73e-8 degrees; acos(dot) would round to 0 here.
        let angle = try #require(Vector2(1, 0).angle(to: Vector2(1, 1e-9)))
        #expect(abs(angle - 1e-9 * 180 / .pi) < 1e-20)
    }

    @Test("a zero vector has no angle")
    func zero() {
        #expect(Vector2.zero.angle(to: Vector2(1, 0)) == nil)
        #expect(Vector2(1, 0).angle(to: .zero) == nil)
    }

    @Test("description rounds to 4 significant digits")
    func description() {
        #expect(Vector2(0.30000000000000004, -1.25).description == "(0.3, -1.25)")
        #expect(Vector2(2.3264, 1e-7).description == "(2.326, 1e-07)")
    }
}
