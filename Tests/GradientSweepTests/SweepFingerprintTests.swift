@testable import GradientSweep
import Testing

/// `SweepFingerprint`: stable, blind to the network file's path, sensitive to
/// everything that makes two sharded sweeps different.
@Suite("SweepFingerprint")
struct SweepFingerprintTests {
    static func configuration() throws -> SweepConfiguration {
        let (network, domain) = try SweepRunnerTests.grid(5)
        return SweepConfiguration(network: network, domain: domain, settings: SweepSettings())
    }

    @Test("FNV-1a 64 of the canonical text: the published test vectors")
    func fnv() {
        #expect(SweepFingerprint.fnv1a("".utf8) == 0xcbf2_9ce4_8422_2325)
        #expect(SweepFingerprint.fnv1a("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(SweepFingerprint.fnv1a("foobar".utf8) == 0x8594_4171_f739_67e8)
    }

    @Test("16 hex digits; the same sweep gives the same fingerprint wherever its network file lies")
    func stable() throws {
        let c = try Self.configuration()
        let f = SweepFingerprint.of(configuration: c, shardCount: 4, blockPoints: 1 << 15)
        #expect(f.count == 16 && f.allSatisfy(\.isHexDigit))
        var moved = c
        moved.network = "/elsewhere/q2.net"
        #expect(SweepFingerprint.of(configuration: moved, shardCount: 4, blockPoints: 1 << 15) == f)
        #expect(SweepFingerprint.canonicalText(configuration: c, shardCount: 4, blockPoints: 1 << 15).contains("axis: x 5 c010000000000000 4010000000000000"))
    }

    @Test("every property of the sweep and of its split changes it")
    func sensitive() throws {
        let c = try Self.configuration()
        let base = SweepFingerprint.of(configuration: c, shardCount: 4, blockPoints: 100)
        var variants: [SweepConfiguration] = []
        for change in 0..<9 {
            var v = c
            switch change {
            case 0: v.networkDefinition += " "
            case 1: v.domainKind = .points
            case 2: v.axes[1].last = 2
            case 3: v.valuesDigest = "0"
            case 4: v.method = .fivePoint
            case 5: v.tolerance.atol *= 2
            case 6: v.claims = ["w1=x"]
            case 7: v.worst += 1
            default: v.heatmapAxes = ["x", "w1"]
            }
            variants.append(v)
        }
        let fingerprints = variants.map { SweepFingerprint.of(configuration: $0, shardCount: 4, blockPoints: 100) }
            + [SweepFingerprint.of(configuration: c, shardCount: 5, blockPoints: 100),
               SweepFingerprint.of(configuration: c, shardCount: 4, blockPoints: 101)]
        #expect(!fingerprints.contains(base))
        #expect(Set(fingerprints).count == fingerprints.count)
    }

    /// An evenly spaced axis is digested by its start, stop and count, so a 10^11-value axis
    /// costs nothing (it was hashed value by value: `sweep --x 0:1:100000000000` hung before
    /// its first point, deaf to SIGTERM); the digest still tells such grids apart.
    @Test("the values digest of a 10^11-value axis: at once, and sensitive to its ends", .timeLimit(.minutes(1)))
    func hugeAxisDigest() throws {
        let network = try Fixtures.network("q2")
        func digest(_ stop: Double, _ count: Int = 100_000_000_000) throws -> String {
            let domain = try SweepDomain.grid(for: network, axes: [
                ("x", SweepAxis.linspace(0, stop, count)), ("y", [0, 1]), ("w1", [0.5]), ("w2", [1]),
            ])
            return SweepConfiguration(network: network, domain: domain, settings: SweepSettings()).valuesDigest
        }
        #expect(try digest(1) == digest(1))
        #expect(try digest(1) != digest(2))
        #expect(try digest(1) != digest(1, 100_000_000_001))
    }
}
