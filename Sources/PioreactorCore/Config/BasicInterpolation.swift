/// configparser's `BasicInterpolation`: `%(name)s` references and `%%` escapes,
/// with its recursion limit and error texts.
enum BasicInterpolation {
    static let maxDepth = 10

    /// `before_get`: expands `value` (the raw value of `option` in `section`).
    static func interpolate(
        _ value: String,
        option: String,
        section: String,
        lookup: (String) -> String??
    ) throws(ConfigError) -> String {
        var output = String.UnicodeScalarView()
        try expand(
            Array(value.unicodeScalars)[...],
            into: &output,
            option: option,
            section: section,
            rawValue: value,
            lookup: lookup,
            depth: 1
        )
        return String(output)
    }

    private static func expand(
        _ text: ArraySlice<Unicode.Scalar>,
        into output: inout String.UnicodeScalarView,
        option: String,
        section: String,
        rawValue: String,
        lookup: (String) -> String??,
        depth: Int
    ) throws(ConfigError) {
        if depth > maxDepth { throw .interpolationDepth(option: option, section: section, rawValue: rawValue) }
        var rest = text
        while !rest.isEmpty {
            guard let percent = rest.firstIndex(of: "%") else {
                output.append(contentsOf: rest)
                return
            }
            output.append(contentsOf: rest[..<percent])
            rest = rest[percent...]
            let next = rest.dropFirst().first
            if next == "%" {
                output.append("%")
                rest = rest.dropFirst(2)
            } else if next == "(" {
                guard let reference = matchReference(rest) else {
                    throw .interpolationSyntax("bad interpolation variable reference \(PythonText.repr(PythonText.string(rest)))")
                }
                let name = reference.name
                rest = rest[reference.end...]
                guard let found = lookup(name) else {
                    throw .interpolationMissing(option: option, section: section, rawValue: rawValue, reference: name)
                }
                // Python evaluates `"%" in None` here, which is a TypeError.
                guard let found else { throw ConfigError(.type, "argument of type 'NoneType' is not iterable") }
                if found.unicodeScalars.contains("%") {
                    try expand(
                        Array(found.unicodeScalars)[...],
                        into: &output,
                        option: option,
                        section: section,
                        rawValue: rawValue,
                        lookup: lookup,
                        depth: depth + 1
                    )
                } else {
                    output.append(contentsOf: found.unicodeScalars)
                }
            } else {
                throw .interpolationSyntax(
                    "'%' must be followed by '%' or '(', found: \(PythonText.repr(PythonText.string(rest)))"
                )
            }
        }
    }

    /// Matches `%\(([^)]+)\)s` at the start of `text`; returns the name and the index after `s`.
    private static func matchReference(_ text: ArraySlice<Unicode.Scalar>) -> (name: String, end: Int)? {
        guard text.count >= 2, text[text.startIndex] == "%", text[text.startIndex + 1] == "(" else { return nil }
        let nameStart = text.startIndex + 2
        guard let close = text[nameStart...].firstIndex(of: ")"), close > nameStart else { return nil }
        let afterClose = close + 1
        guard afterClose < text.endIndex, text[afterClose] == "s" else { return nil }
        return (PythonText.string(text[nameStart..<close]), afterClose + 1)
    }

    /// `before_set`: after removing `%%` and valid references, no `%` may remain.
    static func validateForSet(_ value: String) throws(ConfigError) {
        var scalars = Array(value.unicodeScalars)
        scalars = removeEscapedPercents(scalars)
        var remaining: [Unicode.Scalar] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == "%", let reference = matchReference(scalars[index...]) {
                index = reference.end
            } else {
                remaining.append(scalars[index])
                index += 1
            }
        }
        if let position = remaining.firstIndex(of: "%") {
            throw ConfigError(.value, "invalid interpolation syntax in \(PythonText.repr(value)) at position \(position)")
        }
    }

    /// Python's `value.replace('%%', '')`: non-overlapping, left to right.
    private static func removeEscapedPercents(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == "%", index + 1 < scalars.count, scalars[index + 1] == "%" {
                index += 2
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return result
    }
}
