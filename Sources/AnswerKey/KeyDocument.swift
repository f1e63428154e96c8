import Reporting

/// An answer key read into statements: the math cut out of the file by its
/// ``KeyReader`` (Markdown, LaTeX or notebook), parsed, alignment rows split at
/// `\\`, and chains that continue on the next row or display (`&= …`,
/// `$$= …$$`) joined to the statement they continue.
public struct KeyDocument: Sendable {
    public let file: String
    /// The lines positions refer to, for the source line under a diagnostic: the
    /// file's lines, or a notebook's markdown cells one after another.
    public let lines: [String]
    /// How many math spans (formulas) the file holds.
    public let spanCount: Int
    /// The math spans, as the reader cut them out (macros expanded, `\label` removed).
    public let spans: [MathSpan]
    /// Every statement, in order, continuations joined.
    public let statements: [KeyStatement]
    /// For each statement, the index in ``spans`` of the formula it starts in
    /// (for its ``MathSpan/prose``, ``MathSpan/trailingProse`` and ``MathSpan/section``).
    public let statementSpans: [Int]
    /// Math that could not be read: warnings, the rest of the file is still checked.
    public let problems: [Diagnostic]
    /// Formulas that could not be read (each is one of ``problems``): they may hold
    /// several statements, but count as one.
    public let unreadCount: Int
    /// The formulas that could not be read, as written, with the line each starts on: a name
    /// they set equal to something (`\delta_2 = …`) may be defined there, so claims using it are not judged.
    let unreadMath: [(text: String, line: Int)]
    /// Where each notebook cell starts among ``lines``; empty for other files.
    let cells: [KeySource.Cell]

    public init(text: String, file: String, reader: KeyReader = .markdown, vocabulary: MathVocabulary) {
        self.init(source: reader.read(text), file: file, vocabulary: vocabulary)
    }

    init(source: KeySource, file: String, vocabulary: MathVocabulary) {
        self.file = file
        self.lines = source.lines
        self.cells = source.cells
        let spans = source.spans.map { $0.normalised() }
        self.spans = spans
        spanCount = spans.count
        var problems: [Diagnostic] = []
        var statements: [KeyStatement] = []
        var statementSpans: [Int] = []
        var unread = source.unreadSpans
        var unreadMath: [(text: String, line: Int)] = []
        var nextID = 0
        let lines = self.lines
        let cells = self.cells
        func sourceLine(_ line: Int) -> String? { line >= 1 && line <= lines.count ? lines[line - 1] : nil }
        func location(_ p: TextPosition) -> SourceLocation { Self.location(p, file: file, cells: cells) }
        for problem in source.problems {
            problems.append(Diagnostic(
                severity: .warning, location: location(problem.position),
                length: 2, message: problem.message, sourceLine: sourceLine(problem.position.line), ruleID: "parse-error"))
        }
        var previousWasDisplay = false
        for (spanIndex, span) in spans.enumerated() {
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
                                location: location(mark),
                                message: "this math starts with '=' but does not follow a display it could continue",
                                sourceLine: sourceLine(mark.line), ruleID: "dangling-continuation"))
                        }
                        statements.append(row)
                        statementSpans.append(spanIndex)
                    }
                }
            } catch {
                let offset = min(error.offset, span.positions.count - 1)
                let position = span.positions[offset]
                unread += 1
                unreadMath.append((span.string, span.positions[0].line))
                problems.append(Diagnostic(
                    severity: .warning, location: location(position),
                    message: "cannot read this math: \(error.message); the rest of the file is still checked",
                    sourceLine: sourceLine(position.line), ruleID: "parse-error"))
            }
            nextID = parser.nextID
            previousWasDisplay = span.isDisplay
        }
        self.statements = statements
        self.statementSpans = statementSpans
        self.problems = problems
        self.unreadCount = unread
        self.unreadMath = unreadMath
    }

    /// The line of the first formula that could not be read and may define `latex`: it writes the
    /// name (`\delta_2`, also `\delta_{2}`) right before `=`, `:=`, `\equiv`, … A mention is the
    /// whole name: `r` is not in `\frac` or `r_2`, `\delta_2` not in `\delta_{23}`.
    func unreadLine(defining latex: String) -> Int? {
        func plain(_ text: String) -> [Character] { Array(text.filter { !$0.isWhitespace && $0 != "{" && $0 != "}" }) }
        let name = plain(latex)
        guard let last = name.last else { return nil }
        return unreadMath.first { math in
            let text = plain(math.text)
            guard text.count >= name.count else { return false }
            for k in 0...(text.count - name.count) where Array(text[k..<k + name.count]) == name {
                let before = k > 0 ? text[k - 1] : nil
                let after = k + name.count < text.count ? text[k + name.count] : nil
                if let before, before.isLetter || (before == "\\" && name.first != "\\") { continue }
                if let after, last.isNumber ? after.isNumber : (after.isLetter || after == "_") { continue }
                let rest = String(text[(k + name.count)...])
                if ["=", ":=", "\\equiv", "\\coloneqq", "\\triangleq", "\\stackrel", "\\overset", "\\approx"]
                    .contains(where: rest.hasPrefix) { return true }
            }
            return false
        }?.line
    }

    /// The text of line `line` (1-based), if the file has it.
    public func sourceLine(_ line: Int) -> String? {
        line >= 1 && line <= lines.count ? lines[line - 1] : nil
    }

    /// Where `position` is, in this file (in a notebook: the cell, and the line inside it).
    public func location(_ position: TextPosition) -> SourceLocation {
        Self.location(position, file: file, cells: cells)
    }

    private static func location(_ p: TextPosition, file: String, cells: [KeySource.Cell]) -> SourceLocation {
        guard let cell = cells.last(where: { $0.firstLine <= p.line }) else {
            return SourceLocation(file: file, line: p.line, column: p.column)
        }
        return SourceLocation(file: file, line: p.line - cell.firstLine + 1, column: p.column, cell: cell.number)
    }
}
