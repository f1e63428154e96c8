/// Renders a report as GitHub Actions workflow commands, which the runner turns
/// into annotations on the pull request's diff:
///
/// ```
/// ::error file=keys/q2.md,line=62,col=109,endColumn=138,title=gradcheck wrong-derivative::∂Loss/∂w₂ …%0Anote: at x = 1.2 …
/// 1 error, 0 warnings in 37 equations checked
/// ```
///
/// Errors become `::error`, warnings `::warning`, notes `::notice`. Notes and the
/// suggestion follow the message on their own lines. The last line is the plain
/// summary, which the runner shows in the log.
///
/// A finding in a notebook cell is annotated on the `.ipynb` file without a
/// line (the cell's line numbers are not the JSON file's), and its message and
/// title start with the cell position, `cell 4:3:15`.
///
/// **Escaping** (as the runner's `toolkit/command` expects): in the message,
/// `%` → `%25`, CR → `%0D`, LF → `%0A`; in property values also `:` → `%3A`
/// and `,` → `%2C`.
public struct GitHubRenderer: Sendable {
    public init() {}

    public func render(_ report: DiagnosticReport) -> String {
        report.diagnostics.map { command(for: $0) + "\n" }.joined() + report.summary + "\n"
    }

    /// One workflow command line, without the trailing newline.
    public func command(for d: Diagnostic) -> String {
        let place = d.location.cell == nil
            ? [("line", String(d.location.line)), ("col", String(d.location.column)), ("endColumn", String(d.endColumn))]
            : []
        let title = d.location.cell == nil ? "gradcheck \(d.ruleID)" : "gradcheck \(d.ruleID) at \(d.location.position)"
        let properties = ([("file", d.location.file)] + place + [("title", title)])
            .map { "\($0.0)=\(Self.escapeProperty($0.1))" }
            .joined(separator: ",")
        let heading = d.location.cell == nil ? d.message : "\(d.location.position): \(d.message)"
        var lines = [heading] + d.notes.map { "note: \($0)" }
        if let suggestion = d.suggestion { lines.append("did you mean \(suggestion)?") }
        return "::\(Self.command(for: d.severity)) \(properties)::\(Self.escapeData(lines.joined(separator: "\n")))"
    }

    static func command(for severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
    }

    /// `%`, CR and LF percent-encoded, for the message after `::`.
    public static func escapeData(_ string: String) -> String {
        escape(string, isProperty: false)
    }

    /// `escapeData` plus `:` and `,`, for property values such as `file=` and `title=`.
    public static func escapeProperty(_ string: String) -> String {
        escape(string, isProperty: true)
    }

    private static func escape(_ string: String, isProperty: Bool) -> String {
        var out = ""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where isProperty: out += "%3A"
            case "," where isProperty: out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
