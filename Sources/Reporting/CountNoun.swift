/// A noun that agrees with a count: "1 equation", "37 equations", "2 trajectories".
public struct CountNoun: Sendable, Equatable, Codable {
    public var singular: String
    public var plural: String

    /// `plural` defaults to `singular + "s"`; give it for irregular nouns ("trajectory", "trajectories").
    public init(_ singular: String, plural: String? = nil) {
        self.singular = singular
        self.plural = plural ?? singular + "s"
    }

    /// `count` followed by the noun in the right number: `phrase(1)` is "1 equation".
    public func phrase(_ count: Int) -> String {
        "\(count) \(count == 1 ? singular : plural)"
    }

    public static let item = CountNoun("item")
    public static let error = CountNoun("error")
    public static let warning = CountNoun("warning")
}
