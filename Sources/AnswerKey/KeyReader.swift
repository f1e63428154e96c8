import Foundation

/// How a key's file is read: which syntax holds its math.
///
/// Chosen from the file's extension (``init(path:)``): `.tex` is LaTeX,
/// `.ipynb` a Jupyter notebook, anything else (`.md`, `.markdown`, `.txt`, …)
/// Markdown. `gradcheck key --reader` overrides it.
public enum KeyReader: String, CaseIterable, Sendable {
    /// `$…$`, `$$…$$` and bare display environments (``MathExtractor``).
    case markdown
    /// A LaTeX document (``LaTeXReader``).
    case latex
    /// A Jupyter notebook's markdown cells (``NotebookReader``).
    case notebook

    /// The reader for `path`'s extension.
    public init(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "tex", "latex", "ltx": self = .latex
        case "ipynb": self = .notebook
        default: self = .markdown
        }
    }

    /// The math of `text`, read with this reader.
    func read(_ text: String) -> KeySource {
        switch self {
        case .markdown:
            var macros = MacroExpander()
            return KeySource.markdown(text, macros: &macros)
        case .latex: return LaTeXReader.read(text)
        case .notebook: return NotebookReader.read(text)
        }
    }
}

/// What a reader found: the math spans, with positions in ``lines``, and the
/// problems that stopped it reading some of them.
struct KeySource: Sendable {
    /// Where a notebook cell's source starts among ``lines``.
    struct Cell: Sendable, Equatable {
        /// 1-based, counting every cell of the notebook.
        var number: Int
        /// The 1-based line of ``KeySource/lines`` where the cell's first line is.
        var firstLine: Int
    }

    var spans: [MathSpan]
    var problems: [(position: TextPosition, message: String)]
    /// The text positions refer to: the file's lines, or a notebook's markdown cells one after another.
    var lines: [String]
    /// Empty except for a notebook.
    var cells: [Cell] = []
    /// Formulas dropped by the reader (an unclosed delimiter, a macro that cannot be expanded),
    /// besides those the parser cannot read.
    var unreadSpans = 0

    /// Markdown: ``MathExtractor`` and the macros defined inside math (`$\newcommand{\pd}[2]{…}$`, as
    /// MathJax allows); `macros` holds those defined earlier (in a notebook's earlier cells) and gains these.
    static func markdown(_ text: String, macros: inout MacroExpander) -> KeySource {
        let extraction = MathExtractor.extract(text)
        // Each problem is an unclosed delimiter: the math after it is not read.
        var source = KeySource(spans: [], problems: extraction.problems,
                               lines: text.sourceLines.map(String.init), unreadSpans: extraction.problems.count)
        for span in extraction.spans {
            do {
                let expanded = try macros.process(MappedText(span.text, span.positions))
                var s = span
                s.text = expanded.scalars
                s.positions = expanded.positions + [span.positions[span.positions.count - 1]]
                source.spans.append(s)
            } catch {
                source.problems.append((error.position, "cannot read this math: \(error.message)"))
                source.unreadSpans += 1
            }
        }
        return source
    }
}
