import Testing
@testable import Reporting

@Suite struct NiceTicksTests {
    /// (min, max, count) → (step, values, labels).
    static let table: [(Double, Double, Int, Double, [Double], [String])] = [
        (0, 1, 5, 0.2, [0, 0.2, 0.4, 0.6, 0.8, 1], ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
        (-0.73, 2.2, 6, 0.5, [-0.5, 0, 0.5, 1, 1.5, 2], ["-0.5", "0", "0.5", "1", "1.5", "2"]),
        (0, 100, 5, 20, [0, 20, 40, 60, 80, 100], ["0", "20", "40", "60", "80", "100"]),
        (-4, 4, 5, 2, [-4, -2, 0, 2, 4], ["-4", "-2", "0", "2", "4"]),
        (0, 1e-6, 5, 2e-7, [0, 2e-7, 4e-7, 6e-7, 8e-7, 1e-6], ["0", "2e-7", "4e-7", "6e-7", "8e-7", "1e-6"]),
        (0, 3e5, 4, 1e5, [0, 1e5, 2e5, 3e5], ["0", "1e5", "2e5", "3e5"]),
        (0.3, 0.7, 5, 0.1, [0.3, 0.4, 0.5, 0.6, 0.7], ["0.3", "0.4", "0.5", "0.6", "0.7"]),
        (1, 1.00001, 5, 2e-6, [1, 1.000002, 1.000004, 1.000006, 1.000008, 1.00001],
         ["1", "1.000002", "1.000004", "1.000006", "1.000008", "1.00001"]),
    ]

    @Test(arguments: table)
    func knownRanges(_ row: (Double, Double, Int, Double, [Double], [String])) {
        let ticks = NiceTicks(min: row.0, max: row.1, count: row.2)
        #expect(ticks.step == row.3)
        #expect(ticks.values == row.4)
        #expect(ticks.labels == row.5)
    }

    @Test func niceRangeIsWidenedToWholeSteps() {
        #expect(NiceTicks(min: -0.73, max: 2.2, count: 6).niceRange == -1...2.5)
        #expect(NiceTicks(min: 0, max: 1, count: 5).niceRange == 0...1)
    }

    @Test func degenerateRanges() {
        #expect(NiceTicks(min: 3, max: -3, count: 7).values == [-3, -2, -1, 0, 1, 2, 3])
        #expect(NiceTicks(min: 0, max: 0).values.contains(0))
        #expect(NiceTicks(min: 5, max: 5, count: 5).values == [4.6, 4.8, 5, 5.2, 5.4])
        let broken = NiceTicks(min: .nan, max: 1)
        #expect(broken.values.isEmpty)
        #expect(broken.step == 1)
        #expect(NiceTicks(min: 0, max: .infinity).values.isEmpty)
        #expect(NiceTicks(min: -1e308, max: 1e308).values.isEmpty)
        #expect(NiceTicks(min: 0, max: 1, count: .max).values.count == 1001)
    }

    @Test func niceNumbers() {
        #expect(NiceTicks.niceNumber(0.37, round: true) == 0.5)
        #expect(NiceTicks.niceNumber(0.37, round: false) == 0.5)
        #expect(NiceTicks.niceNumber(1.4, round: true) == 1)
        #expect(NiceTicks.niceNumber(1.4, round: false) == 2)
        #expect(NiceTicks.niceNumber(7.5, round: true) == 10)
        #expect(NiceTicks.niceNumber(5e-6, round: true) == 5e-6)
    }

    @Test func labelsAreShort() {
        #expect(NiceTicks.label(-0.0, step: 0.5) == "0")
        #expect(NiceTicks.label(1e-17, step: 0.1) == "0")
        #expect(NiceTicks.label(0.5, step: 0.5) == "0.5")
        #expect(NiceTicks.label(-4, step: 2) == "-4")
        #expect(NiceTicks.label(1e-6, step: 1e-6) == "1e-6")
        #expect(NiceTicks.label(2.5e-6, step: 5e-7) == "2.5e-6")
        #expect(NiceTicks.label(150_000, step: 50_000) == "1.5e5")
        #expect(NiceTicks.label(9.99e-7, step: 1e-8, scientific: true) == "1e-6")
        #expect(NiceTicks.label(.nan, step: 1) == "")
        #expect(NiceTicks.label(-.infinity, step: 1) == "-∞")
    }
}
