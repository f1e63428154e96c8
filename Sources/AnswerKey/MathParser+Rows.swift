import Foundation

/// Rows, relations and the clauses around them.
///
/// ```
/// span     = row (separator row)*        separator: \\  ,  ;  \quad  \qquad  \text{and}  \implies  \Rightarrow
///                                                   \therefore  \text{hence}  …
/// row      = ["="] sum (relation sum)* [clause]  |  sum (comparison sum)+
/// relation = "=" | \approx | ≈ | \simeq | \doteq                       (equality)
///          | \leftarrow | \gets                                         (update)
///          | ":=" | \coloneqq | \equiv | \triangleq | \stackrel{…}{=}  (definition)
/// clause   = \text{when|if|for|at|…} condition ("," condition)*       (the row holds where they hold)
///          | \text{where|with|let} row …                                (the rows that follow are definitions)
/// tuple    = "(" sum ("," sum)+ ")" "=" "(" sum ("," sum)+ ")"            (one row per position)
/// premise  = sum (comparison sum)+ (\Rightarrow | \implies) row           (the row holds where it holds)
/// bar      = \left. sum \right|_{conditions}  |  sum [\Big]|_{conditions}  (the row holds where they hold)
/// cases    = \begin{cases} sum [&] (condition | \text{if …} | \text{otherwise}) \\ … \end{cases}
/// ```
/// A row `A \leftarrow B = C` is the update `A \leftarrow B` and the chain `B = C`;
/// `A := B = C` is the definition `A := B` and the chain `B = C`. A row
/// `A = \begin{cases} … \end{cases}` is one row per case, each with its condition.
extension MathParser {
    /// Words of `\text{…}` that introduce conditions: the row holds where they hold.
    static let conditionWords: Set<String> = [
        "when", "whenever", "if", "for", "at", "provided", "assuming", "given", "iff", "in case",
    ]
    /// Words of `\text{…}` that introduce definitions.
    static let definitionWords: Set<String> = ["where", "with", "let", "here", "and where", "in which", "wherein"]
    /// Commands that join two statements of one row: `A = B \implies C = D`, `\therefore C = D`.
    static let connectiveCommands: Set<String> = [
        "implies", "impliedby", "Rightarrow", "Longrightarrow", "Leftrightarrow", "Longleftrightarrow", "iff",
        "therefore", "because",
    ]
    /// Words of `\text{…}` that join two statements: `A = B \text{ hence } C = D`.
    static let connectiveWords: Set<String> = [
        "so", "hence", "thus", "therefore", "then", "i.e", "ie", "giving", "gives", "which gives", "so that", "and so",
        "and hence", "we get", "and thus",
    ]

    /// Whether the current token is `\Rightarrow`, `\implies` or `\Longrightarrow`.
    var isImplication: Bool { current.isCommand("implies") || current.isCommand("Rightarrow") || current.isCommand("Longrightarrow") }

    /// Whether the current token joins two statements (``connectiveCommands``).
    var isConnective: Bool {
        if case .command(let c) = current.kind { return Self.connectiveCommands.contains(c) }
        return false
    }

    /// Every row of the span; a row starting with `=` is marked as continuing.
    mutating func parseRows() throws(MathSyntaxError) -> [KeyStatement] {
        if let matrix = tokens.first(where: { $0.isCommand("beginmatrix") }) {
            // Its `\\` separate components, not statements: reading it row by row would be wrong.
            throw MathSyntaxError(message: "vectors and matrices are not supported; write one equation per component",
                                  offset: matrix.range.lowerBound)
        }
        var rows: [KeyStatement] = []
        /// Comparisons before `\Rightarrow` or `\implies`: conditions of the next row.
        var premises: [KeyCondition] = []
        while !current.isEnd {
            if current.isCommand("\\") { rowsDefine = false }
            if current.isCommand("\\") || isSpacing || isConnective || current.isSymbol(",") || current.isSymbol(";")
                || current.isSymbol(".") || current.isCommand("endcases") {
                advance()
                continue
            }
            if isProse {
                let words = proseWords
                try skipGroupCommand()
                if Self.definitionWords.contains(words) { rowsDefine = true }
                continue
            }
            if let tuple = parseTuple() {
                rows += tuple
                continue
            }
            var parsed = try parseRow()
            for k in parsed.indices { parsed[k].conditions += premises }
            premises = []
            if !parsed.isEmpty, parsed.allSatisfy(\.isComparison), isImplication {
                // `z_1 > 0 \Rightarrow A = B`: the comparison is the condition of the row it implies.
                premises = parsed.map { KeyCondition(lhs: $0.terms[0], comparison: $0.comparison!, rhs: $0.terms[1]) }
                advance()
                continue
            }
            rows += parsed + annotations
            annotations = []
        }
        for r in rows.indices {
            rows[r].prose = span.prose
            rows[r].trailingProse = span.trailingProse
            rows[r].section = span.section
            rows[r].spanStart = span.positions[0]
            rows[r].spanEnd = span.positions[span.positions.count - 1]
        }
        return rows
    }

