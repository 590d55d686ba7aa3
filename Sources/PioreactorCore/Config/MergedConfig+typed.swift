/// Typed getters with the reference's `get`/`getfloat`/`getint`/`getboolean` semantics:
/// a missing section or key throws unless a fallback is given; a value that does not
/// convert throws a ValueError-like error even with a fallback, as Python does.
extension MergedConfig {
    /// `get(section, key)`; a key without value throws a TypeError-like error.
    public func string(_ section: String, _ key: String) throws(ConfigError) -> String {
        guard let value = try value(section, key) else { throw ConfigError(.type, "option \(PythonText.repr(key)) has no value") }
        return value
    }

    /// `get(section, key, fallback=…)`; the fallback also covers a key without value.
    public func string(_ section: String, _ key: String, fallback: String) throws(ConfigError) -> String {
        try orFallback(fallback) { () throws(ConfigError) in try string(section, key) }
    }

    /// `getfloat(section, key)`.
    public func double(_ section: String, _ key: String) throws(ConfigError) -> Double {
        try Self.pythonFloat(try string(section, key))
    }

    /// `getfloat(section, key, fallback=…)`.
    public func double(_ section: String, _ key: String, fallback: Double) throws(ConfigError) -> Double {
        try orFallback(fallback) { () throws(ConfigError) in try double(section, key) }
    }

    /// `getint(section, key)`.
    public func int(_ section: String, _ key: String) throws(ConfigError) -> Int {
        try Self.pythonInt(try string(section, key))
    }

    /// `getint(section, key, fallback=…)`.
    public func int(_ section: String, _ key: String, fallback: Int) throws(ConfigError) -> Int {
        try orFallback(fallback) { () throws(ConfigError) in try int(section, key) }
    }

    /// `getboolean(section, key)`: 1/yes/true/on and 0/no/false/off, case-insensitive.
    public func bool(_ section: String, _ key: String) throws(ConfigError) -> Bool {
        guard let raw = try value(section, key) else {
            throw ConfigError(.type, "'NoneType' object has no attribute 'lower'")
        }
        switch raw.lowercased() {
        case "1", "yes", "true", "on": return true
        case "0", "no", "false", "off": return false
        default: throw ConfigError(.value, "Not a boolean: \(raw)")
        }
    }

    /// `getboolean(section, key, fallback=…)`.
    public func bool(_ section: String, _ key: String, fallback: Bool) throws(ConfigError) -> Bool {
        do {
            return try bool(section, key)
        } catch {
            switch error.kind {
            case .noSection, .noOption: return fallback
            default: throw error
            }
        }
    }

    /// Missing section/key and keys without value give the fallback; other errors propagate.
    private func orFallback<T>(_ fallback: T, _ read: () throws(ConfigError) -> T) throws(ConfigError) -> T {
        do {
            return try read()
        } catch {
            switch error.kind {
            case .noSection, .noOption, .type: return fallback
            default: throw error
            }
        }
    }

    /// Python `int(text)`: surrounding whitespace, a sign, and single underscores between digits.
    static func pythonInt(_ text: String) throws(ConfigError) -> Int {
        let invalid = ConfigError(.value, "invalid literal for int() with base 10: \(PythonText.repr(text))")
        guard let digits = withoutDigitUnderscores(PythonText.strip(text)), let value = Int(digits) else { throw invalid }
        return value
    }

    /// Python `float(text)`: decimal or exponent forms, inf/infinity/nan, underscores between digits.
    static func pythonFloat(_ text: String) throws(ConfigError) -> Double {
        let invalid = ConfigError(.value, "could not convert string to float: \(PythonText.repr(text))")
        let stripped = PythonText.strip(text)
        let unsigned = stripped.hasPrefix("+") || stripped.hasPrefix("-") ? String(stripped.dropFirst()) : stripped
        if ["inf", "infinity", "nan"].contains(unsigned.lowercased()) {
            let magnitude = unsigned.lowercased() == "nan" ? Double.nan : Double.infinity
            return stripped.hasPrefix("-") ? -magnitude : magnitude
        }
        guard unsigned.allSatisfy({ $0.isASCII && ($0.isNumber || "._eE+-".contains($0)) }),
            let cleaned = withoutDigitUnderscores(stripped),
            let value = Double(cleaned)
        else { throw invalid }
        return value
    }

    /// Removes underscores that sit between two ASCII digits; nil if any other underscore exists.
    private static func withoutDigitUnderscores(_ text: String) -> String? {
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "_" {
                let before = index > 0 ? characters[index - 1] : " "
                let after = index + 1 < characters.count ? characters[index + 1] : " "
                guard before.isASCII, before.isNumber, after.isASCII, after.isNumber else { return nil }
                continue
            }
            result.append(character)
        }
        return result
    }
}
