/// Python `str` behaviours the INI dialect depends on (`isspace`, `strip`, `repr`), on
/// Unicode scalars, since configparser counts and strips code points, not graphemes.
enum PythonText {
    /// Exactly the code points for which Python's `str.isspace()` is true (also what `\s` matches).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    static func strip(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        rstrip(lstrip(scalars))
    }

    static func lstrip(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return scalars[scalars.endIndex...] }
        return scalars[first...]
    }

    static func rstrip(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        guard let last = scalars.lastIndex(where: { !isSpace($0) }) else { return scalars[scalars.startIndex..<scalars.startIndex] }
        return scalars[...last]
    }

    static func strip(_ text: String) -> String {
        string(strip(ArraySlice(text.unicodeScalars)))
    }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(isSpace)
    }

    static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Python's `repr()` of a `str`, used verbatim inside configparser's error messages.
    static func repr(_ text: String) -> String {
        let hasSingle = text.unicodeScalars.contains("'")
        let hasDouble = text.unicodeScalars.contains("\"")
        let quote: Unicode.Scalar = (hasSingle && !hasDouble) ? "\"" : "'"
        var out = String.UnicodeScalarView()
        out.append(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case quote, "\\":
                out.append("\\")
                out.append(scalar)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out.append(contentsOf: hexEscape(scalar).unicodeScalars)
                } else if scalar.value < 0x7F || isPrintable(scalar) {
                    out.append(scalar)
                } else {
                    out.append(contentsOf: hexEscape(scalar).unicodeScalars)
                }
            }
        }
        out.append(quote)
        return String(out)
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func hexEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value <= 0xFF { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
        if scalar.value <= 0xFFFF { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
        return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