    /// One row, or several when it holds an update or definition followed by a chain, or cases.
    mutating func parseRow() throws(MathSyntaxError) -> [KeyStatement] {
        skipSpacing()
        var continuation: TextPosition?
        var continuesApproximately = false
        if let (relation, approximate) = relationAhead, relation == .equality {
            // `= …` or `\approx …`: the row continues the previous one.
            continuation = span.positions[current.range.lowerBound]
            continuesApproximately = approximate
            advanceRelation()
        }
        if atRowEnd { return [] }
        var finished: [KeyStatement] = []
        var firstTerm = try parseSum()
        firstTerm.approximate = continuesApproximately
        let updatesFirst = updatedNames.contains(firstTerm.id)
        var row = KeyStatement(relation: rowsDefine ? .definition : .equality, terms: [firstTerm],
                               continuation: continuation, isDisplay: span.isDisplay)
        var relation: KeyStatement.Relation?
        while true {
            skipTrailingPunctuation()
            if atRowEnd || isConnective { break }
            if isSpacing {
                skipSpacing()
                if atRowEnd { break }
                if !isProse && relationAhead == nil { break }  // `A = B \quad C = D`: two rows
            }
            if isProse {
                let words = proseWords
                if Self.conditionWords.contains(words) || words.hasPrefix("for ") || words.hasPrefix("if ") {
                    try skipGroupCommand()
                    row.conditions += try parseConditions()
                } else if Self.definitionWords.contains(words) {
                    try skipGroupCommand()
                    rowsDefine = true
                } else if words == "and" || words == "or" || words.isEmpty {
                    try skipGroupCommand()
                } else if Self.connectiveWords.contains(words) {
                    break  // `A = B \text{ hence } C = D`: the next row starts after the words
                } else {
                    // Prose: the rest of the row is not math to check.
                    while !atRowEnd && !isSpacing { advance() }
                }
                break
            }
            if current.isSymbol(",") || current.isSymbol(";") {
                advance()
                skipSpacing()
                if isProse { continue }  // `, \quad \text{where } …`
                break
            }
            if relation == nil, row.terms.count == 1, let comparison = comparisonAhead {
                advanceComparison()
                row.terms.append(try parseSum())
                row.comparison = comparison
                // `0 < \sigma'(z) \le \frac14`: one comparison per neighbouring pair.
                while let next = comparisonAhead {
                    advanceComparison()
                    let rhs = try parseSum()
                    finished.append(row)
                    row = KeyStatement(relation: .equality, terms: [row.terms[1], rhs], continuation: nil, isDisplay: span.isDisplay)
                    row.comparison = next
                }
                break
            }
            if isEvaluationBar {
                try parseEvaluationBar()
                continue
            }
            let relationToken = current
            guard let (found, approximate) = relationAhead else {
                throw MathSyntaxError(message: "unexpected \(describe(current)) after a complete term", offset: current.range.lowerBound)
            }
            advanceRelation()
            skipSpacing()
            if let relation {
                guard found == .equality else {
                    throw MathSyntaxError(message: "an update (\\leftarrow) or a definition (:=) cannot follow another relation",
                                          offset: relationToken.range.lowerBound)
                }
                if relation != .equality {
                    // `w \leftarrow E = F`: the update, then the chain `E = F`.
                    finished.append(settled(row))
                    row = KeyStatement(relation: .equality, terms: [row.terms[row.terms.count - 1]], continuation: nil,
                                       isDisplay: span.isDisplay)
                }
            } else if updatesFirst, found != .update {
                row.relation = .update  // `w_2^{new} = w_2 - \alpha …`
            } else {
                row.relation = found == .equality && rowsDefine ? .definition : found
            }
            relation = finished.isEmpty ? row.relation : .equality
            if atRowEnd {
                throw MathSyntaxError(message: "expected a term after the relation", offset: current.range.lowerBound)
            }
            if current.isCommand("begincases") {
                return withEvaluationConditions(finished + (try parseCases(after: settled(row))))
            }
            var term = try parseSum()
            term.approximate = approximate
            row.terms.append(term)
        }
        return withEvaluationConditions(finished + [settled(row)])
    }

