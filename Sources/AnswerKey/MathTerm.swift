/// A name as an answer key writes it: `a_2`, `w_{1}`, `y^*`, `\alpha`, `Loss`.
///
/// Subscripts are kept as text (`a_2` has base `a`, subscript `2`); a star
/// superscript (`^*`, `^{\star}`, `^\ast`) marks the true value (`y^*`, the label).
public struct KeyName: Sendable, Hashable, CustomStringConvertible {
    /// Letters, or a command's name without its backslash (`alpha`, `sigma`, `mathcal L`).
    public var base: String
    public var subscriptText: String?
    public var starred: Bool

    public init(base: String, subscriptText: String? = nil, starred: Bool = false) {
        self.base = base
        self.subscriptText = subscriptText
        self.starred = starred
    }

    /// A single identifier: `a2`, `y*`, `alpha`.
    public var key: String { base + (subscriptText ?? "") + (starred ? "*" : "") }

    /// The name in LaTeX: `a_2`, `y^*`, `\alpha`, `w_{12}`, `\mathcal{L}`.
    public var latex: String {
        var text = MathLexer.greek.contains(base) ? "\\" + base : base
        if base.hasPrefix("mathcal ") { text = "\\mathcal{\(base.dropFirst("mathcal ".count))}" }
        if let sub = subscriptText { text += sub.count == 1 ? "_\(sub)" : "_{\(sub)}" }
        if starred { text += "^*" }
        return text
    }

    public var description: String { latex }
}

/// One term of key math, with where it is written.
///
/// Every term has an ``id`` unique in its document, so a repair search can
/// replace exactly one occurrence.
public struct MathTerm: Sendable, CustomStringConvertible {
    public indirect enum Kind: Sendable {
        case number(Double)
        case name(KeyName)
        case negate(MathTerm)
        case add(MathTerm, MathTerm)
        case subtract(MathTerm, MathTerm)
        /// Explicit (`*`, `\cdot`, `\times`) and implicit (juxtaposed) products, flattened.
        case product([MathTerm])
        /// The right operand of `/`, inside a ``product``.
        case reciprocal(MathTerm)
        /// `\frac{numerator}{denominator}`.
        case fraction(MathTerm, MathTerm)
        case power(MathTerm, MathTerm)
        /// `|x|`.
        case absolute(MathTerm)
        /// A named function applied to arguments: `g_2(z_2)`, `Loss(a_2, y^*)`, `\sigma(z)`, `\max(0, z)`.
        case apply(KeyName, [MathTerm])
        /// `\frac{\partial u}{\partial v}`: the derivative of the term `u` with respect to the name `v`.
        case derivative(MathTerm, KeyName)
        /// `g'(u)`, `\sigma'(z)`: the derivative of a one-argument function, at its argument.
        case functionDerivative(KeyName, [MathTerm])
        /// `\mathbb{1}[u > v]`: 1 where the comparison holds, else 0 (the derivative of relu).
        case indicator(MathTerm, Comparison, MathTerm)
    }

    public enum Comparison: String, Sendable {
        case greater = ">", less = "<", greaterOrEqual = "≥", lessOrEqual = "≤", equal = "=", notEqual = "≠"

        func holds(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .greater: a > b
            case .less: a < b
            case .greaterOrEqual: a >= b
            case .lessOrEqual: a <= b
            case .equal: a == b
            case .notEqual: a != b
            }
        }

