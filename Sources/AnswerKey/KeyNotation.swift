import Foundation
import NetworkModel

/// Writes network quantities the way the key writes them: `z_1` rather than
/// `z1`, `y^*` for the label if the key says `y^*`.
struct KeyNotation: Sendable {
    /// The LaTeX the key first used for each slot.
    private var spelling: [Int: String] = [:]
    private let network: Network

    init(statements: [KeyStatement], symbols: KeySymbols) {
        network = symbols.network
        for statement in statements {
            for term in statement.terms {
                term.visit { t in
                    switch t.kind {
                    case .name(let n): record(n, symbols)
                    case .derivative(_, let v): record(v, symbols)
                    default: break
                    }
                }
            }
        }
    }

    private mutating func record(_ name: KeyName, _ symbols: KeySymbols) {
        if case .slot(let s) = symbols.value(of: name), spelling[s] == nil { spelling[s] = name.latex }
    }

    /// The slot's name in key notation: the key's own spelling, else `a2` written `a_2`.
    func name(_ slot: Int) -> String {
        if let s = spelling[slot] { return s }
        let raw = network.slotNames[slot]
        let letters = raw.prefix { !$0.isNumber }
        let digits = raw.dropFirst(letters.count)
        guard !letters.isEmpty, !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return raw }
        return digits.count == 1 ? "\(letters)_\(digits)" : "\(letters)_{\(digits)}"
    }

    /// `\frac{\partial u}{\partial v}`, as a key writes a derivative.
    func fraction(_ u: Int, _ v: Int) -> String {
        "\\frac{\\partial \(name(u))}{\\partial \(name(v))}"
    }

    /// `∂u/∂v`, for messages.
    func partial(_ u: Int, _ v: Int) -> String { "∂\(name(u))/∂\(name(v))" }

    /// A number for messages: 6 significant digits.
    static func format(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x.isNaN { return "undefined" }
        return String(format: "%.6g", x)
    }

    /// The variables at point `k`: `x = 1.23, y^* = 1, w_1 = -0.5, w_2 = 2.1`, then the free variables used.
    func point(_ k: Int, _ points: TestPoints, free: [String: String]) -> String {
        var parts = (0..<network.variableCount).map { "\(name($0)) = \(Self.format(points.values[k][$0]))" }
        for (key, latex) in free.sorted(by: { $0.key < $1.key }) {
            if let v = points.free[k][key] { parts.append("\(latex) = \(Self.format(v))") }
        }
        return parts.joined(separator: ", ")
    }
}
