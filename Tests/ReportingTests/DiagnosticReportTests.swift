import Testing
@testable import Reporting

@Suite struct DiagnosticReportTests {
    @Test func countsErrorsAndWarnings() {
        #expect(Samples.report.errorCount == 1)
        #expect(Samples.report.warningCount == 1)
    }

    @Test func summaryAgreesInNumber() {
        #expect(Samples.report.summary == "1 error, 1 warning in 4 equations checked")
        let clean = DiagnosticReport(file: "f", checked: 37, diagnostics: [], itemNoun: CountNoun("equation"))
        #expect(clean.summary == "no errors in 37 equations checked")
        let one = DiagnosticReport(file: "f", checked: 1, diagnostics: [], itemNoun: CountNoun("trajectory", plural: "trajectories"))
        #expect(one.summary == "no errors in 1 trajectory checked")
    }

    @Test func lengthIsAtLeastOne() {
        let d = Diagnostic(severity: .note, location: SourceLocation(file: "f", line: 1, column: 4), length: 0, message: "m", ruleID: "r")
        #expect(d.length == 1)
        #expect(d.endColumn == 5)
    }
}
