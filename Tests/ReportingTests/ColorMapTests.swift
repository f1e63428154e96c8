import Testing
@testable import Reporting

@Suite struct ColorMapTests {
    @Test func viridisEndpointsAndMiddle() {
        #expect(ColorMap.viridis.stops.count == 256)
        #expect(ColorMap.viridis.color(at: 0).hex == "#440154")
        #expect(ColorMap.viridis.color(at: 1).hex == "#fde725")
        // Entry 128 of 256 sits at t = 128/255.
        #expect(ColorMap.viridis.color(at: 128.0 / 255).hex == "#21918c")
    }

    @Test func interpolatesLinearlyBetweenStops() {
        let map = ColorMap(name: "grey", stops: [.black, .white])
        #expect(map.color(at: 0.5) == RGB(red: 0.5, green: 0.5, blue: 0.5))
        #expect(map.color(at: 0.25).hex == "#404040")
    }

    @Test func clampsAndFlagsInvalidInput() {
        let map = ColorMap.viridis
        #expect(map.color(at: -3) == map.color(at: 0))
        #expect(map.color(at: .infinity) == map.color(at: 1))
        #expect(map.color(at: -.infinity) == map.color(at: 0))
        #expect(map.color(at: .nan) == map.invalidColor)
        #expect(map.color(for: .nan, in: 0...1) == map.invalidColor)
        #expect(map.color(for: 3, in: 3...3) == map.color(at: 0.5))
        #expect(map.color(for: 2, in: 0...4) == map.color(at: 0.5))
    }

    @Test func divergingIsWhiteInTheMiddleAndBlueBelow() {
        let map = ColorMap.diverging
        #expect(map.color(for: 0, in: -1...1).hex == "#f7f7f7")
        let low = map.color(at: 0), high = map.color(at: 1)
        #expect(low.blue > low.red)
        #expect(high.red > high.blue)
        #expect(map.reversed().color(at: 0) == high)
    }

    @Test func hexRoundTrips() {
        #expect(RGB(hex: 0x21918c).hex == "#21918c")
        #expect(RGB(red: 2, green: -1, blue: .nan).hex == "#ff0000")
    }
}
