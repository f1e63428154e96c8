import Foundation
import NetworkModel

/// What each statement of a key is, and what holds where it is written: the
/// values the key gave, the conditions in force and the names it defined.
///
/// A statement is one of:
/// - a **given value**: a variable (input, label, parameter) or a name the
///   network lacks (`\alpha`) set to a number — `x = 1.5`, `\alpha = 0.5`.
///   It holds until given again or until a heading of its own level or higher
///   (values given before any heading hold throughout). Never checked;
/// - a **condition**: a bare comparison (`z_1 > 0`), or a value set after a
///   condition word (`if`, `when`, `for`, `at`, …: "at $z_1 = 0$", "when
///   $y^* = 1$"). It holds until the sentence ends (prose with `.`, `!`, `?`,
///   or a blank line not after `:`), and overrides given values meanwhile.
///   After `at` a variable set to a number is a given value ("evaluated at
///   $x = 1.5$"), a node a condition ("at $z_1 = 0$"). A sentence whose
///   conditions set every variable ("For $x = 1$, …, $w_2 = 2$: …") is a
///   worked example: a number later in the section that the given values do
///   not settle is read at its point (``examples``); formulas stay general.
///   After "let", "take", "suppose", … a node set to a number (`z_1 = 0`) holds
///   for the section. Never checked;
/// - a **definition** of a name the network lacks (`\delta_2 = \frac{\partial
///   Loss}{\partial z_2}`, `\hat{y} = a_2`, `:=`, `\equiv`, after
///   `\text{where}`): the first statement that sets the name equal to
///   something. Every statement of the key uses the name as defined, before or
///   after it (a `where` clause follows its use); a later statement that sets
///   the name equal to something else is a claim, checked. A statement over an
///   index (`\delta_k = \frac{\partial Loss}{\partial z_k}`) is one statement per
///   layer (``KeyStatement/indexInstances(_:families:setNames:)``), so it defines
///   `\delta_1`, `\delta_2` and a later `\delta_2 = …` is a claim. A bare name
///   after "target" or "label" (`with target $t$`) is the label, after "output" or
///   "prediction" the loss's other argument;
/// - a **claim**: everything else, checked where the given values and
///   conditions hold.
struct KeyScope {
    enum Role {
        case given
        case condition
        case definition(key: String)
        case claim
    }

    /// Prose words after which math is a condition on a case, for the rest of the sentence.
    static let caseWords: Set<String> = ["if", "when", "whenever", "iff", "for", "provided", "assuming", "case", "once"]
    /// Prose words after which math is a condition at a point, for the rest of the sentence.
    static let pointWords: Set<String> = ["at", "near", "around"]
    /// Prose words after which a node set to a number holds for the section.
    static let assumptionWords: Set<String> = [
        "let", "take", "suppose", "assume", "set", "setting", "consider", "given", "with", "using", "choose", "pick",
    ]

    let roles: [Role]
    /// The constraints in force at each statement (its own conditions included).
    let constraints: [PointConstraints]
    /// The point of the worked example in force at each statement ("For $x = 1$, …, $w_2 = 2$: …"
    /// earlier in its section): a number compared with a quantity of unset variables is read there.
    let examples: [PointConstraints?]
    /// The magnitudes of the values given in force at each statement.
    let givenValues: [Set<Double>]
    /// A condition that could not be turned into a constraint, by statement: the condition's text.
    let unusable: [Int: String]
    /// Definitions of names: key → [(statement index, body)], in order.
    let definitions: [String: [(index: Int, body: MathTerm)]]

