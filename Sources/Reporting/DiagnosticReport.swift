/// Everything one command found in one input file, ready to render.
///
/// `checked` counts the items examined (equations, grid points, trajectories),
/// whether or not they produced a finding, so a report can say
/// "no errors in 37 equations checked" rather than print nothing.
public struct DiagnosticReport: Sendable, Equatable, Codable {
    /// The name used for `tool` unless the caller says otherwise.
    public static let defaultTool = "gradcheck"
    /// The version used for `toolVersion` unless the caller says otherwise.
    public static let defaultToolVersion = "0.1.0"

    /// The input file, as given on the command line.
    public var file: String
    /// How many items were checked, passing or not.
    public var checked: Int
    /// The findings, in the order they should be shown (usually by position).
    public var diagnostics: [Diagnostic]
    /// What an item is, for summaries: `CountNoun("equation")`.
    public var itemNoun: CountNoun
    /// Names of the checked items that passed, when the caller has them
    /// (JUnit then writes one passing test case per name); may be empty.
    public var passedItems: [String]
    public var tool: String
    public var toolVersion: String

    public init(
        file: String,
        checked: Int,
        diagnostics: [Diagnostic],
        itemNoun: CountNoun = .item,
        passedItems: [String] = [],
        tool: String = DiagnosticReport.defaultTool,
        toolVersion: String = DiagnosticReport.defaultToolVersion
    ) {
        self.file = file
        self.checked = checked
        self.diagnostics = diagnostics
        self.itemNoun = itemNoun
        self.passedItems = passedItems
        self.tool = tool
        self.toolVersion = toolVersion
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// "4 errors, 0 warnings in 37 equations checked", or "no errors in 37 equations checked"
    /// when there are neither errors nor warnings.
    public var summary: String {
        let scope = "in \(itemNoun.phrase(checked)) checked"
        if errorCount == 0 && warningCount == 0 { return "no errors \(scope)" }
        return "\(CountNoun.error.phrase(errorCount)), \(CountNoun.warning.phrase(warningCount)) \(scope)"
    }
}
