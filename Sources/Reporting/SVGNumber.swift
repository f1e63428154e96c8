/// Short, locale-independent number text for SVG attributes.
enum SVGNumber {
    /// `value` rounded to 0.01 px (finer than any display resolves), with no
    /// trailing zeros, no `-0`, and no exponent: `12`, `12.5`, `-0.25`.
    ///
    /// **Edge cases:** magnitudes are clamped to 10⁷ so the text never needs an
    /// exponent; a non-finite value becomes `0`. Drawing calls skip non-finite
    /// geometry before it gets here, so the clamp is a last line of defence that
    /// guarantees no `nan` or `inf` in a document.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let clamped = min(max(value, -1e7), 1e7)
        let hundredths = (clamped * 100).rounded()
        if hundredths == 0 { return "0" }
        if hundredths.truncatingRemainder(dividingBy: 100) == 0 { return String(Int(hundredths / 100)) }
        // Correctly rounded division gives the double nearest to the two-decimal
        // value, whose shortest description is that value.
        return String(describing: hundredths / 100)
    }
}
