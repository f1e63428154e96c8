import Foundation
import Reporting

/// The colours of a heatmap of `log10` relative error, split at the tolerance:
/// viridis up to `log10(rtol)`, where every point passes whatever its
/// gradient's size, and a red ramp above it, where a point fails unless it is
/// within `atol` or the estimate's error. So a wrong claim (relative errors
/// near 1) is red, and a passing sweep's largest errors are not.
///
/// Colours are quantized to 255 levels (a PNG palette), plus grey for a cell
/// with no finite error; a level never straddles the tolerance.
struct HeatmapScale {
    /// `log10` of the smallest and largest values shown, and of `rtol`.
    let lower: Double, threshold: Double, upper: Double
    /// Levels below and above the threshold (together 255).
    let below: Int, above: Int

    static let failing = ColorMap(name: "failing", stops: [0xfdd49e, 0xfc8d59, 0xd7301f, 0x7f0000].map(RGB.init(hex:)))
    static let levels = 255

    /// The scale for finite `log10` values `logs` (NaN for empty cells) and the tolerance's `rtol`.
    init(logs: [Double], rtol: Double, floor: Double) {
        let t = rtol > 0 ? Swift.max(floor, log10(rtol)) : floor
        var lo = t - 1, hi = t + 1
        for v in logs where v.isFinite {
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        (lower, threshold, upper) = (lo, t, hi)
        below = Swift.min(Self.levels - 1, Swift.max(1, Int(((t - lo) / (hi - lo) * Double(Self.levels)).rounded())))
        above = Self.levels - below
    }

    /// The palette index of `log` (0: grey, no finite value).
    func index(_ log: Double) -> UInt8 {
        guard log.isFinite else { return 0 }
        if log <= threshold {
            let q = Int((log - lower) / (threshold - lower) * Double(below))
            return UInt8(1 + Swift.min(below - 1, Swift.max(0, q)))
        }
        let q = Int((log - threshold) / (upper - threshold) * Double(above))
        return UInt8(1 + below + Swift.min(above - 1, Swift.max(0, q)))
    }

    /// 256 colours: grey, then the levels from `lower` to `upper`.
    var palette: [RGB] {
        [ColorMap.viridis.invalidColor]
            + (0..<below).map { ColorMap.viridis.color(at: (Double($0) + 0.5) / Double(below)) }
            + (0..<above).map { Self.failing.color(at: (Double($0) + 0.5) / Double(above)) }
    }

    /// The value at the lower edge of level `i` (1…255), and at the top for `i == 256`.
    func edge(ofLevel i: Int) -> Double {
        let k = i - 1
        if k <= below { return lower + (threshold - lower) * Double(k) / Double(below) }
        return threshold + (upper - threshold) * Double(k - below) / Double(above)
    }
}
