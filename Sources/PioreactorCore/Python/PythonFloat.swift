import Foundation

/// Python's `float(str)` and `str(float)`, so coercions and messages match the reference.
public enum PythonFloat {
    /// Parses text the way Python's `float()` does: surrounding whitespace, `_` between
    /// digits, `inf`/`infinity`/`nan` in any case; nil where Python raises ValueError.
    public static func parse(_ raw: String) -> Double? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        switch body.lowercased() {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        guard let cleaned = removingDigitSeparators(body), isDecimalLiteral(cleaned),
              let magnitude = Double(cleaned)
        else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// `repr(float)` / `str(float)` in Python: `0.0`, `40.0`, `1e-05`.
    public static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return JSONValue.pythonFloatRepr(value)
    }

    /// Underscores are allowed only between two digits.
    private static func removingDigitSeparators(_ text: Substring) -> String? {
        let chars = Array(text)
        var out = ""
        for (index, char) in chars.enumerated() {
            if char == "_" {
                guard index > 0, index + 1 < chars.count,
                      chars[index - 1].isASCIIDigit, chars[index + 1].isASCIIDigit
                else { return nil }
                continue
            }
            out.append(char)
        }
        return out
    }

    /// digits[.digits][e[+-]digits] or .digits[...]; rejects Swift-only forms such as hex.
    private static func isDecimalLiteral(_ text: String) -> Bool {
        var chars = Substring(text)
        let intDigits = chars.prefix(while: \.isASCIIDigit).count
        chars = chars.dropFirst(intDigits)
        var fractionDigits = 0
        if chars.first == "." {
            chars = chars.dropFirst()
            fractionDigits = chars.prefix(while: \.isASCIIDigit).count
            chars = chars.dropFirst(fractionDigits)
        }
        guard intDigits + fractionDigits > 0 else { return false }
        if let first = chars.first, first == "e" || first == "E" {
            chars = chars.dropFirst()
            if let sign = chars.first, sign == "+" || sign == "-" { chars = chars.dropFirst() }
            let exponentDigits = chars.prefix(while: \.isASCIIDigit).count
            guard exponentDigits > 0 else { return false }
            chars = chars.dropFirst(exponentDigits)
        }
        return chars.isEmpty
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
