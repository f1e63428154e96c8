import Reporting

/// The per-variable axis options of `gradcheck sweep` (`--x -4:4:400 --y 0,1`),
/// which depend on the network and so cannot be declared in advance.
public enum AxisArguments {
    /// `(name, text)` pairs from arguments of the form `--name VALUE` or `--name=VALUE`.
    /// A value may start with `-` (`--x -4:4:9`). With `variables`, a name that
    /// is none of them and has no value is an unknown option, not a missing value.
    public static func parse(_ arguments: [String], variables: [String]? = nil) throws(InputError) -> [(name: String, text: String)] {
        var result: [(name: String, text: String)] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            guard a.hasPrefix("--"), a.count > 2 else {
                throw InputError("unexpected argument '\(a)': give axes as --NAME VALUES, e.g. --x -4:4:400")
            }
            let body = a.dropFirst(2)
            if let eq = body.firstIndex(of: "=") {
                result.append((String(body[..<eq]), String(body[body.index(after: eq)...])))
                i += 1
            } else {
                // A value may start with one '-' (a negative number), never with "--": that is the next option.
                guard i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") else {
                    if let variables, !variables.contains(String(body)) {
                        throw InputError("unknown option '\(a)' (axes: \(variables.map { "--" + $0 }.joined(separator: ", ")); see --help)")
                    }
                    throw InputError("option '\(a)' needs a value (start:stop:count, a,b,c or a value)")
                }
                result.append((String(body), arguments[i + 1]))
                i += 2
            }
        }
        return result
    }
}
