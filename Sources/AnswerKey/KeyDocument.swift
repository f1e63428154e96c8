import Reporting

/// An answer key read into statements: the math cut out of the Markdown,
/// parsed, and display chains that continue on the next display (`$$= …$$`)
/// joined to the statement they continue.
public struct KeyDocument: Sendable {
    public let file: String
    /// The file's lines, for the source line under a diagnostic.
    public let lines: [String]
    /// How many `$…$`/`$$…$$` spans the file holds.
    public let spanCount: Int
    /// Every statement, in order, continuations joined.
    public let statements: [KeyStatement]
    /// Math that could not be read: warnings, the rest of the file is still checked.
    public let problems: [Diagnostic]

    public init(text: String, file: String, vocabulary: MathVocabulary) {
        self.file = file
        self.lines = text.sourceLines.map(String.init)
        let extraction = MathExtractor.extract(text)
        spanCount = extraction.spans.count
        var problems: [Diagnostic] = []
        var statements: [KeyStatement] = []
        var nextID = 0
        let lines = self.lines
        func sourceLine(_ line: Int) -> String? { line >= 1 && line <= lines.count ? lines[line - 1] : nil }
        for problem in extraction.problems {
            problems.append(Diagnostic(
                severity: .warning, location: SourceLocation(file: file, line: problem.position.line, column: problem.position.column),
                length: 2, message: problem.message, sourceLine: sourceLine(problem.position.line), ruleID: "parse-error"))
        }
        var previousWasDisplay = false
        for span in extraction.spans {
            var parser = MathParser(span: span, vocabulary: vocabulary, firstID: nextID)
            do {
                let rows = try parser.parseRows()
                for (r, row) in rows.enumerated() {
                    let joinsPrevious = row.continues && !statements.isEmpty
                        && (r > 0 || (span.isDisplay && previousWasDisplay))
                        && statements[statements.count - 1].relation == .equality && row.relation == .equality
                    if joinsPrevious {
                        statements[statements.count - 1].terms += row.terms
                    } else {
                        if let mark = row.continuation {
                            problems.append(Diagnostic(
                                severity: .warning,
                                location: SourceLocation(file: file, line: mark.line, column: mark.column),
                                message: "this math starts with '=' but does not follow a display it could continue",
                                sourceLine: sourceLine(mark.line), ruleID: "dangling-continuation"))
                        }
                        statements.append(row)
                    }
                }
            } catch {
                let offset = min(error.offset, span.positions.count - 1)
                let position = span.positions[offset]
                problems.append(Diagnostic(
                    severity: .warning, location: SourceLocation(file: file, line: position.line, column: position.column),
                    message: "cannot read this math: \(error.message); the rest of the file is still checked",
                    sourceLine: sourceLine(position.line), ruleID: "parse-error"))
            }
            nextID = parser.nextID
            previousWasDisplay = span.isDisplay
        }
        self.statements = statements
        self.problems = problems
    }

    /// The text of line `line` (1-based), if the file has it.
    public func sourceLine(_ line: Int) -> String? {
        line >= 1 && line <= lines.count ? lines[line - 1] : nil
    }

    /// Where `position` is, in this file.
    public func location(_ position: TextPosition) -> SourceLocation {
        SourceLocation(file: file, line: position.line, column: position.column)
    }
}
