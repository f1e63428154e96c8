import Foundation
import NetworkModel
import Reporting

/// Reads `--points FILE.csv`: a header of variable names, then one point per line.
///
/// ```
/// x,y,w1,w2
/// 1.5,0,-2,0.25
/// ```
/// Columns may come in any order but every variable of the network needs
/// one; an unknown column, a missing or extra field, or a value that is not
/// a finite number is an error at `file:line:column`. Blank lines are skipped.
/// Lines end in LF, CRLF or CR (a file saved on Windows reads as on Unix).
public enum PointListReader {
    public static func read(path: String, network: Network) throws(InputError) -> [[Double]] {
        try parse(TextFile.read(path, kind: "point list"), file: path, network: network)
    }

    public static func parse(_ text: String, file: String, network: Network) throws(InputError) -> [[Double]] {
        // `Character.isNewline`: "\r\n" is one Character in Swift, which a split on "\n" never sees.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().map { ($0 + 1, $1) }
        lines = lines.filter { !$0.1.allSatisfy(\.isWhitespace) }
        guard let (headerLine, header) = lines.first else { throw InputError("point list \(file) is empty") }
        var columnOf: [Int] = []  // variable index per column
        var column = 1
        for field in header.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(field).trimmingWhitespace
            let at = SourceLocation(file: file, line: headerLine, column: column)
            guard let slot = network.slot(of: name), slot < network.variableCount else {
                throw InputError("unknown variable '\(name)' in the header (\(network.file) has \(network.variables.joined(separator: ", ")))", at: at)
            }
            guard !columnOf.contains(slot) else { throw InputError("column '\(name)' appears twice", at: at) }
            columnOf.append(slot)
            column += field.count + 1
        }
        for (v, name) in network.variables.enumerated() where !columnOf.contains(v) {
            throw InputError("no column for '\(name)', which \(network.file) needs", at: SourceLocation(file: file, line: headerLine, column: 1))
        }
        var rows: [[Double]] = []
        for (lineNumber, line) in lines.dropFirst() {
            var row = [Double](repeating: 0, count: network.variableCount)
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == columnOf.count else {
                throw InputError("expected \(columnOf.count) values, found \(fields.count)", at: SourceLocation(file: file, line: lineNumber, column: 1))
            }
            var col = 1
            for (i, field) in fields.enumerated() {
                let t = String(field).trimmingWhitespace
                let v: Double
                do {
                    v = try DecimalLiteral.finiteValue(t)
                } catch {
                    throw InputError("'\(t)' \(error.phrase)", at: SourceLocation(file: file, line: lineNumber, column: col))
                }
                row[columnOf[i]] = v
                col += field.count + 1
            }
            rows.append(row)
        }
        guard !rows.isEmpty else { throw InputError("point list \(file) has a header but no points") }
        return rows
    }
}
