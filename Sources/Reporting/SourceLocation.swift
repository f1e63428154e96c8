/// A position in a text file, 1-based, as compilers print it: `file:line:column`.
///
/// Columns count Unicode scalars from the start of the line, so a caret printed
/// under the column lines up in a terminal for ASCII and most Latin text.
///
/// In a Jupyter notebook the line and column are inside one cell's source, and
/// `cell` says which cell (1-based, counting every cell of the notebook, code
/// cells included, as they appear top to bottom): `file.ipynb:cell 4:3:15`, the
/// form ruff and nbQA print.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    /// The notebook cell (1-based) that `line` and `column` are in; `nil` in a plain text file.
    public var cell: Int?
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int, cell: Int? = nil) {
        self.file = file
        self.cell = cell
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and CI annotators recognise;
    /// `file:cell N:line:column` in a notebook.
    public var description: String {
        if let cell { return "\(file):cell \(cell):\(line):\(column)" }
        return "\(file):\(line):\(column)"
    }

    /// `cell N:line:column`, or `line:column`: where in the file, without its name.
    public var position: String {
        if let cell { return "cell \(cell):\(line):\(column)" }
        return "\(line):\(column)"
    }

    /// Order of appearance in the file: by cell, then line, then column.
    public static func precedes(_ a: SourceLocation, _ b: SourceLocation) -> Bool {
        (a.cell ?? 0, a.line, a.column) < (b.cell ?? 0, b.line, b.column)
    }
}

/// An error that knows where in the user's input it arose.
///
/// Every command prints these as one line, `file:line:column: error: message`,
/// and exits with status 2 (unusable input).
public protocol LocatedError: Error, CustomStringConvertible {
    /// Where the problem is, when it is in a file; `nil` for command-line values.
    var location: SourceLocation? { get }
    /// What is wrong and, where it helps, what was expected. No location prefix.
    var message: String { get }
}

extension LocatedError {
    public var description: String {
        if let location { return "\(location): error: \(message)" }
        return "error: \(message)"
    }
}

/// A plain located error for input problems that need no richer type.
public struct InputError: LocatedError, Sendable, Equatable {
    public var location: SourceLocation?
    public var message: String

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}
