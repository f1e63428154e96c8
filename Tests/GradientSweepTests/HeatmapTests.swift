@testable import GradientSweep
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Reporting
import Testing

/// `--heatmap`: bounded cells, a small SVG, and a picture that tells the
/// truth (tolerance on the colour bar, failures in red, grey explained).
@Suite("Heatmap")
struct HeatmapTests {
    static func sweep(_ axes: [(String, SweepAxis)], heatmap: (Int, Int) = (0, 2), claims: [String] = [],
                      shard: (Int, Int)? = nil) throws -> (SweepSummary, SweepDomain) {
        let network = try Fixtures.network("q2")
        let domain = try SweepDomain.grid(for: network, axes: axes)
        var s = SweepSettings()
        s.threads = 1
        s.heatmap = heatmap
        s.shard = shard
        s.blockPoints = 64
        s.claims = try claims.map { try GradientClaim.parse($0, network: network) }
        return (SweepRunner.run(network: network, domain: domain, settings: s), domain)
    }

    @Test("two axes of 10^6 values make 512 x 512 cells (8 TB before), each holding its group's maximum")
    func cellsAreCapped() {
        var map = ErrorHeatmap(dimensions: (0, 2), sizes: (1_000_000, 1_000_000))
        #expect(map.sizes == [512, 512] && map.cells.count == 512 * 512)
        map.record(0.25, at: 999_999, 0)
        map.record(0.5, at: 999_998, 1)
        map.record(0.125, at: 0, 999_999)
        #expect(map.cells[511 * 512 + 0] == 0.5)
        #expect(map.cells[0 * 512 + 511] == 0.125)
        // Every value index falls into the cell whose first index is at or below it.
        for i in [0, 1, 1952, 1953, 1954, 500_000, 999_999] {
            let c = map.cell(i, along: 0)
            #expect(map.firstIndex(ofCell: c, along: 0) <= i && i < map.firstIndex(ofCell: c + 1, along: 0))
        }
        #expect(ErrorHeatmap(dimensions: (0, 1), sizes: (160, 3)).sizes == [160, 3])
    }

    @Test("a 160 x 160 heatmap is one PNG image, not 25,600 rects: under 200 KB (2.6 MB before)")
    func smallSVG() throws {
        let (summary, domain) = try Self.sweep([("x", .linspace(-4, 4, 160)), ("y", [0, 1]), ("w1", .linspace(-4, 4, 160)), ("w2", [0.5])])
        let svg = HeatmapSVG.render(summary.heatmap!, summary: summary, domain: domain)
        #expect(svg.utf8.count < 200_000, "\(svg.utf8.count) bytes")
        #expect(svg.components(separatedBy: "<image").count == 2)
        #expect(svg.components(separatedBy: "<rect").count < 300)
        #expect(try XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.contains(">rtol<") && svg.contains("grey: no finite relative error"))
        #expect(svg.contains("no failures in 51,200 points"))
    }

    @Test("an unevenly spaced axis is drawn as runs of equal colour, merged along rows")
    func runs() throws {
        let (summary, domain) = try Self.sweep([("x", [0, 0.1, 0.5, 2, 4]), ("y", [1]), ("w1", .linspace(-4, 4, 50)), ("w2", [0.5])])
        let svg = HeatmapSVG.render(summary.heatmap!, summary: summary, domain: domain)
        #expect(!svg.contains("<image"))
        #expect(svg.components(separatedBy: "<rect").count < 5 * 50 + 300)
        #expect(!svg.contains("(index)"))
    }

    @Test("colours split at rtol: below it viridis, above it red; a wrong claim's heatmap is red and names the claim")
    func toleranceSplit() throws {
        let scale = HeatmapScale(logs: [-12, -3], rtol: 1e-5, floor: HeatmapSVG.floorExponent)
        #expect(Int(scale.index(-5)) <= scale.below && Int(scale.index(-5.0001)) <= scale.below)
        #expect(Int(scale.index(-4.999)) > scale.below && Int(scale.index(-3)) == 255)
        #expect(scale.index(.nan) == 0)
        let (summary, domain) = try Self.sweep([("x", .linspace(-4, 4, 12)), ("y", [0, 1]), ("w1", .linspace(-4, 4, 12)), ("w2", [0.5, 2])],
                                               claims: ["w1=(a2 - y)*a2*(1+a2)*w2*a1*(1-a1)*x"])
        let svg = HeatmapSVG.render(summary.heatmap!, summary: summary, domain: domain)
        #expect(svg.contains("checking the claim w1 = (a2 - y) * a2 * (1 + a2) * w2 * a1 * (1 - a1) * x"))
        #expect(svg.contains("FAILING of"))
        let map = summary.heatmap!
        let s = HeatmapScale(logs: map.cells.map { log10($0) }, rtol: 1e-5, floor: HeatmapSVG.floorExponent)
        let red = map.cells.filter { Int(s.index(log10($0))) > s.below }.count
        #expect(red * 10 >= map.cells.count * 9, "\(red) of \(map.cells.count) cells red")
    }

    @Test("a one-value axis is drawn at its value with one tick, not as '(index)' with invented ticks")
    func oneValueAxis() throws {
        let (summary, domain) = try Self.sweep([("x", .linspace(-4, 4, 9)), ("y", [1]), ("w1", [0.5]), ("w2", .linspace(-4, 4, 9))],
                                               heatmap: (2, 3))
        let svg = HeatmapSVG.render(summary.heatmap!, summary: summary, domain: domain)
        #expect(!svg.contains("(index)"))
        #expect(svg.contains(">0.5<"))
        #expect(!svg.contains(">0.4<") && !svg.contains(">0.6<"))
    }

    @Test("an empty shard's heatmap says 'no data'")
    func emptyShard() throws {
        let (summary, domain) = try Self.sweep([("x", .linspace(-4, 4, 3)), ("y", [1]), ("w1", .linspace(-4, 4, 3)), ("w2", [1])],
                                               shard: (3, 5))
        #expect(summary.pointsEvaluated == 0)
        let svg = HeatmapSVG.render(summary.heatmap!, summary: summary, domain: domain)
        #expect(svg.contains(">no data<") && svg.contains("this shard evaluated no points"))
    }

    @Test("the PNG is well formed: signature, IHDR, CRCs, zlib stored blocks; rsvg-convert renders the SVG")
    func pngAndRendering() throws {
        let png = PNGImage(width: 300, height: 250, palette: [RGB(hex: 0x000000), RGB(hex: 0xff0000)],
                           pixels: (0..<75_000).map { UInt8($0 % 2) })
        let bytes = png.data
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        #expect(Array(bytes.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])
        #expect(PNGImage.crc32(Array("123456789".utf8)) == 0xcbf4_3926)
        #expect(PNGImage.adler32(Array("Wikipedia".utf8)) == 0x11e6_0398)
        let rsvg = URL(fileURLWithPath: "/usr/bin/rsvg-convert")
        guard FileManager.default.isExecutableFile(atPath: rsvg.path) else { return }
        let (summary, domain) = try Self.sweep([("x", .linspace(-4, 4, 40)), ("y", [0, 1]), ("w1", .linspace(-4, 4, 40)), ("w2", [0.5])])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heatmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("map.svg"), out = dir.appendingPathComponent("map.png")
        try HeatmapSVG.render(summary.heatmap!, summary: summary, domain: domain).write(to: svg, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = rsvg
        process.arguments = ["-o", out.path, svg.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try Data(contentsOf: out).count > 10_000)
    }
}