    /// Whether the `{…}` group at token `i` holds words (`{\text{chain rule}}`), not math.
    func isProseGroup(at i: Int) -> Bool {
        guard i + 1 < tokens.count, case .command(let c) = tokens[i + 1].kind else { return false }
        return Self.nameWrappers.contains(c) && groupText(from: i + 2).contains(" ")
    }

    /// `(x, y^*) = (2, 1)`: one row per position (`x = 2`, `y^* = 1`); `nil`, with nothing
    /// consumed, if the row is not two tuples of the same length set equal.
    mutating func parseTuple() -> [KeyStatement]? {
        guard current.isSymbol("(") else { return nil }
        let saved = index
        do {
            let left = try parseTupleItems()
            guard left.count >= 2, let (relation, _) = relationAhead, relation == .equality else {
                index = saved
                return nil
            }
            advanceRelation()
            let right = try parseTupleItems()
            skipTrailingPunctuation()
            guard right.count == left.count, atRowEnd || isSpacing || current.isSymbol(",") || current.isSymbol(";") else {
                index = saved
                return nil
            }
            return zip(left, right).map { l, r in
                KeyStatement(relation: rowsDefine ? .definition : .equality, terms: [l, r], continuation: nil,
                             isDisplay: span.isDisplay)
            }
        } catch {
            index = saved
            return nil
        }
    }

    /// `(a, b, …)`: the terms between the brackets.
    mutating func parseTupleItems() throws(MathSyntaxError) -> [MathTerm] {
        try expect("(")
        var items = [try parseSum()]
        while current.isSymbol(",") {
            advance()
            items.append(try parseSum())
        }
        try expect(")")
        return items
    }

    /// `rows` under the conditions of the evaluation bars written in them (`\right|_{x = 1}`).
    mutating func withEvaluationConditions(_ rows: [KeyStatement]) -> [KeyStatement] {
        defer { evaluationConditions = [] }
        return rows.map { row in
            var row = row
            row.conditions += evaluationConditions
            return row
        }
    }

    /// `w_1 := w_1 - \alpha …` is a step, not a definition.
    func settled(_ row: KeyStatement) -> KeyStatement {
        var row = row
        if row.relation == .definition, row.terms.count >= 2, mentions(row.terms[1], row.terms[0]) { row.relation = .update }
        return row
    }

    var atRowEnd: Bool { current.isEnd || current.isCommand("\\") || current.isCommand("endcases") }

    /// `\quad` or `\qquad`.
    var isSpacing: Bool { current.isCommand("quad") || current.isCommand("qquad") }

    mutating func skipSpacing() {
        while isSpacing { advance() }
    }

    /// `\text{…}` holding words separated by spaces is prose (also `\text{and}`, `\text{where}`).
    var isProse: Bool {
        guard case .command(let c) = current.kind, Self.nameWrappers.contains(c) || c == "tag" || c == "mbox" else { return false }
        guard peek(1).isSymbol("{") else { return false }
        let content = groupText(from: index + 1)
        let words = content.lowercased().trimmingCharacters(in: .whitespaces)
        return content.contains(" ") || c == "tag" || content.isEmpty || Self.conditionWords.contains(words)
            || Self.definitionWords.contains(words) || Self.connectiveWords.contains(words)
            || ["and", "or", "otherwise", "then", "else"].contains(words)
    }

    /// The words of the prose group at the current token, lower-cased, without surrounding
    /// spaces and punctuation.
    var proseWords: String {
        groupText(from: index + 1).lowercased()
            .trimmingCharacters(in: CharacterSet.whitespaces.union(.punctuationCharacters))
    }

    /// Skips `\text{…}`.
    mutating func skipGroupCommand() throws(MathSyntaxError) {
        advance()
        try skipGroup()
    }

    mutating func skipTrailingPunctuation() {
        while current.isSymbol(",") || current.isSymbol(".") || current.isSymbol(";") {
            let next = peek(1)
            guard next.isEnd || next.isCommand("\\") || next.isCommand("endcases") else { return }
            advance()
        }
    }

    // MARK: Relations and comparisons

    /// The relation at the current token and whether it is approximate, if there is one.
    var relationAhead: (KeyStatement.Relation, Bool)? {
        switch current.kind {
        case .symbol("="): return (.equality, false)
        case .symbol("≈"): return (.equality, true)
        case .command("approx"), .command("simeq"), .command("doteq"), .command("approxeq"), .command("thickapprox"):
            return (.equality, true)
        case .command("leftarrow"), .command("gets"), .command("longleftarrow"): return (.update, false)
        case .command("coloneqq"), .command("equiv"), .command("triangleq"), .command("defeq"), .command("eqqcolon"):
            return (.definition, false)
        case .command("stackrel"), .command("overset"):
            // `\stackrel{\text{def}}{=}`: whatever is stacked, the relation is the `=` underneath.
            return (.definition, false)
        case .symbol(":") where peek(1).isSymbol("="): return (.definition, false)
        default: return nil
        }
    }

