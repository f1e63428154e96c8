import Foundation
import NetworkModel
import Reporting

/// The values of a network's variables given on the command line as
/// `--name value` pairs (`--x 1.5 --w1 0.3 --w2 -0.7 --y 1`, or `--x=1.5`).
public enum VariableValues {
    /// The values in ``Network/variables`` order. Every variable must be
    /// given exactly once, as a finite number.
    ///
    /// - Throws: an ``InputError`` naming the problem: an unknown name (and
    ///   the network's variables), a missing or repeated one, a value that is
    ///   not a number, or is NaN or infinite.
    public static func parse(_ arguments: [String], for network: Network) throws(InputError) -> [Double] {
        let expected = network.variables.map { "--\($0)" }.joined(separator: " ")
        var given: [String: Double] = [:]
        var unknown: [String] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw InputError("unexpected argument '\(argument)': give each variable as --name value (\(network.file) has \(expected))")
            }
            var name = String(argument.dropFirst(2))
            var text: String?
            if let equals = name.firstIndex(of: "=") {
                text = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else if i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") {
                i += 1
                text = arguments[i]
            }
            i += 1
            guard network.variables.contains(name) else {
                unknown.append("--\(name)")
                continue
            }
            guard let text else { throw InputError("missing value after '--\(name)'") }
            let value: Double
            do {
                value = try DecimalLiteral.finiteValue(text.trimmingCharacters(in: .whitespaces))
            } catch {
                throw InputError(error == .notFinite ? "--\(name): \(text) \(error.phrase)" : "--\(name): '\(text)' \(error.phrase)")
            }
            guard given[name] == nil else { throw InputError("--\(name) is given twice") }
            given[name] = value
        }
        if !unknown.isEmpty {
            let roles = network.variables.map { "--\($0) (\(network.role(of: $0)!.rawValue))" }.joined(separator: ", ")
            throw InputError("unknown variable\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")): \(network.file) has \(roles)")
        }
        let missing = network.variables.filter { given[$0] == nil }
        if !missing.isEmpty {
            throw InputError("missing value\(missing.count == 1 ? "" : "s") for \(missing.map { "--\($0)" }.joined(separator: ", ")) "
                + "(\(network.file) needs \(expected))")
        }
        return network.variables.map { given[$0]! }
    }
}