    /// - Parameter lines: the document's lines, to tell whether a blank line separates two spans.
    init(statements: [KeyStatement], symbols: KeySymbols, definitionIndices: Set<Int>, lines: [String]) {
        let network = symbols.network
        var roles: [Role] = []
        var definitions: [String: [(index: Int, body: MathTerm)]] = [:]
        var section = statements.first?.section ?? 0
        let headings = Self.headingLevels(lines)
        /// The heading level the current statement is under (0 before any heading).
        var level = 0
        /// Given values with the heading level they were given under, in order.
        var givens: [(level: Int, condition: KeyCondition)] = []
        var given = PointConstraints()
        var sentence = PointConstraints()
        var sentenceStart = 0
        var lastCue: String?
        /// The cue in the prose right before the current span (not carried over a list).
        var directCue: String?
        var constraints: [PointConstraints] = []
        var givenValues: [Set<Double>] = []
        var unusable: [Int: String] = [:]
        /// A condition of the current sentence that cannot be sampled: the sentence's claims are not checked.
        var sentenceUnusable: String?
        /// The variables the current sentence's conditions set to numbers (`for $x = 1$`).
        var sentenceValues: [KeyCondition] = []
        /// The point of the last worked example of the section ("For $x = 1$, …: …"), if any.
        var example: PointConstraints?
        var examples: [PointConstraints?] = []
        var previous: KeyStatement?

        for (i, s) in statements.enumerated() {
            if s.section != section {
                // A heading ends the given values made under headings of its level or deeper;
                // values given before any heading hold throughout.
                let from = previous?.spanEnd.line ?? 0
                let passed = headings.filter { $0.key > from && $0.key <= s.spanStart.line }
                let heading = passed.values.min() ?? 1
                section = s.section
                sentenceStart = i
                sentenceUnusable = nil
                sentenceValues = []
                example = nil
                givens.removeAll { $0.level >= heading && $0.level > 0 }
                given = PointConstraints()
                for g in givens { _ = Self.add(g.condition, to: &given, symbols) }
                sentence = PointConstraints()
                lastCue = nil
            }
            level = headings.filter { $0.key <= s.spanStart.line }.max { $0.key < $1.key }?.value ?? 0
            let firstOfSpan = previous.map { $0.spanStart != s.spanStart } ?? true
            let between = previous.map { Self.prose(between: $0, and: s, lines: lines) } ?? s.prose
            previous = s
            if firstOfSpan {
                if Self.endsSentence(between) {
                    // "For $x = 1$, …, $w_2 = 2$: …": a sentence whose conditions set every variable is
                    // a worked example; the numbers of the section after it are read at its point.
                    if !sentenceValues.isEmpty, (0..<network.variableCount).allSatisfy({ sentence.fixed[$0] != nil }) {
                        example = PointConstraints()
                        for c in sentenceValues { _ = Self.add(c, to: &example!, symbols) }
                    }
                    sentenceValues = []
                    sentence = PointConstraints()
                    sentenceStart = i
                    sentenceUnusable = nil
                }
                directCue = Self.cue(s.prose)
                lastCue = directCue ?? (Self.clauseIsEmpty(s.prose) ? lastCue : nil)
            }
            var role = Role.claim
            var newCondition = PointConstraints()
            if definitionIndices.contains(i) {
                role = .given  // a definition of the network's functions: checked on its own
            } else if s.isComparison, s.terms.count == 2 {
                role = .condition
                let condition = KeyCondition(lhs: s.terms[0], comparison: s.comparison!, rhs: s.terms[1])
                // `0 < x \leq 1` is two comparisons sharing the middle term: both hold.
                let chained = i > 0 && statements[i - 1].isComparison && statements[i - 1].terms.last?.id == s.terms[0].id
                if !Self.add(condition, to: &sentence, symbols, keepingComparisons: chained) { unusable[i] = condition.text }
                _ = Self.add(condition, to: &newCondition, symbols)
            } else if s.terms.count >= 2, s.relation != .update, let value = s.terms.last,
                      Self.constant(value, symbols) != nil,
                      case let targets = s.terms.dropLast().compactMap({ Self.settable($0, symbols) }),
                      targets.count == s.terms.count - 1 {
                // `x = 1.5`; `w_1 = w_2 = 0` sets both.
                let isVariable = targets.allSatisfy { target in
                    switch target {
                    case .slot(let slot): slot < network.variableCount
                    case .free: true
                    }
                }
                let conditions = s.terms.dropLast().map { KeyCondition(lhs: $0, comparison: .equal, rhs: value) }
                if let cue = lastCue, Self.caseWords.contains(cue) || (!isVariable && Self.pointWords.contains(cue)) {
                    role = .condition
                    for condition in conditions {
                        if isVariable { sentenceValues.append(condition) }
                        if !Self.add(condition, to: &sentence, symbols) { unusable[i] = condition.text }
                        _ = Self.add(condition, to: &newCondition, symbols)
                    }
                } else if isVariable || directCue.map(Self.assumptionWords.contains) == true {
                    role = .given
                    for condition in conditions {
                        _ = Self.add(condition, to: &given, symbols)
                        givens.append((level, condition))
                    }
                }
            } else if s.terms.count == 2, s.relation == .equality, let cue = lastCue, Self.caseWords.contains(cue),
                      s.terms.allSatisfy({ if case .name = $0.kind { return true }; return false }),
                      s.terms.allSatisfy({ Self.settable($0, symbols).map { if case .slot = $0 { return true }; return false } ?? false }) {
                // "If $a_2 = y^*$ then …": two of the network's quantities set equal after a case word
                // is a condition, never a claim that they are equal everywhere.
                role = .condition
                let condition = KeyCondition(lhs: s.terms[0], comparison: .equal, rhs: s.terms[1])
                if !Self.add(condition, to: &sentence, symbols) { unusable[i] = condition.text }
                _ = Self.add(condition, to: &newCondition, symbols)
            }
            if case .condition = role, let text = unusable[i] {
                sentenceUnusable = text
                for j in sentenceStart..<i where unusable[j] == nil {
                    if case .claim = roles[j] { unusable[j] = text }
                }
            }
            if case .claim = role, s.terms.count >= 2, s.relation != .update, case .name(let n) = s.terms[0].kind,
               case .free(let key) = symbols.value(of: n), !symbols.isFunction(n), definitions[key] == nil {
                if !s.terms[1].contains({ if case .name(let m) = $0.kind { return m == n }; return false }) {
                    role = .definition(key: key)
                    definitions[key] = [(i, s.terms[1])]
                }
            }
            if case .condition = role {
                // A condition after its claim ("$X = a_2$ when $y^* = 0$") governs the claims of its
                // sentence before it, unless they are already under a condition on the same name.
                for j in sentenceStart..<i where !constraints[j].constrainsAny(of: newCondition) {
                    switch roles[j] {
                    case .claim, .definition:
                        constraints[j] = constraints[j].merging(newCondition)
                        givenValues[j] = constraints[j].givenMagnitudes
                    case .given, .condition: break
                    }
                }
            }
            if s.terms.count == 1, case .name(let n) = s.terms[0].kind, case .free(let key) = symbols.value(of: n),
               !symbols.isFunction(n), definitions[key] == nil, let alias = Self.alias(s.terms[0], after: s.prose, symbols) {
                definitions[key] = [(i, alias)]  // "with target $t$": t is the label
            }
            roles.append(role)
            var own = PointConstraints()
            for c in s.conditions where !Self.add(c, to: &own, symbols, keepingComparisons: true) { unusable[i] = c.text }
            let here = given.merging(sentence).merging(own)
            if case .claim = role, unusable[i] == nil, let text = sentenceUnusable { unusable[i] = text }
            constraints.append(here)
            givenValues.append(here.givenMagnitudes)
            examples.append(example)
        }
        self.roles = roles
        self.constraints = constraints
        self.examples = examples
        self.givenValues = givenValues
        self.unusable = unusable
        self.definitions = definitions
    }

