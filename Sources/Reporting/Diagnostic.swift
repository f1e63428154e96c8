/// One finding about the user's input: what is wrong, where, and how to fix it.
///
/// A diagnostic is plain data. Renderers (`TextRenderer`, `JSONRenderer`,
/// `JUnitRenderer`, `GitHubRenderer`, `SARIFRenderer`) turn a
/// `DiagnosticReport` of them into text; nothing here prints.
///
/// ```
/// fixtures/keys/exam-q2.md:62:109: error: ∂Loss/∂w₂ does not match the network
/// $$\frac{\partial Loss}{\partial w_2} = ...
///                                   ^~~~~~~~~~~~~~~~~~~~~~~
/// note: at x = 1.2, w1 = -0.3: left side = 0.125, right side = 0.031
/// note: did you mean \frac{\partial z_2}{\partial w_2}?
/// ```
public struct Diagnostic: Sendable, Equatable, Codable {
    /// How bad a finding is. Only `.error` makes a command fail.
    public enum Severity: String, Sendable, Equatable, Codable, CaseIterable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    /// Where the underlined span starts (1-based line and column, columns in Unicode scalars).
    public var location: SourceLocation
    /// How many characters (Unicode scalars) to underline, starting at `location`; at least 1.
    public var length: Int
    /// What is wrong, one line, no location prefix and no trailing period needed.
    public var message: String
    /// The full text of the line at `location.line`, without its line break,
    /// for the caret display; `nil` when there is no line to show.
    public var sourceLine: String?
    /// Extra lines of evidence, e.g. "at x = 1.2, w1 = -0.3: left side = 0.125, right side = 0.031".
    public var notes: [String]
    /// Replacement text for the underlined span, e.g. `\frac{\partial z_2}{\partial w_2}`.
    ///
    /// Store only the replacement: renderers add the "did you mean …?" wording,
    /// and SARIF turns it into a fix that replaces exactly `length` characters.
    public var suggestion: String?
    /// A stable, kebab-case rule identifier such as "wrong-derivative" or "parse-error".
    public var ruleID: String

    /// Creates a diagnostic; a `length` below 1 is raised to 1.
    public init(
        severity: Severity,
        location: SourceLocation,
        length: Int = 1,
        message: String,
        sourceLine: String? = nil,
        notes: [String] = [],
        suggestion: String? = nil,
        ruleID: String
    ) {
        self.severity = severity
        self.location = location
        self.length = max(1, length)
        self.message = message
        self.sourceLine = sourceLine
        self.notes = notes
        self.suggestion = suggestion
        self.ruleID = ruleID
    }

    /// The column one past the underlined span (`column + length`), as SARIF's `endColumn`.
    public var endColumn: Int { location.column + max(1, length) }
}
