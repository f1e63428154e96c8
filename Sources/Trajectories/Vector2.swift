import Foundation

/// A point or a displacement in the plane, in the units of the function's arguments.
public struct Vector2: Sendable, Hashable, Codable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    @inlinable public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public static let zero = Vector2(0, 0)

    @inlinable public static func + (a: Vector2, b: Vector2) -> Vector2 { Vector2(a.x + b.x, a.y + b.y) }
    @inlinable public static func - (a: Vector2, b: Vector2) -> Vector2 { Vector2(a.x - b.x, a.y - b.y) }
    @inlinable public static func * (s: Double, v: Vector2) -> Vector2 { Vector2(s * v.x, s * v.y) }
    @inlinable public static prefix func - (v: Vector2) -> Vector2 { Vector2(-v.x, -v.y) }

    @inlinable public func dot(_ other: Vector2) -> Double { x * other.x + y * other.y }

    /// The Euclidean length, without overflow or underflow for extreme components.
    @inlinable public var length: Double { Foundation.hypot(x, y) }

    public var isFinite: Bool { x.isFinite && y.isFinite }

    /// The angle between `self` and `other` in degrees, in [0, 180].
    ///
    /// Computed as `atan2(|a × b|, a · b)`, which stays accurate for nearly
    /// parallel and nearly opposite vectors (where `acos` of the normalised dot
    /// product loses half the digits). `nil` when either vector is zero.
    public func angle(to other: Vector2) -> Double? {
        guard self != .zero, other != .zero else { return nil }
        let cross = x * other.y - y * other.x
        return Foundation.atan2(Swift.abs(cross), dot(other)) * 180 / .pi
    }

    /// "(0.3, -1.25)": each coordinate with up to 4 significant digits.
    public var description: String { "(\(Format.number(x)), \(Format.number(y)))" }
}
