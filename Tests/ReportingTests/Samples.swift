@testable import Reporting

/// Reports shared by the renderer tests.
enum Samples {
    static let line = "$$dL/dw = x * delta_1$$"

    /// One wrong term (`delta_1`, columns 15–21) with evidence and a suggestion.
    static let wrongTerm = Diagnostic(
        severity: .error,
        location: SourceLocation(file: "keys/q.md", line: 3, column: 15),
        length: 7,
        message: "dL/dw does not match the network",
        sourceLine: line,
        notes: ["at x = 1.2, w = -0.3: left side = 0.125, right side = 0.031"],
        suggestion: "delta_2",
        ruleID: "wrong-derivative"
    )

    static let unusedSymbol = Diagnostic(
        severity: .warning,
        location: SourceLocation(file: "keys/q.md", line: 9, column: 1),
        message: "symbol 'b_3' is never used",
        ruleID: "unused-symbol"
    )

    static let report = DiagnosticReport(
        file: "keys/q.md",
        checked: 4,
        diagnostics: [wrongTerm, unusedSymbol],
        itemNoun: CountNoun("equation")
    )

    /// Text that every escaping scheme must survive.
    static let hostile = "a < b & c > \"d\" 'e' 100% x:y, z\nline2\r\u{1}\u{1B}[31m"

    static let hostileReport = DiagnosticReport(
        file: "dir, with: odd/na me&.md",
        checked: 2,
        diagnostics: [
            Diagnostic(
                severity: .error,
                location: SourceLocation(file: "dir, with: odd/na me&.md", line: 1, column: 2),
                length: 3,
                message: hostile,
                sourceLine: hostile,
                notes: [hostile],
                suggestion: hostile,
                ruleID: "parse-error"
            )
        ],
        passedItems: ["<eq 2> & \"more\""]
    )
}
