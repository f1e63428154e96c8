/// TeX macros a key defines, and their expansion with every character mapped
/// back to the source.
///
/// Definitions read: `\newcommand`, `\renewcommand`, `\providecommand` (starred
/// or not; `{\name}` or `\name`; `[n]` arguments; `[default]` for an optional
/// first argument), `\def\name#1#2{…}` (undelimited parameters only) and
/// `\DeclareMathOperator{\name}{text}` (read as `\operatorname{text}`).
///
/// Expansion repeats until no defined macro is left. The characters of a
/// macro's body take the position of the macro's use (a finding inside `\pd{L}{w}`
/// points at `\pd`), except the body's last character, which takes the position
/// of the use's last character, so a term made by the whole expansion is
/// underlined over the whole use; the characters of its arguments keep their own. At most
/// ``maximumExpansions`` expansions per math span and ``maximumLength`` scalars
/// of result: a definition that uses itself stops there with an error, it
/// neither hangs nor fills memory.
struct MacroExpander: Sendable {
    static let maximumExpansions = 1_000
    static let maximumLength = 50_000

    struct Macro: Sendable {
        var parameterCount: Int
        /// The optional first argument's default, when the macro has one (`\newcommand{\x}[2][1]{…}`).
        var defaultArgument: MappedText?
        var body: [Unicode.Scalar]
    }

    /// A definition or expansion that cannot be used, and where.
    struct Failure: Error, Sendable {
        var message: String
        var position: TextPosition
    }

    private(set) var macros: [String: Macro] = [:]

    static let definingCommands: Set<String> = [
        "newcommand", "renewcommand", "providecommand", "def", "DeclareMathOperator",
    ]

    /// Reads the definition whose command starts at `i`, records it, and returns
    /// the index after it; `nil` when no defining command starts at `i`.
    mutating func define(in t: MappedText, at i: Int) throws(Failure) -> Int? {
        guard let (command, afterCommand) = t.commandName(at: i), Self.definingCommands.contains(command) else {
            return nil
        }
        let here = t.positions[i]
        var j = afterCommand
        if t.at(j) == "*" { j += 1 }
        j = t.skipSpace(j)
        // The macro's name: {\name} or \name.
        var name: String
        if t.at(j) == "{", let close = t.groupEnd(from: j) {
            let inner = t.skipSpace(j + 1)
            guard let (n, end) = t.commandName(at: inner), t.skipSpace(end) == close - 1 else {
                throw Failure(message: "\\\(command) needs a command name such as {\\pd}", position: here)
            }
            name = n
            j = close
        } else if let (n, end) = t.commandName(at: j) {
            name = n
            j = end
        } else {
            throw Failure(message: "\\\(command) needs a command name such as {\\pd}", position: here)
        }
        var macro = Macro(parameterCount: 0, defaultArgument: nil, body: [])
        if command == "def" {
            // \def\name#1#2{body}
            var count = 0
            while t.at(j) == "#", let d = t.at(j + 1), let k = Int(String(d)), k == count + 1 {
                count = k
                j += 2
            }
            guard t.at(j) == "{" else {
                throw Failure(message: "\\def\\\(name): only parameters #1…#9 directly before the body are read",
                              position: here)
            }
            macro.parameterCount = count
        } else if command != "DeclareMathOperator" {
            j = t.skipSpace(j)
            if t.at(j) == "[", let close = bracketEnd(t, from: j) {
                guard let n = Int(t.string(j + 1..<close - 1).trimmingSpaces), (0...9).contains(n) else {
                    throw Failure(message: "\\\(command){\\\(name)}: the number of arguments must be 0 to 9",
                                  position: here)
                }
                macro.parameterCount = n
                j = t.skipSpace(close)
                if t.at(j) == "[", let close = bracketEnd(t, from: j) {
                    macro.defaultArgument = t[j + 1..<close - 1]
                    j = t.skipSpace(close)
                }
            }
        } else {
            j = t.skipSpace(j)
        }
        guard let bodyEnd = t.groupEnd(from: j) else {
            throw Failure(message: "\\\(command){\\\(name)}: the definition's body {…} is missing or never closed",
                          position: here)
        }
        macro.body = Array(t.scalars[j + 1..<bodyEnd - 1])
        if command == "DeclareMathOperator" {
            macro.body = Array("\\operatorname{".unicodeScalars) + macro.body + ["}"]
        }
        if command != "providecommand" || macros[name] == nil { macros[name] = macro }
        return bodyEnd
    }

