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
    static func repr(_ text: String) -> String { PythonString.repr(text) }
}
