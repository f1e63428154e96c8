import Foundation
import NetworkModel
import Reporting

/// Checks every equation of a Markdown+LaTeX answer key against a network.
///
/// ```swift
/// let network = try NetworkParser.load(path: "fixtures/networks/q2.net")
/// let report = try KeyChecker(network: network).check(path: "fixtures/keys/exam-q2.md")
/// print(render(report, as: .text, color: false))
/// ```
/// Each equation is evaluated at ``TestPoints`` random points; its sides
/// agree if they agree within ``Agreement`` at every point. A chain
/// `A = B = C` blames the term that disagrees with the others; a suggestion
/// is offered only when a change was found that makes the equation hold.
public struct KeyChecker: Sendable {
    public var network: Network
    public var agreement: Agreement
    public var pointCount: Int
    public var seed: UInt64

    public init(network: Network, agreement: Agreement = .default, pointCount: Int = TestPoints.defaultCount,
                seed: UInt64 = TestPoints.defaultSeed) {
        self.network = network
        self.agreement = agreement
        self.pointCount = pointCount
        self.seed = seed
    }

    /// Fewer test points than this satisfy a statement's conditions: it is not checked.
    static let minimumPoints = 4

    /// Statements checked with the same given values, conditions and definitions share their test points.
    struct ContextKey: Hashable {
        var constraints: PointConstraints
        var definitions: [String: Int]
    }

    static let otherLayers = "the statement is written over an index and is wrong for another value of it too"

    /// Reads and checks the key at `path`, with `reader` or the one its extension names.
    /// - Throws: `InputError` if the file is missing, unreadable, binary or not UTF-8.
    public func check(path: String, reader: KeyReader? = nil) throws(InputError) -> DiagnosticReport {
        check(text: try Self.read(path), file: path, reader: reader ?? KeyReader(path: path))
    }

