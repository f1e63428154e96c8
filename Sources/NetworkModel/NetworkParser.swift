import Foundation
import Reporting

/// Reads network files.
///
/// ```
/// # The exam's network (Q2): two sigmoid units, quadratic loss.
/// input x
/// label y
/// param w1 w2
/// z1 = x * w1
/// a1 = sigmoid(z1)
/// z2 = a1 * w2
/// a2 = sigmoid(z2)
/// loss Loss = 0.5 * (a2 - y)^2
/// ```
/// One definition per line; `#` starts a comment. `input`, `label` and
/// `param` declare the leaves (several names per line, separated by spaces or
/// commas); `NAME = expression` defines a node, in any order; `loss` marks the
/// loss node, either on its definition (`loss L = …`) or alone (`loss L`).
public enum NetworkParser {
    /// The most names (inputs, label, parameters and nodes) a network may have.
    /// Evaluation is linear in the network's size, but which node depends on
    /// which is a bit matrix (``AncestorMatrix``): 50 MB at this size.
    public static let maximumNames = 20_000

    static let keywords: Set<String> = ["input", "inputs", "label", "param", "params", "parameter", "parameters", "loss"]

    /// Reads and parses the file at `path`. Errors carry `path:line:column`.
    public static func load(path: String) throws(InputError) -> Network {
        try parse(TextFile.read(path, kind: "network file"), file: path)
    }

    /// Parses network source `text`; `file` names it in error messages.
    public static func parse(_ text: String, file: String) throws(InputError) -> Network {
        var builder = Builder(file: file)
        var lineNumber = 0
        var sawContent = false
        for rawLine in text.sourceLines {
            lineNumber += 1
            try Lexer.requireLength(rawLine, file: file, line: lineNumber)
            let line = rawLine.prefix { $0 != "#" }
            if line.allSatisfy(\.isWhitespace) { continue }
            sawContent = true
            try builder.read(line, lineNumber: lineNumber)
        }
        guard sawContent else { throw InputError("network file is empty (no definitions)", at: SourceLocation(file: file, line: 1, column: 1)) }
        return try builder.build(lastLine: lineNumber)
    }

    struct Builder {
        let file: String
        var inputs: [String] = []
        var label: String?
        var parameters: [String] = []
        var definitions: [String: SourceLocation] = [:]
        var assignments: [(name: String, expression: Expression, location: SourceLocation)] = []
        var loss: (name: String, location: SourceLocation)?

        init(file: String) { self.file = file }

        mutating func read(_ line: Substring, lineNumber: Int) throws(InputError) {
            let tokens = try Lexer.tokens(in: line, file: file, line: lineNumber)
            guard case .identifier(let head) = tokens[0].kind else {
                throw InputError("expected a declaration (input, label, param, loss) or 'name = expression', found '\(tokens[0].text)'", at: tokens[0].location)
            }
            switch head {
            case "input", "inputs", "label", "param", "params", "parameter", "parameters":
                try declare(head, tokens.dropFirst())
            case "loss":
                try readLoss(tokens.dropFirst(), line: line, lineNumber: lineNumber, keyword: tokens[0])
            default:
                try readAssignment(tokens[...], line: line, lineNumber: lineNumber)
            }
        }

        mutating func define(_ name: String, at location: SourceLocation) throws(InputError) {
            if let f = ElementaryFunction(rawValue: name) {
                throw InputError("'\(f.rawValue)' is a function and cannot be used as a name", at: location)
            }
            if keywords.contains(name) {
                throw InputError("'\(name)' is a keyword and cannot be used as a name", at: location)
            }
            if let previous = definitions[name] {
                throw InputError("'\(name)' is already defined at line \(previous.line), column \(previous.column)", at: location)
            }
            guard definitions.count < maximumNames else {
                throw InputError("too many names: a network may declare and define at most \(maximumNames) in all", at: location)
            }
            definitions[name] = location
        }

        mutating func declare(_ keyword: String, _ rest: ArraySlice<Token>) throws(InputError) {
            var names: [(String, SourceLocation)] = []
            for token in rest {
                switch token.kind {
                case .identifier(let n): names.append((n, token.location))
                case .symbol(","): continue
                case .end:
                    if names.isEmpty { throw InputError("expected at least one name after '\(keyword)'", at: token.location) }
                default: throw InputError("expected a name after '\(keyword)', found '\(token.text)'", at: token.location)
                }
            }
            for (name, location) in names {
                try define(name, at: location)
                switch keyword {
                case "input", "inputs": inputs.append(name)
                case "label":
                    if let existing = label {
                        throw InputError("only one label is allowed ('\(existing)' is already the label)", at: location)
                    }
                    label = name
                default: parameters.append(name)
                }
            }
        }

