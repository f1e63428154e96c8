/// The output formats every command offers with `--format`.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// Compiler-style lines with source and caret, for people (`TextRenderer`).
    case text
    /// One JSON object, for scripts (`JSONRenderer`).
    case json
    /// JUnit XML, for CI test dashboards (`JUnitRenderer`).
    case junit
    /// GitHub Actions annotations (`GitHubRenderer`).
    case github
    /// SARIF 2.1.0, for code-scanning viewers (`SARIFRenderer`).
    case sarif
}

/// Renders `report` in `format`. `color` applies to `.text` only; the machine
/// formats never contain escape sequences.
public func render(_ report: DiagnosticReport, as format: DiagnosticFormat, color: Bool) -> String {
    switch format {
    case .text: TextRenderer(color: color).render(report)
    case .json: JSONRenderer().render(report)
    case .junit: JUnitRenderer().render(report)
    case .github: GitHubRenderer().render(report)
    case .sarif: SARIFRenderer().render(report)
    }
}
