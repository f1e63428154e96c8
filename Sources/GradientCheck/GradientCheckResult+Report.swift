import Reporting

extension GradientCheckResult {
    /// The result as a report for Reporting's renderers (text, JSON, JUnit,
    /// GitHub, SARIF): one error per failing component, failing projection or
    /// problem, located at `file:1:1` (the program's source, when it names one).
    package func report(file: String) -> DiagnosticReport {
        let location = SourceLocation(file: file, line: 1, column: 1)
        var diagnostics: [Diagnostic] = problems.map {
            Diagnostic(severity: .error, location: location, message: $0, ruleID: "not-checkable")
        }
        for p in failingProjections {
            diagnostics.append(Diagnostic(
                severity: .error, location: location,
                message: "vᵀJu along random direction \(p.direction) at point \(p.pointIndex + 1) disagrees: "
                    + "\(p.source) gives \(p.claimed), finite differences \(p.estimate.value)",
                notes: ["point \(p.point)",
                        "\(p.estimate.method.name) estimate \(p.estimate.value) ± \(p.estimate.errorEstimate); differ by \(p.difference) > allowed \(p.allowance)",
                        "replay: the same points and \(mode)"],
                ruleID: "projection-mismatch"))
        }
        for c in failures {
            let subject = c.source == "hessian" || c.source == "hvp" ? Subject.hessian : self.subject
            diagnostics.append(Diagnostic(
                severity: .error, location: location,
                message: "\(Self.entryName(row: c.row, column: c.column, subject: subject)) at point \(c.pointIndex + 1) "
                    + "disagrees: \(c.source) claims \(c.claimed), finite differences \(c.estimate.value)",
                notes: ["point \(c.point)",
                        "\(c.estimate.method.name) estimate \(c.estimate.value) ± \(c.estimate.errorEstimate); differ by \(c.difference) > allowed \(c.allowance)"],
                ruleID: "\(subject.rawValue)-mismatch"))
        }
        if components.isEmpty && projections.isEmpty && problems.isEmpty {
            diagnostics.append(Diagnostic(severity: .error, location: location, message: "nothing was checked", ruleID: "not-checkable"))
        }
        let passing = components.filter { !$0.verdict.isFailure }.prefix(1000).map {
            "\(Self.entryName(row: $0.row, column: $0.column, subject: subject)) at point \($0.pointIndex + 1) (\($0.source))"
        }
        return DiagnosticReport(file: file, checked: components.count + projections.count, diagnostics: diagnostics,
                                itemNoun: CountNoun(projections.isEmpty ? "component" : "component or projection",
                                                    plural: projections.isEmpty ? "components" : "components and projections"),
                                passedItems: Array(passing))
    }
}
