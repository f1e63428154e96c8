/// Renders a report the way clang and swiftc print diagnostics:
///
/// ```
/// fixtures/keys/exam-q2.md:62:109: error: ∂Loss/∂w₂ does not match the network
/// $$\frac{\partial Loss}{\partial w_2} = ...
///                                   ^~~~~~~~~~~~~~~~~~~~~~~
/// note: at x = 1.2, w1 = -0.3: left side = 0.125, right side = 0.031
/// note: did you mean \frac{\partial z_2}{\partial w_2}?
/// 1 error, 0 warnings in 37 equations checked
/// ```
///
/// The caret line copies every tab that precedes the column from the source
/// line, so it lines up whatever the terminal's tab width. Columns count
/// Unicode scalars, so wide (CJK) characters and combining marks before the
/// column can still shift it; LaTeX and ASCII answer keys are unaffected.
public struct TextRenderer: Sendable {
    /// Use ANSI colours: bold red `error:`, yellow `warning:`, cyan `note:`, green caret.
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    public func render(_ report: DiagnosticReport) -> String {
        var out = ""
        for diagnostic in report.diagnostics {
            out += render(diagnostic)
        }
        out += report.summary + "\n"
        return out
    }

    /// One diagnostic: heading, source line and caret (when the line is known), notes, suggestion.
    public func render(_ d: Diagnostic) -> String {
        var out = paint("\(d.location): ", ANSI.bold)
        out += paint("\(d.severity.rawValue):", label(d.severity)) + paint(" \(d.message)", ANSI.bold) + "\n"
        if let source = d.sourceLine {
            let (line, column) = Self.excerpt(of: source, around: d.location.column)
            out += Self.displayable(line) + "\n"
            out += paint(Self.caretLine(for: line, column: column, length: d.length), ANSI.green) + "\n"
        }
        for note in d.notes {
            out += paint("note:", ANSI.cyan) + " \(note)\n"
        }
        if let suggestion = d.suggestion {
            out += paint("note:", ANSI.cyan) + " did you mean \(suggestion)?\n"
        }
        return out
    }

    /// The longest source line shown whole, in Unicode scalars.
    public static let longestShownLine = 160

    /// `line` itself when it has at most ``longestShownLine`` scalars; otherwise
    /// that many scalars of it around `column` (from 60 before it), marked `…`
    /// where cut, with the column moved to match. A 1 MB line in a key is
    /// shown as one screen line, not echoed whole.
    public static func excerpt(of line: String, around column: Int) -> (line: String, column: Int) {
        let scalars = Array(trimmingLineBreak(line).unicodeScalars)
        guard scalars.count > longestShownLine else { return (line, column) }
        let start = min(max(0, column - 1 - 60), scalars.count - longestShownLine)
        let end = start + longestShownLine
        var text = String.UnicodeScalarView()
        if start > 0 { text.append("…") }
        text.append(contentsOf: scalars[start..<end])
        if end < scalars.count { text.append("…") }
        return (String(text), column - start + (start > 0 ? 1 : 0))
    }

    /// The caret line under `line`: whitespace up to `column` (tabs copied from the
    /// source), then `^` and `length - 1` tildes, clipped to the end of the line
    /// but always at least the `^`.
    ///
    /// **Edge cases:** a column below 1 counts as 1; a column past the end of the
    /// line puts the caret there, padded with spaces.
    public static func caretLine(for line: String, column: Int, length: Int) -> String {
        let scalars = Array(trimmingLineBreak(line).unicodeScalars)
        let start = max(1, column) - 1
        var caret = ""
        for index in 0..<start {
            caret += index < scalars.count && scalars[index] == "\t" ? "\t" : " "
        }
        let remaining = scalars.count - start
        let span = max(1, min(length, remaining))
        return caret + "^" + String(repeating: "~", count: span - 1)
    }

    /// The source line without its line break, with control characters other than
    /// tab shown as U+FFFD so a hostile file cannot drive the terminal. One scalar
    /// is replaced by one, so the caret still lines up.
    static func displayable(_ line: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in trimmingLineBreak(line).unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            out.append(isControl && scalar != "\t" ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }

    private static func trimmingLineBreak(_ line: String) -> Substring {
        var result = Substring(line)
        while let last = result.unicodeScalars.last, last == "\n" || last == "\r" {
            result = Substring(result.unicodeScalars.dropLast())
        }
        return result
    }

    private func label(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: ANSI.boldRed
        case .warning: ANSI.boldYellow
        case .note: ANSI.cyan
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? code + text + ANSI.reset : text
    }
}

/// The few SGR escape sequences the text renderer uses.
enum ANSI {
    static let reset = "\u{1B}[0m"
    static let bold = "\u{1B}[1m"
    static let boldRed = "\u{1B}[1;31m"
    static let boldYellow = "\u{1B}[1;33m"
    static let cyan = "\u{1B}[1;36m"
    static let green = "\u{1B}[1;32m"
}
