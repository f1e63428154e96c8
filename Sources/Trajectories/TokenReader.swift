import NetworkModel
import Reporting

/// Small readers for the pieces of a trajectory-file line: names and point lists.
enum TokenReader {
    /// A path name (letters, digits, `_`, `-`) starting at `start`; returns it
    /// and the index just after it.
    static func name(in line: Line, from start: Int, what: String) throws(InputError) -> (String, Int) {
        var end = start
        while end < line.scalars.count, isNameScalar(line.scalars[end]) { end += 1 }
        guard end > start else {
            let found = start < line.scalars.count ? "'\(Character(line.scalars[start]))'" : "end of line"
            throw InputError("expected a \(what) name (letters, digits, '_' or '-'), found \(found)", at: line.location(start))
        }
        return (line.text(start, end), end)
    }

    static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c == "-" || (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)))
    }

    /// Points `(x, y)` from `start` to the end of the line, optionally separated by
    /// commas; returns them and the location of each opening parenthesis.
    static func points(in line: Line, from start: Int) throws(InputError) -> ([Vector2], [SourceLocation]) {
        let tokens = try Lexer.tokens(in: Substring(line.text(start)), file: line.file, line: line.number, column: start + 1)
        var reader = PointReader(tokens: tokens)
        return try reader.readAll()
    }
}

/// Reads `(x, y) (x, y) …` from a token list.
private struct PointReader {
    var tokens: [Token]
    var index = 0

    var current: Token { tokens[index] }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    func isSymbol(_ c: Character) -> Bool {
        if case .symbol(c) = current.kind { return true }
        return false
    }

    mutating func expect(_ c: Character, _ context: String) throws(InputError) {
        guard isSymbol(c) else {
            throw InputError("expected '\(c)' \(context), found '\(current.text)'", at: current.location)
        }
        advance()
    }

    mutating func number(_ what: String) throws(InputError) -> Double {
        var sign = 1.0
        if isSymbol("-") { sign = -1; advance() } else if isSymbol("+") { advance() }
        guard case .number(let v) = current.kind else {
            throw InputError("expected the \(what) coordinate, a number, found '\(current.text)'", at: current.location)
        }
        advance()
        return sign * v
    }

    mutating func readAll() throws(InputError) -> ([Vector2], [SourceLocation]) {
        var points: [Vector2] = [], locations: [SourceLocation] = []
        while true {
            if case .end = current.kind { break }
            locations.append(current.location)
            try expect("(", "to start a point (x, y)")
            let x = try number("x")
            try expect(",", "between x and y")
            let y = try number("y")
            try expect(")", "to close the point")
            points.append(Vector2(x, y))
            if isSymbol(",") { advance() }
        }
        return (points, locations)
    }
}
