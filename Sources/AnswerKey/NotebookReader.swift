import Foundation

/// Reads the markdown cells of a Jupyter notebook (`.ipynb`, nbformat 4, or 3's
/// `worksheets`) as Markdown keys.
///
/// A cell's `source` is a string or a list of strings (joined as they are).
/// Code and raw cells are skipped, but counted: cell numbers are 1-based over
/// every cell, top to bottom, as a reader counts them in Jupyter, and a finding
/// is located `file.ipynb:cell 4:3:15` (line and column inside the cell's source).
/// Sections (Markdown headings) run on from one cell to the next.
///
/// A file that is not a notebook's JSON yields one problem at 1:1 and no math.
enum NotebookReader {
    static func read(_ text: String) -> KeySource {
        var source = KeySource(spans: [], problems: [], lines: [])
        let start = TextPosition(line: 1, column: 1)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            source.problems.append((start, "not a Jupyter notebook: its JSON cannot be read (\(reason(error)))"))
            return source
        }
        let root = object as? [String: Any]
        let worksheets = root?["worksheets"] as? [[String: Any]]
        guard let cells = root?["cells"] as? [Any] ?? worksheets?.first?["cells"] as? [Any] else {
            source.problems.append((start, "not a Jupyter notebook: the JSON has no \"cells\" list"))
            return source
        }
        var sectionBase = 0
        // Macros defined in one cell's math hold in the later cells, as in Jupyter's MathJax.
        var macros = MacroExpander()
        for (index, item) in cells.enumerated() {
            guard let cell = item as? [String: Any], cell["cell_type"] as? String == "markdown" else { continue }
            let text: String
            if let s = cell["source"] as? String {
                text = s
            } else if let parts = cell["source"] as? [Any], parts.allSatisfy({ $0 is String }) {
                text = parts.map { $0 as! String }.joined()
            } else {
                continue
            }
            let offset = source.lines.count
            let lines = text.sourceLines.map(String.init)
            source.cells.append(KeySource.Cell(number: index + 1, firstLine: offset + 1))
            let read = KeySource.markdown(text, macros: &macros)
            func shifted(_ p: TextPosition) -> TextPosition { TextPosition(line: p.line + offset, column: p.column) }
            for var span in read.spans {
                span.positions = span.positions.map(shifted)
                span.section += sectionBase
                source.spans.append(span)
            }
            source.problems += read.problems.map { (shifted($0.position), $0.message) }
            source.unreadSpans += read.unreadSpans
            sectionBase += lines.filter { ProseLayout.isMarkdownHeading(Array($0.unicodeScalars)) }.count
            // Every cell gets at least one line, so a cell's lines never run into the next.
            source.lines += lines.isEmpty ? [""] : lines
        }
        return source
    }

    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}
