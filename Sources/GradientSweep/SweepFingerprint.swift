/// The identity of a sharded sweep: which points it covers, how it checks
/// them, and how they are split. Every part a sweep writes with `--shard`
/// records it, so that `gradcheck merge` and `gradcheck submit` can tell the
/// parts of one sweep from those of another at a glance.
///
/// It is a 64-bit FNV-1a hash, in 16 hexadecimal digits, of a canonical text
/// (``canonicalText(configuration:shardCount:blockPoints:)``): the network's
/// definitions (not the path of its file, so a copy elsewhere is the same
/// network), the domain (axes and the digest of every value's bit pattern),
/// the method, the tolerance (bit patterns), the claims, `--worst`, the
/// heatmap's axes, the shard count and the block size. Numbers enter as bit
/// patterns, so the hash does not depend on how a platform prints them.
///
/// It guards against mistakes, not against forgery: two different sweeps
/// collide with probability about 2⁻⁶⁴.
public enum SweepFingerprint {
    public static func of(configuration c: SweepConfiguration, shardCount: Int, blockPoints: Int) -> String {
        let hash = fnv1a(canonicalText(configuration: c, shardCount: shardCount, blockPoints: blockPoints).utf8)
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// One `key: value` line per property that makes two sweeps different.
    public static func canonicalText(configuration c: SweepConfiguration, shardCount: Int, blockPoints: Int) -> String {
        var lines = ["gradcheck sweep fingerprint 1"]
        lines.append("network:\n" + c.networkDefinition)
        lines.append("domain: \(c.domainKind.rawValue)")
        for a in c.axes { lines.append("axis: \(a.name) \(a.count) \(hex(a.first)) \(hex(a.last))") }
        lines.append("values: \(c.valuesDigest)")
        lines.append("method: \(c.method.name)")
        lines.append("tolerance: \(hex(c.tolerance.atol)) \(hex(c.tolerance.rtol)) \(hex(c.tolerance.widening))")
        for claim in c.claims { lines.append("claim: \(claim)") }
        lines.append("worst: \(c.worst)")
        lines.append("heatmap: \(c.heatmapAxes?.joined(separator: ",") ?? "-")")
        lines.append("shards: \(shardCount)")
        lines.append("block-points: \(blockPoints)")
        return lines.joined(separator: "\n") + "\n"
    }

    static func hex(_ v: Double) -> String { String(v.bitPattern, radix: 16) }

    static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x0100_0000_01b3 }
        return hash
    }
}