    /// Takes the definitions out of `text` (recording them) and expands the macros in what is left.
    mutating func process(_ text: MappedText) throws(Failure) -> MappedText {
        var rest = MappedText()
        var i = 0
        while i < text.count {
            if text.at(i) == "\\" {
                if let end = try define(in: text, at: i) { i = end; continue }
                let end = text.commandName(at: i)?.end ?? i + 1
                rest.append(contentsOf: text, i..<end)
                i = end
                continue
            }
            rest.append(text.scalars[i], at: text.positions[i])
            i += 1
        }
        return try expand(rest)
    }

    /// `text` with every defined macro expanded.
    func expand(_ text: MappedText) throws(Failure) -> MappedText {
        guard !macros.isEmpty else { return text }
        var t = text
        var expansions = 0
        var i = 0
        while i < t.count {
            guard t.scalars[i] == "\\", let (name, end) = t.commandName(at: i) else { i += 1; continue }
            guard let macro = macros[name] else { i = end; continue }
            let use = t.positions[i]
            expansions += 1
            if expansions > Self.maximumExpansions {
                throw Failure(message: "macro \\\(name) is expanded more than \(Self.maximumExpansions) times "
                              + "in one formula: does its definition use itself?", position: use)
            }
            let (arguments, argumentsEnd) = try self.arguments(of: name, macro, in: t, from: end, use: use)
            var replacement = MappedText()
            var k = 0
            let body = macro.body
            let useEnd = t.positions[argumentsEnd - 1]
            while k < body.count {
                if body[k] == "#", k + 1 < body.count {
                    if body[k + 1] == "#" { replacement.append("#", at: use); k += 2; continue }
                    if let n = Int(String(body[k + 1])), n >= 1, n <= arguments.count {
                        replacement.append(contentsOf: arguments[n - 1])
                        k += 2
                        continue
                    }
                }
                replacement.append(body[k], at: k == body.count - 1 ? useEnd : use)
                k += 1
            }
            // `\pd x` must not become `\frac…x` glued to a following letter: a body ending in a
            // command name gets the space TeX's tokeniser would have kept apart.
            if let last = replacement.scalars.last, last.properties.isAlphabetic,
               let next = t.at(argumentsEnd), next.properties.isAlphabetic {
                replacement.append(" ", at: use)
            }
            if t.count - (argumentsEnd - i) + replacement.count > Self.maximumLength {
                throw Failure(message: "expanding \\\(name) makes this formula longer than \(Self.maximumLength) "
                              + "characters", position: use)
            }
            t.scalars.replaceSubrange(i..<argumentsEnd, with: replacement.scalars)
            t.positions.replaceSubrange(i..<argumentsEnd, with: replacement.positions)
        }
        return t
    }

    /// The arguments of a use of `macro` whose name ends at `start`, and the index after them.
    private func arguments(of name: String, _ macro: Macro, in t: MappedText, from start: Int,
                           use: TextPosition) throws(Failure) -> ([MappedText], Int) {
        var arguments: [MappedText] = []
        var j = start
        var remaining = macro.parameterCount
        if let fallback = macro.defaultArgument, remaining > 0 {
            let k = t.skipSpace(j)
            if t.at(k) == "[", let close = bracketEnd(t, from: k) {
                arguments.append(t[k + 1..<close - 1])
                j = close
            } else {
                arguments.append(fallback)
            }
            remaining -= 1
        }
        for _ in 0..<remaining {
            let k = t.skipSpace(j)
            guard let c = t.at(k), c != "}" else {
                throw Failure(message: "macro \\\(name) needs \(macro.parameterCount) "
                              + "argument\(macro.parameterCount == 1 ? "" : "s")", position: use)
            }
            if c == "{" {
                guard let close = t.groupEnd(from: k) else {
                    throw Failure(message: "an argument of \\\(name) opens '{' and never closes it", position: use)
                }
                arguments.append(t[k + 1..<close - 1])
                j = close
            } else if let (_, end) = t.commandName(at: k) {
                arguments.append(t[k..<end])
                j = end
            } else {
                arguments.append(t[k..<k + 1])
                j = k + 1
            }
        }
        return (arguments, j)
    }

    /// Index after the `]` closing the `[` at `i`, braces respected; nil if unclosed.
    private func bracketEnd(_ t: MappedText, from i: Int) -> Int? {
        var depth = 0
        var j = i + 1
        while j < t.count {
            switch t.scalars[j] {
            case "\\": j += 1
            case "{": depth += 1
            case "}": depth -= 1
            case "]" where depth == 0: return j + 1
            default: break
            }
            j += 1
        }
        return nil
    }
}
