import NetworkModel
import Reporting

/// A claimed gradient component, `--claim w1='(a2 - y)*a2*(1-a2)*w2*a1*(1-a1)*x'`:
/// a formula in the network's names that a sweep checks instead of the
/// network's own gradient for that parameter.
public struct GradientClaim: Sendable {
    public var parameter: String
    public var expression: Expression
    public var compiled: CompiledExpression
    /// `parameter = formula`, as recorded in summaries.
    public var text: String

    /// Parses `PARAM=EXPR`. The parameter must be one of `network`'s, and
    /// every name in the formula one of its variables or nodes; errors point at
    /// the column within the argument (`--claim:1:COLUMN`).
    public static func parse(_ argument: String, network: Network) throws(InputError) -> GradientClaim {
        let source = "--claim"
        guard let eq = argument.firstIndex(of: "=") else {
            throw InputError("claim '\(argument)' must have the form PARAM=EXPR, e.g. w1='(a2 - y)*a2*(1-a2)*w2*a1*(1-a1)*x'")
        }
        let name = String(argument[..<eq]).trimmingWhitespace
        guard !name.isEmpty else { throw InputError("claim '\(argument)' names no parameter before '='") }
        guard network.parameters.contains(name) else {
            throw InputError("claim for '\(name)', which is not a parameter of \(network.file) (parameters: \(network.parameters.joined(separator: ", ")))")
        }
        let body = argument[argument.index(after: eq)...]
        let column = argument.distance(from: argument.startIndex, to: eq) + 2
        let expression = try ExpressionParser.parse(Substring(body), file: source, line: 1, column: column)
        var undefined: (String, SourceLocation)?
        expression.visitNames { if undefined == nil, network.slot(of: $0.0) == nil { undefined = $0 } }
        if let (n, location) = undefined {
            throw InputError("undefined name '\(n)' in the claim for \(name) (\(network.file) defines: \(network.slotNames.joined(separator: ", ")))", at: location)
        }
        let compiled = CompiledExpression(expression, slot: { network.slot(of: $0) })!
        return GradientClaim(parameter: name, expression: expression, compiled: compiled, text: "\(name) = \(expression)")
    }
}
