/// Renders a report as JUnit XML for CI dashboards (GitLab, Jenkins, Azure).
///
/// One `<testsuite>` per report. Each error is a `<testcase>` with a `<failure>`;
/// each warning or note is a passing `<testcase>` whose `<system-out>` carries
/// the text, since JUnit has no warnings. The items that passed follow: one
/// test case per name in `report.passedItems` when the caller supplied them,
/// otherwise a single test case standing for the `checked - findings` others.
///
/// ```
/// <testsuites name="gradcheck" tests="3" failures="1" errors="0">
///   <testsuite name="exam-q2.md" tests="3" failures="1" errors="0" skipped="0">
///     <testcase classname="exam-q2.md" name="exam-q2.md:62:109 wrong-derivative">
///       <failure type="wrong-derivative" message="…">…</failure>
///     </testcase>
///     <testcase classname="exam-q2.md" name="2 equations without findings"/>
///   </testsuite>
/// </testsuites>
/// ```
///
/// All text goes through `XMLEscaping`, so the output is well-formed XML 1.0.
public struct JUnitRenderer: Sendable {
    public init() {}

    public func render(_ report: DiagnosticReport) -> String {
        var cases: [String] = report.diagnostics.map { testCase(for: $0, in: report) }
        let file = XMLEscaping.attribute(report.file)
        if !report.passedItems.isEmpty {
            cases += report.passedItems.map {
                "    <testcase classname=\"\(file)\" name=\"\(XMLEscaping.attribute($0))\"/>\n"
            }
        } else if report.checked > report.diagnostics.count {
            let rest = report.itemNoun.phrase(report.checked - report.diagnostics.count)
            cases.append("    <testcase classname=\"\(file)\" name=\"\(XMLEscaping.attribute(rest)) without findings\"/>\n")
        }
        let counts = "tests=\"\(cases.count)\" failures=\"\(report.errorCount)\" errors=\"0\""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="\(XMLEscaping.attribute(report.tool))" \(counts)>
              <testsuite name="\(file)" \(counts) skipped="0">

            """
            + cases.joined()
            + "  </testsuite>\n</testsuites>\n"
    }

    private func testCase(for d: Diagnostic, in report: DiagnosticReport) -> String {
        let classname = XMLEscaping.attribute(report.file)
        let name = XMLEscaping.attribute("\(d.location) \(d.ruleID)")
        let body = XMLEscaping.text(TextRenderer(color: false).render(d))
        let open = "    <testcase classname=\"\(classname)\" name=\"\(name)\">\n"
        let close = "    </testcase>\n"
        switch d.severity {
        case .error:
            let attributes = "type=\"\(XMLEscaping.attribute(d.ruleID))\" message=\"\(XMLEscaping.attribute(d.message))\""
            return open + "      <failure \(attributes)>\(body)</failure>\n" + close
        case .warning, .note:
            return open + "      <system-out>\(body)</system-out>\n" + close
        }
    }
}
