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
    /// How many statements the input held and how many were read and judged,
    /// when the command counts them (`key`); `nil` otherwise.
    public var coverage: Coverage?

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
    /// when there are neither errors nor warnings, followed by the coverage when it is known
    /// ("; 25 of 30 statements checked, 2 skipped, 3 could not be read").
    ///
    /// A report in which nothing was checked never says "no errors": it reads
    /// "nothing checked: …", whatever the findings.
    public var summary: String {
        let tail = coverage.map { "; \($0.summary)" } ?? ""
        if checked == 0 {
            return "nothing checked: \(CountNoun.error.phrase(errorCount)), \(CountNoun.warning.phrase(warningCount)) "
                + "in 0 \(itemNoun.plural) checked\(tail)"
        }
        let scope = "in \(itemNoun.phrase(checked)) checked"
        if errorCount == 0 && warningCount == 0 { return "no errors \(scope)\(tail)" }
        return "\(CountNoun.error.phrase(errorCount)), \(CountNoun.warning.phrase(warningCount)) \(scope)\(tail)"
    }

    /// The rule of the finding ``markNothingChecked(_:)`` adds.
    public static let nothingCheckedRule = "nothing-checked"

    /// Makes a run that examined nothing fail in every format: adds one error
    /// finding (rule `nothing-checked`, at line 1 column 1 of the file) saying
    /// `message`, so JSON counts an error, JUnit a failure, GitHub an `::error`
    /// and SARIF an error result. Does nothing when something was checked.
    public mutating func markNothingChecked(_ message: String) {
        guard checked == 0, !diagnostics.contains(where: { $0.ruleID == Self.nothingCheckedRule }) else { return }
        diagnostics.insert(Diagnostic(severity: .error, location: SourceLocation(file: file, line: 1, column: 1),
                                      message: message, ruleID: Self.nothingCheckedRule), at: 0)
    }
}

extension DiagnosticReport {
    /// What an input held and how much of it a command examined, so a report on
    /// a mostly unreadable input cannot look clean: "25 of 30 statements checked,
    /// 2 skipped, 3 could not be read".
    public struct Coverage: Sendable, Equatable, Codable {
        /// Statements found in the input, read or not.
        public var found: Int
        /// Statements that could not be read; each is also a warning (an error under `--strict`).
        public var unread: Int
        /// Statements read and judged.
        public var checked: Int

        public init(found: Int, unread: Int, checked: Int) {
            self.found = found
            self.unread = unread
            self.checked = checked
        }

        /// Read but not judged: a bare term with no relation, a condition.
        public var skipped: Int { max(0, found - unread - checked) }

        /// "25 of 30 statements checked, 2 skipped, 3 could not be read"; the skipped and
        /// unread parts are left out when zero.
        public var summary: String {
            var parts = ["\(checked) of \(CountNoun("statement").phrase(found)) checked"]
            if skipped > 0 { parts.append("\(skipped) skipped") }
            if unread > 0 { parts.append("\(unread) could not be read") }
            return parts.joined(separator: ", ")
        }
    }
}
