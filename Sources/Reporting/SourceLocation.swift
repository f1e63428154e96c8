/// A position in a text file, 1-based, as compilers print it: `file:line:column`.
///
/// Columns count Unicode scalars from the start of the line, so a caret printed
/// under the column lines up in a terminal for ASCII and most Latin text.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and CI annotators recognise.
    public var description: String { "\(file):\(line):\(column)" }
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