        mutating func readLoss(_ tokens: ArraySlice<Token>, line: Substring, lineNumber: Int, keyword: Token) throws(InputError) {
            guard case .identifier(let name) = tokens[tokens.startIndex].kind else {
                throw InputError("expected the loss node's name after 'loss'", at: tokens[tokens.startIndex].location)
            }
            if let previous = loss {
                throw InputError("a second loss; '\(previous.name)' is already the loss (line \(previous.location.line))", at: tokens[tokens.startIndex].location)
            }
            loss = (name, tokens[tokens.startIndex].location)
            if case .end = tokens[tokens.startIndex + 1].kind { return }
            try readAssignment(tokens, line: line, lineNumber: lineNumber)
        }

        mutating func readAssignment(_ tokens: ArraySlice<Token>, line: Substring, lineNumber: Int) throws(InputError) {
            guard case .identifier(let name) = tokens[tokens.startIndex].kind else {
                throw InputError("expected a name", at: tokens[tokens.startIndex].location)
            }
            guard case .symbol("=") = tokens[tokens.startIndex + 1].kind else {
                throw InputError("expected '=' after '\(name)', found '\(tokens[tokens.startIndex + 1].text)'", at: tokens[tokens.startIndex + 1].location)
            }
            try define(name, at: tokens[tokens.startIndex].location)
            var parser = ExpressionParser(tokens: tokens.dropFirst(2))
            let expression = try parser.parseExpression()
            try parser.expectEnd()
            assignments.append((name, expression, tokens[tokens.startIndex].location))
        }

        func build(lastLine: Int) throws(InputError) -> Network {
            // Every name used must be defined somewhere in the file.
            for a in assignments {
                var undefined: (String, SourceLocation)?
                a.expression.visitNames { if undefined == nil, definitions[$0.0] == nil { undefined = $0 } }
                if let (name, location) = undefined {
                    throw InputError("undefined name '\(name)'", at: location)
                }
            }
            let order = try topologicalOrder()
            guard let loss else {
                throw InputError("no loss: mark the loss node with 'loss NAME = expression' or a line 'loss NAME'",
                                 at: SourceLocation(file: file, line: lastLine, column: 1))
            }
            guard assignments.contains(where: { $0.name == loss.name }) else {
                if definitions[loss.name] != nil {
                    throw InputError("the loss '\(loss.name)' must be a computed node, not an input, label or parameter", at: loss.location)
                }
                throw InputError("undefined name '\(loss.name)' marked as the loss", at: loss.location)
            }
            guard !parameters.isEmpty else {
                throw InputError("no parameters: declare the weights with 'param NAME …'", at: SourceLocation(file: file, line: 1, column: 1))
            }
            let variables = inputs + (label.map { [$0] } ?? []) + parameters
            var slot: [String: Int] = [:]
            for (i, v) in variables.enumerated() { slot[v] = i }
            for (k, i) in order.enumerated() { slot[assignments[i].name] = variables.count + k }
            let nodes = order.map { i in
                let a = assignments[i]
                return Network.Node(name: a.name, expression: a.expression,
                                    compiled: CompiledExpression(a.expression, slot: { slot[$0] })!,
                                    location: a.location)
            }
            let network = Network(file: file, inputs: inputs, label: label, parameters: parameters,
                                  nodes: nodes, loss: loss.name, definitions: definitions)
            for p in parameters where !network.depends(network.lossSlot, on: network.slot(of: p)!) {
                throw InputError("parameter '\(p)' does not affect the loss '\(loss.name)'", at: definitions[p])
            }
            return network
        }

        /// Assignment indices with every node after the nodes it reads; a cycle is an error.
        func topologicalOrder() throws(InputError) -> [Int] {
            let index = Dictionary(uniqueKeysWithValues: assignments.enumerated().map { ($1.name, $0) })
            var state = [UInt8](repeating: 0, count: assignments.count)  // 0 new, 1 on stack, 2 done
            var order: [Int] = []
            // Iterative depth-first search, so long chains cannot overflow the stack.
            for root in assignments.indices where state[root] == 0 {
                var stack: [(node: Int, deps: [Int], next: Int)] = []
                func dependencies(_ i: Int) -> [Int] { assignments[i].expression.names.compactMap { index[$0] } }
                stack.append((root, dependencies(root), 0))
                state[root] = 1
                while !stack.isEmpty {
                    let top = stack.count - 1
                    if stack[top].next < stack[top].deps.count {
                        let d = stack[top].deps[stack[top].next]
                        stack[top].next += 1
                        if state[d] == 1 {
                            let cycleStart = stack.firstIndex { $0.node == d }!
                            let path = stack[cycleStart...].map { assignments[$0.node].name } + [assignments[d].name]
                            throw InputError("cycle: \(path.joined(separator: " -> "))", at: assignments[d].location)
                        }
                        if state[d] == 0 {
                            state[d] = 1
                            stack.append((d, dependencies(d), 0))
                        }
                    } else {
                        state[stack[top].node] = 2
                        order.append(stack[top].node)
                        stack.removeLast()
                    }
                }
            }
            return order
        }
    }
}