    /// Words after which a bare name is the network's label (`target $t$`) or its output, the one
    /// quantity besides the label that the loss is computed from (`prediction $o$`).
    static let labelWords: Set<String> = ["target", "label", "targets", "labels"]
    static let outputWords: Set<String> = ["output", "prediction", "outputs", "predictions"]

    /// The network quantity `mention` (a bare name) names by the word right before it, as a term.
    static func alias(_ mention: MathTerm, after prose: String, _ symbols: KeySymbols) -> MathTerm? {
        guard let last = prose.last, last.isLetter,
              let word = prose.split(whereSeparator: { !$0.isLetter }).last?.lowercased() else { return nil }
        let network = symbols.network
        let name: String
        if labelWords.contains(word), let label = network.label {
            name = label
        } else if outputWords.contains(word), case let outputs = symbols.loss.parameters.filter({ $0 != network.label }),
                  outputs.count == 1 {
            name = outputs[0]
        } else {
            return nil
        }
        var term = mention
        term.kind = .name(KeyName(base: name))
        term.text = name
        return term
    }

    /// The definitions in force at statement `i`: each name's definition (the first, wherever `i` is).
    func definitions(at i: Int) -> [String: MathTerm] {
        var result: [String: MathTerm] = [:]
        for (key, list) in definitions {
            result[key] = (list.last { $0.index <= i } ?? list[0]).body
        }
        return result
    }

    /// Which statement's definition of each name is in force at statement `i`.
    func definitionIndices(at i: Int) -> [String: Int] {
        definitions.mapValues { list in (list.last { $0.index <= i } ?? list[0]).index }
    }

    /// The conditions in force at statement `i`, as written, for messages.
    func conditionTexts(at i: Int) -> [String] {
        let c = constraints[i]
        return c.solve.keys.sorted().map { "slot \($0) = \(c.solve[$0]!)" }.isEmpty && c.comparisons.isEmpty ? [] : ["the conditions given"]
    }

