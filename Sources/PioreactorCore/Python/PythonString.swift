/// Python's `repr(str)`, used where the reference's message is a repr (e.g. `str(KeyError('foo'))`).
public enum PythonString {
    /// `'foo'`, or `"it's"` when only single quotes occur; escapes like CPython.
    public static func repr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += escaped(scalar.value)
                }
            }
        }
        out.append(quote)
        return out
    }

    /// CPython's `str.isprintable` per character: everything but Other and Separator
    /// categories, except the ASCII space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func escaped(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        if value < 0x100 { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
        if value < 0x10000 { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
        return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
