import Foundation

/// The `__plugin_*__` strings of a drop-in plugin, read from its source text. We never run
/// Python, so only module-level assignments of a plain string literal are understood
/// (`__plugin_version__ = "0.3.1"`); anything else counts as missing.
struct PluginSourceMetadata: Equatable {
    var values: [String: String] = [:]

    static let fields = [
        "__plugin_name__", "__plugin_version__", "__plugin_summary__",
        "__plugin_author__", "__plugin_homepage__",
    ]

    init(source: String) {
        for rawLine in source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine.last == "\r" ? rawLine.dropLast() : rawLine)
            // Module level means column 0; indented assignments belong to functions or classes.
            guard let first = line.first, first == "_" else { continue }
            for field in Self.fields where line.hasPrefix(field) {
                if let value = Self.assignedString(String(line.dropFirst(field.count))) {
                    values[field] = value   // later assignments win, as when the module runs
                }
            }
        }
    }

    /// Parses `= "text"`, `: str = 'text'` and an optional trailing `# comment`.
    static func assignedString(_ rest: String) -> String? {
        var scanner = Substring(rest)
        scanner = scanner.drop(while: { $0 == " " || $0 == "\t" })
        if scanner.first == ":" {
            // Annotated assignment: skip the annotation up to `=`.
            guard let equals = scanner.firstIndex(of: "=") else { return nil }
            scanner = scanner[equals...]
        }
        guard scanner.first == "=" else { return nil }
        scanner = scanner.dropFirst()
        guard scanner.first != "=" else { return nil }
        scanner = scanner.drop(while: { $0 == " " || $0 == "\t" })
        var raw = false
        if let prefix = scanner.first, prefix == "r" || prefix == "R" {
            raw = true
            scanner = scanner.dropFirst()
        }
        guard let quote = scanner.first, quote == "\"" || quote == "'" else { return nil }
        scanner = scanner.dropFirst()
        // Triple-quoted or implicitly concatenated strings are beyond this reader.
        if scanner.hasPrefix(String(repeating: quote, count: 2)) { return nil }
        var value = ""
        var closed = false
        while let character = scanner.first {
            scanner = scanner.dropFirst()
            if character == quote { closed = true; break }
            if character == "\\", !raw, let escaped = scanner.first {
                scanner = scanner.dropFirst()
                switch escaped {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "\\", "'", "\"": value.append(escaped)
                default: value.append("\\"); value.append(escaped)
                }
                continue
            }
            value.append(character)
        }
        guard closed else { return nil }
        let tail = scanner.trimmingCharacters(in: .whitespaces)
        guard tail.isEmpty || tail.hasPrefix("#") || tail == ";" else { return nil }
        return value
    }
}