    // MARK: Reading prose

    /// The heading lines of the document and their levels: Markdown `#` … `######` (1–6),
    /// LaTeX `\section` (1), `\subsection` (2), `\subsubsection` (3), `\paragraph` (4).
    static func headingLevels(_ lines: [String]) -> [Int: Int] {
        var levels: [Int: Int] = [:]
        let latex = ["\\section": 1, "\\subsection": 2, "\\subsubsection": 3, "\\paragraph": 4]
        for (k, line) in lines.enumerated() {
            let t = line.drop { $0 == " " }
            let hashes = t.prefix { $0 == "#" }.count
            if (1...6).contains(hashes), t.dropFirst(hashes).first == " " {
                levels[k + 1] = hashes
                continue
            }
            for (command, level) in latex where t.hasPrefix(command + "{") || t.hasPrefix(command + "*{") {
                levels[k + 1] = level
            }
        }
        return levels
    }

    /// The prose between two statements' spans: the first's trailing prose, a blank line if
    /// one separates them, and the second's prose.
    static func prose(between a: KeyStatement, and b: KeyStatement, lines: [String]) -> String {
        if a.spanStart == b.spanStart { return "" }
        let first = a.spanEnd.line, last = b.spanStart.line
        let blank = first < last && (first + 1..<last).contains { k in
            k >= 1 && k <= lines.count && lines[k - 1].allSatisfy(\.isWhitespace)
        }
        // In one paragraph the text between two spans is both the first's trailing prose and the second's prose.
        if !blank && a.trailingProse == b.prose { return b.prose }
        return a.trailingProse + "\n\n" + b.prose
    }

    /// The condition or assumption word that governs math right after `prose`, if any: a word of
    /// the clause that ends the prose (after its last `.`, `,`, `;`, `:`, `!` or `?`).
    static func cue(_ prose: String) -> String? {
        let clause = lastClause(prose)
        let words = clause.split { !$0.isLetter }.map { $0.lowercased() }
        return words.last { caseWords.contains($0) || pointWords.contains($0) || assumptionWords.contains($0) }
    }

    static func lastClause(_ prose: String) -> String {
        guard let cut = prose.lastIndex(where: { ".,;:!?".contains($0) }) else { return prose }
        return String(prose[prose.index(after: cut)...])
    }

    /// Whether the prose's last clause has no words (`, `, ` and `): the math continues the previous list.
    static func clauseIsEmpty(_ prose: String) -> Bool {
        let words = lastClause(prose).split { !$0.isLetter }.map { $0.lowercased() }
        return words.allSatisfy { ["and", "or", "also"].contains($0) }
    }

    /// Whether `prose` ends a sentence: `.`, `!` or `?` before a space or line end, or a blank
    /// line that does not follow `:`.
    static func endsSentence(_ prose: String) -> Bool {
        var prose = prose
        for abbreviation in ["e.g.", "i.e.", "cf.", "resp.", "etc.", "vs.", "eq.", "Eq.", "approx."] {
            prose = prose.replacingOccurrences(of: abbreviation, with: "")
        }
        let scalars = Array(prose)
        for (k, c) in scalars.enumerated() where ".!?".contains(c) {
            if k + 1 == scalars.count || scalars[k + 1].isWhitespace { return true }
        }
        let interior = prose.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().dropLast()
        if interior.contains(where: { $0.allSatisfy { $0 == " " || $0 == "\t" } }) {
            let trimmed = prose.trimmingCharacters(in: .whitespacesAndNewlines)
            return !(trimmed.isEmpty || trimmed.hasSuffix(":") || trimmed.hasSuffix("(") || trimmed.hasSuffix(")") && trimmed.dropLast().hasSuffix(":"))
        }
        return false
    }

    // MARK: Turning conditions into constraints

    /// A name that can be given a value: a slot, or a name the network lacks that is not a function.
    static func settable(_ t: MathTerm, _ symbols: KeySymbols) -> PointConstraints.Comparison.Subject? {
        guard case .name(let n) = t.kind, !symbols.isFunction(n) || symbols.isLoss(n) else { return nil }
        switch symbols.value(of: n) {
        case .slot(let s): return .slot(s)
        case .free(let key): return symbols.isFunction(n) ? nil : .free(key)
        case .constant: return nil
        }
    }

