extension MathSpan {
    /// Commands that only number or name a display, removed with their argument.
    static let numberingCommands: Set<String> = ["label", "tag", "eqref"]
    /// Fraction commands that differ from `\frac` only in size: read as `\frac`.
    static let fractionSpellings: Set<String> = ["dfrac", "tfrac", "cfrac"]

    /// Commands that only decorate their argument: the command goes, the argument `{…}` stays.
    static let transparentCommands: Set<String> = ["boxed", "ensuremath"]
    /// Commands removed with their first argument: `\color{red}`, and `\textcolor{red}`'s colour.
    static let oneArgumentDropped: Set<String> = ["color", "textcolor", "colorbox", "phantom", "hphantom", "vphantom"]
    /// Prose between the rows of an alignment: read as a row break.
    static let interText: Set<String> = ["intertext", "shortintertext"]

    /// Environments whose `\begin{…}` takes one more argument (`\begin{alignat}{2}`).
    static let environmentsWithArgument: Set<String> = ["alignat", "alignat*", "alignedat", "array"]

    /// The span with what does not change its meaning taken out, positions kept:
    /// `\label{…}` and `\tag{…}`/`\tag*{…}` removed, the spacing after a row
    /// break (`\\[4pt]`) and the column argument of `\begin{alignat}{2}` removed,
    /// `\dfrac`, `\tfrac` and `\cfrac` read as `\frac` (the `\` and `frac` keep
    /// their own positions); `\boxed{…}`, `\ensuremath{…}` read as their argument;
    /// `\color{…}` and `\textcolor{…}`'s colour removed; `\intertext{…}` a row break.
    func normalised() -> MathSpan {
        var text = MappedText(self.text, positions)
        guard self.text.contains("\\") else { return self }
        var out = MappedText()
        var i = 0
        while i < text.count {
            if let (name, end) = text.commandName(at: i) {
                if Self.numberingCommands.contains(name) {
                    var j = end
                    if name == "tag", text.at(j) == "*" { j += 1 }
                    j = text.skipSpace(j)
                    if let close = text.groupEnd(from: j) { i = close; continue }
                }
                if name == "\\", text.at(text.skipSpace(end)) == "[",
                   let close = text.scalars[end...].firstIndex(of: "]") {
                    out.append(contentsOf: text, i..<end)
                    i = close + 1
                    continue
                }
                if name == "begin", let environment = MathEnvironment.name(in: text.scalars, after: "begin", at: i),
                   Self.environmentsWithArgument.contains(environment.name),
                   let close = text.groupEnd(from: text.skipSpace(environment.end)) {
                    out.append(contentsOf: text, i..<environment.end)
                    i = close
                    continue
                }
                if Self.transparentCommands.contains(name), text.at(text.skipSpace(end)) == "{" {
                    i = text.skipSpace(end)
                    continue
                }
                if Self.oneArgumentDropped.contains(name) || Self.interText.contains(name),
                   let close = text.groupEnd(from: text.skipSpace(end)) {
                    if Self.interText.contains(name) {
                        out.append("\\", at: text.positions[i])
                        out.append("\\", at: text.positions[i])
                    }
                    i = close
                    continue
                }
                if Self.fractionSpellings.contains(name) {
                    out.append("\\", at: text.positions[i])
                    out.append(contentsOf: text, end - 4..<end)
                    i = end
                    continue
                }
                out.append(contentsOf: text, i..<end)
                i = end
                continue
            }
            out.append(text.scalars[i], at: text.positions[i])
            i += 1
        }
        text = out
        var span = self
        span.text = text.scalars
        span.positions = text.positions + [positions[positions.count - 1]]
        return span
    }
}