    mutating func advanceRelation() {
        if current.isCommand("stackrel") || current.isCommand("overset") {
            advance()
            try? skipGroup()
            if current.isSymbol("{") { try? skipGroup() } else { advance() }
            return
        }
        if current.isSymbol(":") { advance() }
        advance()
    }

    /// The comparison at the current token: `>`, `<`, `\geq`, `\leq`, `\neq`, `=` (in a condition).
    var comparisonAhead: MathTerm.Comparison? {
        switch current.kind {
        case .symbol(">"), .command("gt"): return .greater
        case .symbol("<"), .command("lt"): return .less
        case .symbol("≥"), .command("geq"), .command("ge"), .command("geqslant"): return .greaterOrEqual
        case .symbol("≤"), .command("leq"), .command("le"), .command("leqslant"): return .lessOrEqual
        case .symbol("≠"), .command("neq"), .command("ne"): return .notEqual
        default: return nil
        }
    }

    mutating func advanceComparison() { advance() }

    // MARK: Conditions and cases

    /// `y^* = 1`, `z_1 > 0, x \neq 0`, `y^* = 1 \text{ and } x > 0`: conditions up to the end of the row.
    mutating func parseConditions() throws(MathSyntaxError) -> [KeyCondition] {
        var conditions: [KeyCondition] = []
        while !atRowEnd && !isSpacing {
            let lhs = try parseSum()
            let comparison: MathTerm.Comparison
            if current.isSymbol("=") {
                comparison = .equal
            } else if let c = comparisonAhead {
                comparison = c
            } else {
                throw MathSyntaxError(message: "expected a condition such as y^* = 1 or z_1 > 0, found \(describe(current))",
                                      offset: current.range.lowerBound)
            }
            advance()
            var rhs = try parseSum()
            conditions.append(KeyCondition(lhs: lhs, comparison: comparison, rhs: rhs))
            while let next = comparisonAhead {  // `-1 < z_1 < 1`
                advanceComparison()
                let further = try parseSum()
                conditions.append(KeyCondition(lhs: rhs, comparison: next, rhs: further))
                rhs = further
            }
            if isSpacing { break }  // `\text{when } y^* = 1 \qquad …`: the next statement
            if current.isSymbol(",") || current.isSymbol(";") {
                // `, \quad` ends the conditions; `, x > 0` adds one.
                if peek(1).isCommand("quad") || peek(1).isCommand("qquad") || peek(1).isEnd || peek(1).isCommand("\\") { break }
                advance()
                continue
            }
            if isProse, ["and", "or"].contains(proseWords) { try skipGroupCommand(); continue }
            if current.isCommand("land") || current.isCommand("wedge") { advance(); continue }
            if isProse || atRowEnd { break }
            break
        }
        return conditions
    }

    /// `\begin{cases} A & \text{if } c \\ B & \text{otherwise} \end{cases}` after `row`'s relation:
    /// one row per case, each with its condition (`otherwise`: none of the earlier ones).
    mutating func parseCases(after row: KeyStatement) throws(MathSyntaxError) -> [KeyStatement] {
        advance()  // begincases
        var rows: [KeyStatement] = []
        var earlier: [KeyCondition] = []
        while !current.isEnd && !current.isCommand("endcases") {
            if current.isCommand("\\") { advance(); continue }
            var caseRow = row
            caseRow.terms.append(try parseSum())
            if current.isSymbol(",") { advance() }
            if current.isSymbol("&") { advance() }
            skipSpacing()
            if isProse {
                let words = proseWords
                try skipGroupCommand()
                if words == "otherwise" || words == "else" {
                    caseRow.conditions += earlier.count == 1 ? [earlier[0].negated] : []
                    if earlier.count != 1 {
                        throw MathSyntaxError(message: "'otherwise' after more than one case is not supported",
                                              offset: current.range.lowerBound)
                    }
                } else {
                    caseRow.conditions += try parseConditions()
                }
            } else if !atRowEnd {
                caseRow.conditions += try parseConditions()
            }
            earlier += caseRow.conditions
            rows.append(caseRow)
            while !atRowEnd { advance() }
        }
        if current.isCommand("endcases") { advance() }
        return rows
    }

    /// Whether `term` uses the name that `target` is.
    func mentions(_ term: MathTerm, _ target: MathTerm) -> Bool {
        guard case .name(let n) = target.kind else { return false }
        return term.contains { t in
            if case .name(let m) = t.kind { return m == n }
            return false
        }
    }
}