    /// The value of a term without names (`1.5`, `-0.7`, `\frac{1}{2}`, `\sigma(0)`), if it is one.
    static func constant(_ t: MathTerm, _ symbols: KeySymbols) -> Double? {
        var hasName = false
        t.visit { u in
            switch u.kind {
            case .name(let n):
                if case .constant = symbols.value(of: n) {} else { hasName = true }
            case .derivative: hasName = true
            default: break
            }
        }
        guard !hasName else { return nil }
        let points = TestPoints(network: symbols.network, freeNames: [], count: 1)
        let value = try? KeyEvaluator(symbols: symbols, points: points).value(t, at: 0)
        return value.flatMap { $0.isFinite ? $0 : nil }
    }

    /// Adds `condition` to `constraints`; false if it is not of a form that can be sampled
    /// (a name compared with a number).
    /// - Parameter keepingComparisons: a comparison joins those already on its name (`0 < x \leq 1`)
    ///   rather than replacing them ("$z_1 > 0 \Rightarrow$ …, $z_1 < 0 \Rightarrow$ …").
    static func add(_ condition: KeyCondition, to constraints: inout PointConstraints, _ symbols: KeySymbols,
                    keepingComparisons: Bool = false) -> Bool {
        var subject = settable(condition.lhs, symbols)
        var value = constant(condition.rhs, symbols)
        var comparison = condition.comparison
        if subject == nil || value == nil {
            subject = settable(condition.rhs, symbols)
            value = constant(condition.lhs, symbols)
            comparison = comparison.flipped
        }
        guard let subject, let value else { return false }
        let network = symbols.network
        if comparison == .equal || !keepingComparisons {
            constraints.remove(subject)
        } else {
            // `0 < x \leq 1`: comparisons on one name hold together; a value set for it no longer does.
            let kept = constraints.comparisons
            constraints.remove(subject)
            constraints.comparisons = kept
        }
        switch (subject, comparison) {
        case (.slot(let s), .equal) where s < network.variableCount: constraints.fixed[s] = value
        case (.slot(let s), .equal): constraints.solve[s] = value
        case (.free(let key), .equal): constraints.fixedFree[key] = value
        default:
            constraints.comparisons.append(.init(subject: subject, comparison: comparison, value: value))
        }
        return true
    }
}

extension MathTerm.Comparison {
    /// The comparison with its sides swapped: `0 < x` is `x > 0`.
    var flipped: MathTerm.Comparison {
        switch self {
        case .greater: .less
        case .less: .greater
        case .greaterOrEqual: .lessOrEqual
        case .lessOrEqual: .greaterOrEqual
        case .equal, .notEqual: self
        }
    }
}

extension PointConstraints {
    /// These constraints with `other`'s added; `other` wins where both constrain the same name.
    func merging(_ other: PointConstraints) -> PointConstraints {
        var result = self
        for (s, _) in other.fixed { result.remove(.slot(s)) }
        for (s, _) in other.solve { result.remove(.slot(s)) }
        for (k, _) in other.fixedFree { result.remove(.free(k)) }
        for c in other.comparisons { result.remove(c.subject) }
        result.fixed.merge(other.fixed) { $1 }
        result.solve.merge(other.solve) { $1 }
        result.fixedFree.merge(other.fixedFree) { $1 }
        result.comparisons += other.comparisons
        return result
    }

    /// Whether these constraints constrain a name that `other` constrains.
    func constrainsAny(of other: PointConstraints) -> Bool {
        let mine = Set(fixed.keys).union(solve.keys)
        let theirs = Set(other.fixed.keys).union(other.solve.keys)
        let myFree = Set(fixedFree.keys), theirFree = Set(other.fixedFree.keys)
        let myCompared = Set(comparisons.map(\.subject)), theirCompared = Set(other.comparisons.map(\.subject))
        return !mine.isDisjoint(with: theirs) || !myFree.isDisjoint(with: theirFree)
            || !myCompared.isDisjoint(with: theirCompared)
            || theirs.contains { myCompared.contains(.slot($0)) } || mine.contains { theirCompared.contains(.slot($0)) }
    }

    /// Removes every constraint on `subject`.
    mutating func remove(_ subject: Comparison.Subject) {
        switch subject {
        case .slot(let s):
            fixed[s] = nil
            solve[s] = nil
        case .free(let k): fixedFree[k] = nil
        }
        comparisons.removeAll { $0.subject == subject }
    }

    /// The magnitudes of the values given: literals equal to them are exact.
    var givenMagnitudes: Set<Double> {
        Set((Array(fixed.values) + Array(fixedFree.values) + Array(solve.values)).map { Swift.abs($0) })
    }
}