    /// Checks key source `text`; `file` names it in diagnostics.
    public func check(text: String, file: String, reader: KeyReader = .markdown) -> DiagnosticReport {
        let original = KeySymbols(network: network)
        let document = KeyDocument(text: text, file: file, reader: reader, vocabulary: original)
        var diagnostics = document.problems
        // `g_1 = \tanh` is `g_1(z) = \tanh(z)`; `\Delta w_1 = E` is `w_1 \leftarrow w_1 + E`;
        // `L(w_1, w_2) = E` is `L = E`.
        // A statement over a layer index (`\delta_k = …`) is one statement per layer.
        let statements = KeyStatement.expandingIndices(document.statements, original).flatMap { s in
            s.incrementUpdate(original) ?? [s.appliedToArgument(original) ?? s.lossOfVariables(original) ?? s]
        }
        let notation = KeyNotation(statements: statements, symbols: original)
        var freeNames: [String: String] = [:]
        for s in statements {
            for t in s.terms {
                t.visit { u in
                    if case .name(let n) = u.kind, case .free(let key) = original.value(of: n) { freeNames[key] = n.latex }
                }
            }
        }
        var checked = 0
        var statementsChecked = 0
        var passed: [String] = []

        // Definitions first: they decide which network the rest is checked against.
        let definitions = statements.enumerated().compactMap { KeyDefinition($1, index: $0, symbols: original) }
        var symbols = original
        var points = TestPoints(network: network, freeNames: Array(freeNames.keys), count: pointCount, seed: seed)
        var context = CheckContext(document: document, symbols: symbols, points: points, notation: notation,
                                   agreement: agreement, freeNames: freeNames)
        var replacements: [Int: NetworkModel.Expression] = [:]
        var pendingNotes: [Int] = []
        // A definition repeated word for word (a question and its answer) is reported once.
        var reported: [String: Int] = [:]
        for definition in definitions {
            switch context.checkDefinition(definition) {
            case .passed:
                checked += 1
                statementsChecked += 1
                passed.append(context.itemName(statements[definition.statementIndex]))
            case .failed(let diagnostic, let targets):
                checked += 1
                statementsChecked += 1
                let key = definition.head.text + " = " + definition.body.text
                if let first = reported[key] {
                    diagnostics[first].notes.insert("the same definition is repeated at line \(definition.head.start.line)", at: 0)
                    continue
                }
                var converted = true
                for target in targets {
                    let slot = definition.functionBody(target, original).slot
                    if let e = definition.networkExpression(for: target, original) {
                        replacements[slot] = e
                    } else {
                        converted = false
                    }
                }
                var d = diagnostic
                d.notes.append(converted && !targets.isEmpty
                    ? "the rest of the key is checked against its own definition, not the network's"
                    : "the rest of the key is checked against the network as given")
                diagnostics.append(d)
                reported[key] = diagnostics.count - 1
                if !targets.isEmpty { pendingNotes.append(diagnostics.count - 1) }
            case .unusable(let warning):
                diagnostics.append(warning)
            }
        }
        if !replacements.isEmpty {
            if let rewritten = network.replacing(replacements, file: network.file) {
                symbols = KeySymbols(network: rewritten)
                points = TestPoints(network: rewritten, freeNames: Array(freeNames.keys), count: pointCount, seed: seed)
                context = CheckContext(document: document, symbols: symbols, points: points, notation: notation,
                                       agreement: agreement, freeNames: freeNames)
            } else {
                for i in pendingNotes { diagnostics[i].notes[diagnostics[i].notes.count - 1] = "the rest is checked against the network as given" }
            }
        }

        let definitionIndices = Set(definitions.map(\.statementIndex))
        let scope = KeyScope(statements: statements, symbols: symbols, definitionIndices: definitionIndices,
                             lines: document.lines)
        var contexts: [ContextKey: CheckContext] = [ContextKey(constraints: PointConstraints(), definitions: [:]): context]
        /// The step of the last update found wrong (`w \leftarrow w + \eta …`), by term id.
        var wrongStep: Int?
        for (i, original) in statements.enumerated() where !definitionIndices.contains(i) && original.terms.count >= 2 {
            var statement = original
            if statement.relation == .equality, statement.terms[0].id == wrongStep {
                // `w \leftarrow E \approx F`: E was reported wrong, so it is not the reference for F;
                // the rest of the chain is checked among itself.
                statement.terms.removeFirst()
                checked += 1
                if statement.terms.count < 2 {
                    statementsChecked += 1
                    continue
                }
            }
            wrongStep = nil
            switch scope.roles[i] {
            case .given, .condition: continue
            case .definition, .claim: break
            }
            let first = statement.terms[0]
            if let (name, line) = Self.unreadName(in: statement, at: i, scope: scope, symbols: symbols, document: document) {
                diagnostics.append(context.diagnostic(
                    .warning, at: first.start, length: first.length,
                    message: "could not check this: \(name) is in math that could not be read (line \(line)), which may define it",
                    ruleID: "unchecked-name"))
                continue
            }
            if let condition = scope.unusable[i] {
                diagnostics.append(context.diagnostic(
                    .warning, at: first.start, length: first.length,
                    message: "could not check this under the condition \(condition): only a name compared with a number (y^* = 1, z_1 > 0) can be sampled",
                    ruleID: "unchecked-condition"))
                continue
            }
            func checkContext(_ constraints: PointConstraints) -> CheckContext {
                let key = ContextKey(constraints: constraints, definitions: scope.definitionIndices(at: i))
                if let cached = contexts[key] { return cached }
                let constrained = TestPoints(network: symbols.network, freeNames: Array(freeNames.keys), count: pointCount,
                                             seed: seed, constraints: key.constraints)
                var given = scope.givenValues[i].union(constraints.givenMagnitudes)
                if let first = constrained.values.first, constrained.values.allSatisfy({ $0 == first }) {
                    given.formUnion(first.map { Swift.abs($0) })  // every variable given: the nodes are exact too
                }
                var made = CheckContext(document: document, symbols: symbols, points: constrained, notation: notation,
                                        agreement: agreement, freeNames: freeNames, definitions: scope.definitions(at: i),
                                        givenValues: given)
                made.repairs = key.constraints.isEmpty
                contexts[key] = made
                return made
            }
            var here = checkContext(scope.constraints[i])
            if here.points.count < KeyChecker.minimumPoints {
                let conditions = (statement.conditions.map(\.text) + scope.conditionTexts(at: i)).joined(separator: ", ")
                diagnostics.append(here.diagnostic(
                    .warning, at: first.start, length: first.length,
                    message: "could not check this under the condition \(conditions.isEmpty ? "given" : conditions): "
                        + "no test point satisfies it (\(here.points.count) of \(pointCount) found)",
                    ruleID: "unchecked-condition"))
                continue
            }
            func check(_ context: CheckContext) -> CheckContext.Outcome {
                switch statement.relation {
                case .equality, .definition: context.checkChain(statement)
                case .update: context.checkUpdate(statement)
                }
            }
            var outcome = check(here)
            if let example = scope.examples[i], outcome.diagnostics.contains(where: { $0.ruleID == "unchecked-number" }) {
                // "For $x = 1$, …: …" earlier in the section: the number is read at the example's point.
                let there = checkContext(example.merging(scope.constraints[i]))
                if there.points.count >= KeyChecker.minimumPoints {
                    here = there
                    outcome = check(there)
                }
            }
            if statement.relation == .update, outcome.diagnostics.contains(where: { $0.severity == .error }) {
                wrongStep = statement.terms[1].id
            }
            diagnostics += outcome.diagnostics
            if outcome.evaluated {
                checked += statement.relationCount
                statementsChecked += 1
                if !outcome.diagnostics.contains(where: { $0.severity == .error }) {
                    passed.append(here.itemName(statement))
                }
            }
        }

        for line in reader == .markdown || reader == .notebook ? document.tablesWithUncheckedMath(statements) : [] {
            diagnostics.append(Diagnostic(
                severity: .warning, location: document.location(TextPosition(line: line, column: 1)), length: 1,
                message: "the math in this table is not checked: cells are not joined into equations; "
                    + "write a row as one formula ($a_1 = \\sigma(z_1) \\approx 0.6225$) to check it",
                sourceLine: document.sourceLine(line), ruleID: "unchecked-table"))
        }
        diagnostics.sort { SourceLocation.precedes($0.location, $1.location) }
        // A statement over an index that fails for several layers is reported once, at its first.
        var seen: [String: Int] = [:]
        var unique: [Diagnostic] = []
        for d in diagnostics {
            let key = "\(d.location) \(d.length) \(d.ruleID)"
            if let first = seen[key] {
                if unique[first].message != d.message, !unique[first].notes.contains(Self.otherLayers) {
                    unique[first].notes.append(Self.otherLayers)
                }
                continue
            }
            seen[key] = unique.count
            unique.append(d)
        }
        diagnostics = unique
        var report = DiagnosticReport(file: file, checked: checked, diagnostics: diagnostics,
                                      itemNoun: CountNoun("equation"), passedItems: passed)
        // A statement is math with a relation; a bare mention ("derive $\\frac{∂Loss}{∂w_2}$") is not one.
        // Given values (`x = 1.5`) and conditions (`z_1 > 0`) are not claims either.
        let claims = statements.indices.count { i in
            guard statements[i].terms.count >= 2 else { return false }
            switch scope.roles[i] {
            case .given, .condition: return definitionIndices.contains(i)
            case .claim, .definition: return true
            }
        }
        report.coverage = .init(found: claims + document.unreadCount, unread: document.unreadCount,
                                checked: statementsChecked)
        return report
    }

    /// A name `statement` uses that the network lacks, the key neither defines nor gives a value,
    /// and math that could not be read sets equal to something (it may be defined there): it would
    /// be sampled at random, and the statement judged on noise.
    static func unreadName(in statement: KeyStatement, at i: Int, scope: KeyScope, symbols: KeySymbols,
                           document: KeyDocument) -> (latex: String, line: Int)? {
        guard document.unreadCount > 0 else { return nil }
        var found: (latex: String, line: Int)?
        for t in statement.terms {
            t.visit { u in
                guard found == nil, case .name(let n) = u.kind, case .free(let key) = symbols.value(of: n), !symbols.isFunction(n),
                      scope.definitions[key] == nil, scope.constraints[i].fixedFree[key] == nil,
                      let line = document.unreadLine(defining: n.latex) else { return }
                found = (n.latex, line)
            }
        }
        return found
    }

    /// The text of the key at `path`, or an `InputError` saying why it cannot be used.
    public static func read(_ path: String) throws(InputError) -> String {
        try TextFile.read(path, kind: "answer key")
    }
}
