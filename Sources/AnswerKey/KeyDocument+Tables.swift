/// Math in Markdown table cells: `| $a_1$ | $\sigma(z_1)$ | $0.6225$ |`.
///
/// Cells are not joined into equations (a header row of names is not a chain of
/// equalities), so a row of math without a relation is not checked; it must not
/// look checked either.
extension KeyDocument {
    /// The first line of each Markdown table that has a row with two or more formulas and no
    /// relation among them: a warning is due there.
    func tablesWithUncheckedMath(_ statements: [KeyStatement]) -> [Int] {
        let related = Set(statements.filter { $0.terms.count >= 2 }.map { $0.spanStart })
        var formulas: [Int: (count: Int, related: Bool)] = [:]
        for span in spans {
            guard let start = span.positions.first else { continue }
            var row = formulas[start.line] ?? (0, false)
            row.count += 1
            row.related = row.related || related.contains(start)
            formulas[start.line] = row
        }
        var result: [Int] = []
        var tableStart: Int?
        var reported = false
        for (k, line) in lines.enumerated() {
            let n = k + 1
            let isRow = line.drop { $0 == " " }.hasPrefix("|") && line.filter { $0 == "|" }.count >= 2
            guard isRow else {
                tableStart = nil
                continue
            }
            if tableStart == nil {
                tableStart = n
                reported = false
            }
            if !reported, let row = formulas[n], row.count >= 2, !row.related {
                result.append(n)
                reported = true
            }
        }
        return result
    }
}
