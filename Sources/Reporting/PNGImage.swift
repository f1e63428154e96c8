import Foundation

/// An indexed-colour PNG (colour type 3, 8 bits per pixel) written without
/// compression: zlib "stored" blocks, so the encoder is a few lines and
/// exact. A heatmap of 512 × 512 cells is 263 KB of PNG (351 KB as base64),
/// where one SVG `<rect>` per cell took 60 bytes each.
///
/// `pixels[y * width + x]` is an index into `palette` (at most 256 colours),
/// row 0 at the top.
public struct PNGImage: Sendable {
    public var width: Int
    public var height: Int
    public var palette: [RGB]
    public var pixels: [UInt8]

    public init(width: Int, height: Int, palette: [RGB], pixels: [UInt8]) {
        precondition(width >= 1 && height >= 1 && pixels.count == width * height, "PNG size and pixels disagree")
        precondition((1...256).contains(palette.count), "a PNG palette holds 1 to 256 colours")
        self.width = width
        self.height = height
        self.palette = palette
        self.pixels = pixels
    }

    /// The PNG file's bytes.
    public var data: [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
        var header = Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height))
        header += [8, 3, 0, 0, 0]  // 8 bits, palette, deflate, adaptive filtering, no interlace
        Self.chunk("IHDR", header, into: &out)
        Self.chunk("PLTE", palette.flatMap { [Self.byte($0.red), Self.byte($0.green), Self.byte($0.blue)] }, into: &out)
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter: none
            raw += pixels[(y * width)..<((y + 1) * width)]
        }
        Self.chunk("IDAT", Self.zlibStored(raw), into: &out)
        Self.chunk("IEND", [], into: &out)
        return out
    }

    /// `data:image/png;base64,…`, for an SVG `<image>`.
    public var dataURI: String { "data:image/png;base64," + Data(data).base64EncodedString() }

    static func byte(_ v: Double) -> UInt8 { UInt8((Swift.min(Swift.max(v, 0), 1) * 255).rounded()) }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)] }

    static func chunk(_ type: String, _ body: [UInt8], into out: inout [UInt8]) {
        let typed = Array(type.utf8) + body
        out += bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
    }

    /// A zlib stream of stored (uncompressed) deflate blocks of at most 65,535 bytes.
    static func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let n = Swift.min(65_535, bytes.count - start)
            let final: UInt8 = start + n == bytes.count ? 1 : 0
            out += [final, UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8((~n >> 8) & 0xff)]
            out += bytes[start..<(start + n)]
            start += n
        } while start < bytes.count
        return out + bigEndian(adler32(bytes))
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xedb8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xffff_ffff
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
        return c ^ 0xffff_ffff
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}
