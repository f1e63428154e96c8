/// Token access for ``MathParser``: looking ahead, consuming, groups, and building located terms.
extension MathParser {
    var current: MathToken { tokens[index] }
    func peek(_ k: Int) -> MathToken { tokens[min(index + k, tokens.count - 1)] }
    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func commandName(_ t: MathToken) -> String? {
        if case .command(let c) = t.kind { return c }
        return nil
    }

    /// Consumes the symbol `c`, or throws. A size command right before it
    /// (`\big)`, `\Bigr|`) belongs to the delimiter and is skipped.
    mutating func expect(_ c: Unicode.Scalar) throws(MathSyntaxError) {
        if let size = commandName(current), Self.sizeCommands.contains(size), peek(1).isSymbol(c) { advance() }
        guard current.isSymbol(c) else {
            throw MathSyntaxError(message: "expected '\(Character(c))', found \(describe(current))", offset: current.range.lowerBound)
        }
        advance()
    }

    /// The source text inside the `{…}` group starting at token `i` (empty if there is none).
    func groupText(from i: Int) -> String {
        guard i < tokens.count, tokens[i].isSymbol("{"), let j = groupEnd(from: i) else { return "" }
        return span.string(tokens[i].range.upperBound..<tokens[j].range.lowerBound)
    }

    mutating func skipGroup() throws(MathSyntaxError) {
        guard current.isSymbol("{") else {
            throw MathSyntaxError(message: "expected '{', found \(describe(current))", offset: current.range.lowerBound)
        }
        let opening = current.range.lowerBound
        var level = 0
        repeat {
            if current.isSymbol("{") { level += 1 }
            if current.isSymbol("}") { level -= 1 }
            if current.isEnd { throw MathSyntaxError(message: "unclosed '{'", offset: opening) }
            advance()
        } while level > 0
    }

    mutating func enter() throws(MathSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw MathSyntaxError(message: "math nested too deeply (more than \(Self.maximumDepth) levels)", offset: current.range.lowerBound)
        }
    }

    func describe(_ t: MathToken) -> String {
        t.isEnd ? "the end of the math" : "'\(span.string(t.range))'"
    }

    /// A term covering tokens `start ..< index`.
    ///
    /// Throws when the term would be more than ``maximumDepth`` levels tall
    /// (see ``heights``), at the start of the term, before its text is built.
    mutating func make(
        _ kind: MathTerm.Kind, from start: Int, operatorAt op: Int? = nil
    ) throws(MathSyntaxError) -> MathTerm {
        let first = tokens[start].range.lowerBound
        let height = 1 + kind.children.reduce(0) { Swift.max($0, heights[$1.id] ?? 1) }
        if height > Self.maximumDepth {
            throw MathSyntaxError(
                message: "math nested too deeply (more than \(Self.maximumDepth) levels; "
                    + "each '+', '-' or '^' in a row adds one)", offset: op.map { tokens[$0].range.lowerBound } ?? first)
        }
        let last = max(first + 1, tokens[max(start, index - 1)].range.upperBound)
        let range = first..<min(last, span.text.count)
        let id = nextID
        nextID += 1
        heights[id] = height
        let safeRange = range.isEmpty ? first..<first : range
        return MathTerm(
            kind: kind, id: id, start: span.positions[min(first, span.positions.count - 1)],
            length: span.underlineLength(safeRange), text: span.string(safeRange),
            operatorPosition: op.map { span.positions[tokens[$0].range.lowerBound] })
    }
}