        /// The comparison that holds exactly where this one fails.
        var negated: Comparison {
            switch self {
            case .greater: .lessOrEqual
            case .less: .greaterOrEqual
            case .greaterOrEqual: .less
            case .lessOrEqual: .greater
            case .equal: .notEqual
            case .notEqual: .equal
            }
        }
    }

    public var kind: Kind
    public var id: Int
    /// Where the term starts.
    public var start: TextPosition
    /// Characters to underline on the start line.
    public var length: Int
    /// The term as written.
    public var text: String
    /// For `+`, `-` and unary minus: where the operator is written.
    public var operatorPosition: TextPosition?
    /// For a number written with decimals (`0.6106`): half a unit of its last
    /// digit (`0.00005`), the rounding it stands for; 0 for an exact number.
    public var halfUnit: Double = 0
    /// The relation that joins this term to the previous term of its statement
    /// was `\approx` (or `≈`, `\simeq`, `\doteq`) rather than `=`.
    public var approximate = false

    public var description: String { text }

    /// The direct subterms, left to right (a derivative's numerator included).
    public var children: [MathTerm] { kind.children }

    /// The factors of a product; a single factor for any other term.
    public var factors: [MathTerm] {
        if case .product(let f) = kind { return f }
        return [self]
    }

    /// Calls `body` on this term and every subterm, parents first. Derivative
    /// numerators are visited only when `intoDerivatives` is true.
    public func visit(intoDerivatives: Bool = true, _ body: (MathTerm) -> Void) {
        body(self)
        switch kind {
        case .number, .name: break
        case .negate(let a), .reciprocal(let a), .absolute(let a): a.visit(intoDerivatives: intoDerivatives, body)
        case .add(let a, let b), .subtract(let a, let b), .fraction(let a, let b), .power(let a, let b),
             .indicator(let a, _, let b):
            a.visit(intoDerivatives: intoDerivatives, body)
            b.visit(intoDerivatives: intoDerivatives, body)
        case .product(let fs):
            for f in fs { f.visit(intoDerivatives: intoDerivatives, body) }
        case .apply(_, let args), .functionDerivative(_, let args):
            for a in args { a.visit(intoDerivatives: intoDerivatives, body) }
        case .derivative(let u, _):
            if intoDerivatives { u.visit(intoDerivatives: intoDerivatives, body) }
        }
    }

    /// Whether the term or a subterm satisfies `predicate`.
    public func contains(_ predicate: (MathTerm) -> Bool) -> Bool {
        var found = false
        visit { if !found && predicate($0) { found = true } }
        return found
    }

    /// The derivative's numerator and variable, if the term is one.
    public var derivativeParts: (of: MathTerm, variable: KeyName)? {
        if case .derivative(let u, let v) = kind { return (u, v) }
        return nil
    }
}

/// One relation in the key: a chain `A = B = C`, or an update `w_1 \leftarrow E`.
public struct KeyStatement: Sendable {
    public enum Relation: Sendable, Equatable {
        /// `A = B = …`: all terms should be equal (`\approx` too).
        case equality
        /// `target \leftarrow E`: a gradient step.
        case update
        /// `name := E`, `name \equiv E`, `name \stackrel{\text{def}}{=} E`, or `name = E`
        /// after `\text{where}`: a definition (of a new name, or an update of a parameter written `:=`).
        case definition
    }

    public var relation: Relation
    public var terms: [MathTerm]
    /// Conditions written in the math (`\quad \text{when } y^* = 1`, a `cases` row): the statement
    /// claims to hold only where they hold.
    public var conditions: [KeyCondition] = []
    /// The prose before the statement's math, in its paragraph (``MathSpan/prose``).
    public var prose: String = ""
    /// The prose after the statement's math, in its paragraph (``MathSpan/trailingProse``).
    public var trailingProse: String = ""
    /// Where the statement's math span starts and ends (its delimiters excluded).
    public var spanStart = TextPosition(line: 0, column: 0)
    public var spanEnd = TextPosition(line: 0, column: 0)
    /// The statement is a bare comparison (`z_1 > 0`): a condition, never a claim.
    public var isComparison: Bool { comparison != nil }
    /// For a bare comparison `u > v`: the comparison (the terms are `u`, `v`).
    public var comparison: MathTerm.Comparison?
    /// Which heading section of the document the statement is in (0 before the first heading).
    public var section: Int = 0
    /// Where the row's leading `=` is, if it starts with one (continuing the previous row or display).
    public var continuation: TextPosition?
    /// The row started with `=`.
    public var continues: Bool { continuation != nil }
    /// The row came from display math (`$$…$$`).
    public var isDisplay: Bool
    /// A term never blamed when the terms disagree: the labelled term of an
    /// `\underbrace` (its equation is checked on its own), so the label is the claim.
    public var trustedTerm: Int?

    /// How many `=` (or `\leftarrow`) relations the statement states.
    public var relationCount: Int { max(0, terms.count - 1) }
}

extension MathTerm.Kind {
    /// The direct subterms, left to right (a derivative's numerator included).
    public var children: [MathTerm] {
        switch self {
        case .number, .name: return []
        case .negate(let a), .reciprocal(let a), .absolute(let a), .derivative(let a, _): return [a]
        case .add(let a, let b), .subtract(let a, let b), .fraction(let a, let b), .power(let a, let b),
             .indicator(let a, _, let b):
            return [a, b]
        case .product(let terms), .apply(_, let terms), .functionDerivative(_, let terms): return terms
        }
    }
}

/// A condition a statement is claimed under: `y^* = 1`, `z_1 > 0`, `x \neq 0`.
public struct KeyCondition: Sendable {
    public var lhs: MathTerm
    public var comparison: MathTerm.Comparison
    public var rhs: MathTerm

    /// The condition as written, for messages.
    public var text: String { "\(lhs.text) \(comparison.rawValue) \(rhs.text)" }

    /// The condition that holds exactly where this one fails (`\text{otherwise}`).
    var negated: KeyCondition { KeyCondition(lhs: lhs, comparison: comparison.negated, rhs: rhs) }
}
