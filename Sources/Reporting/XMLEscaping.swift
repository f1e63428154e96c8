/// Escaping for text placed in XML 1.0 documents (JUnit reports, SVG).
///
/// **Edge cases:** characters XML 1.0 forbids anywhere (C0 controls other than
/// tab, line feed and carriage return; U+FFFE, U+FFFF) become U+FFFD, so the
/// output is always well formed whatever bytes the user's file held.
public enum XMLEscaping {
    /// Escapes `&`, `<`, `>`, `"` and `'` for element content.
    public static func text(_ string: String) -> String {
        escape(string, inAttribute: false)
    }

    /// Escapes as `text(_:)` does and also writes tab, line feed and carriage
    /// return as character references, which attribute-value normalisation
    /// would otherwise turn into spaces.
    public static func attribute(_ string: String) -> String {
        escape(string, inAttribute: true)
    }

    /// Whether XML 1.0 allows `scalar` in a document (the `Char` production).
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func escape(_ string: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t" where inAttribute: out += "&#9;"
            case "\n" where inAttribute: out += "&#10;"
            case "\r" where inAttribute: out += "&#13;"
            default: out.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
