extension MathSpan {
    /// Commands that only number or name a display, removed with their argument.
    static let numberingCommands: Set<String> = ["label", "tag", "eqref"]
    /// Fraction commands that differ from `\frac` only in size: read as `\frac`.
    static let fractionSpellings: Set<String> = ["dfrac", "tfrac", "cfrac"]

    /// The span with what does not change its meaning taken out, positions kept:
    /// `\label{…}` and `\tag{…}`/`\tag*{…}` removed, `\dfrac`, `\tfrac` and
    /// `\cfrac` read as `\frac` (the `\` and `frac` keep their own positions).
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
