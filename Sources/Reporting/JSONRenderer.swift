/// Renders a report as one JSON object for scripts and editors.
///
/// Keys are sorted and the output is pretty-printed, so it is stable across runs:
///
/// ```
/// {
///   "checked" : 37,                  // items examined, passing or not
///   "errors" : 1,                    // findings with severity "error"
///   "file" : "fixtures/keys/exam-q2.md",
///   "findings" : [
///     {
///       "cell" : 4,                  // only in a notebook: 1-based cell, line and column inside it
///       "column" : 109,              // 1-based, in Unicode scalars
///       "file" : "fixtures/keys/exam-q2.md",
///       "length" : 29,               // scalars underlined, at least 1
///       "line" : 62,                 // 1-based
///       "message" : "…",
///       "notes" : ["at x = 1.2, …"], // extra evidence lines, possibly empty
///       "rule" : "wrong-derivative", // stable rule identifier
///       "severity" : "error",        // "error", "warning" or "note"
///       "suggestion" : "\\frac{…}"   // replacement for the span, or null
///     }
///   ],
///   "statements" : {                 // present when the command counts statements (key)
///     "checked" : 25, "found" : 30, "skipped" : 2, "unread" : 3
///   },
///   "status" : "failed",             // "passed", "failed" or "nothing-checked"
///   "summary" : "1 error, 0 warnings in 37 equations checked; …",
///   "tool" : "gradcheck",
///   "toolVersion" : "0.1.0",
///   "warnings" : 0                   // findings with severity "warning"
/// }
/// ```
public struct JSONRenderer: Sendable {
    public init() {}

    public func render(_ report: DiagnosticReport) -> String {
        JSONText.encode(Document(report))
    }

    private struct Document: Encodable {
        var file, tool, toolVersion, status, summary: String
        var checked, errors, warnings: Int
        var statements: Statements?
        var findings: [Finding]

        init(_ report: DiagnosticReport) {
            file = report.file
            status = report.checked == 0 ? "nothing-checked" : report.errorCount > 0 ? "failed" : "passed"
            summary = report.summary
            statements = report.coverage.map {
                Statements(found: $0.found, checked: $0.checked, skipped: $0.skipped, unread: $0.unread)
            }
            tool = report.tool
            toolVersion = report.toolVersion
            checked = report.checked
            errors = report.errorCount
            warnings = report.warningCount
            findings = report.diagnostics.map(Finding.init)
        }
    }

    private struct Statements: Encodable {
        var found, checked, skipped, unread: Int
    }

    private struct Finding: Encodable {
        var file: String
        var cell: Int?
        var line, column, length: Int
        var severity, rule, message: String
        var suggestion: String?
        var notes: [String]

        init(_ d: Diagnostic) {
            file = d.location.file
            cell = d.location.cell
            line = d.location.line
            column = d.location.column
            length = d.length
            severity = d.severity.rawValue
            rule = d.ruleID
            message = d.message
            suggestion = d.suggestion
            notes = d.notes
        }

        enum CodingKeys: String, CodingKey {
            case file, cell, line, column, length, severity, rule, message, suggestion, notes
        }

        // Written by hand so a missing suggestion appears as `null`, not as an absent key.
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encodeIfPresent(cell, forKey: .cell)
            try c.encode(line, forKey: .line)
            try c.encode(column, forKey: .column)
            try c.encode(length, forKey: .length)
            try c.encode(severity, forKey: .severity)
            try c.encode(rule, forKey: .rule)
            try c.encode(message, forKey: .message)
            try c.encode(suggestion, forKey: .suggestion)
            try c.encode(notes, forKey: .notes)
        }
    }
}
