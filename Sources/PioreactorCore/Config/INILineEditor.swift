/// Edits one key in INI text without re-serialising the file, so key case, comments,
/// ordering and layout survive (the reference's import rewrite loses all three).
public enum INILineEditor {
    /// Sets `[section] key` to `value`: rewrites the effective (last) occurrence, else appends the
    /// key under the section's last block, else appends the section at the end.
    public static func setValue(section: String, key: String, value: String, in text: String) -> String {
        var lines = splitKeepingEnds(text)
        let newline = lines.contains(where: { lineEnding($0) == "\r\n" }) ? "\r\n" : "\n"
        // Multi-line values are written as configparser writes them: continuation lines get a tab.
        let formattedValue = value.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n\t")
        let rendered = "\(key)=\(formattedValue)"

        var lastBlockEnd: Int?  // index after the last meaningful line of the section's last block
        var target: (start: Int, end: Int, prefix: String)?
        var inSection = false
        var current: (start: Int, indent: Int)?  // the option line whose value may continue

        for (index, line) in lines.enumerated() {
            let scalars = Array(line.unicodeScalars)
            let body = stripEnding(scalars)
            let stripped = PythonText.strip(body[...])
            if stripped.isEmpty || stripped.first == "#" || stripped.first == ";" { continue }
            let indent = body.firstIndex(where: { !PythonText.isSpace($0) }) ?? 0

            if let option = current, indent > option.indent {
                // A continuation line belongs to the value above it.
                if inSection { lastBlockEnd = index + 1 }
                if let found = target, found.start == option.start { target = (found.start, index + 1, found.prefix) }
                continue
            }
            current = nil

            if let header = sectionHeader(stripped) {
                inSection = header == section
                if inSection { lastBlockEnd = index + 1 }
                continue
            }
            // Every option, in any section, can own continuation lines.
            current = (index, indent)
            guard inSection else { continue }
            lastBlockEnd = index + 1
            let delimiter = body.firstIndex(where: { $0 == "=" || $0 == ":" })
            let name = PythonText.string(PythonText.strip(body[..<(delimiter ?? body.endIndex)]))
            if name == key {
                let prefix: String
                if let delimiter {
                    // Keep the original key text, delimiter and the spacing after it.
                    let afterDelimiter = body[(delimiter + 1)...]
                    let valueStart = afterDelimiter.firstIndex(where: { !PythonText.isSpace($0) }) ?? body.endIndex
                    prefix = PythonText.string(body[..<valueStart])
                } else {
                    prefix = PythonText.string(body[..<indent]) + key + "="
                }
                target = (index, index + 1, prefix)
            }
        }

        if let target {
            let ending = lineEnding(lines[target.end - 1])
            let replacement = target.prefix + formattedValue + ending
            lines.replaceSubrange(target.start..<target.end, with: [replacement])
        } else if let lastBlockEnd {
            if lineEnding(lines[lastBlockEnd - 1]).isEmpty { lines[lastBlockEnd - 1] += newline }
            lines.insert(rendered + newline, at: lastBlockEnd)
        } else {
            if let last = lines.last, lineEnding(last).isEmpty { lines[lines.count - 1] += newline }
            let separator = lines.isEmpty ? "" : newline
            lines.append(separator + "[\(section)]" + newline + rendered + newline)
        }
        return lines.joined()
    }

    /// Mirrors the reader's header rule: `[` … last `]`, at least one character between.
    private static func sectionHeader(_ stripped: ArraySlice<Unicode.Scalar>) -> String? {
        guard stripped.first == "[", let close = stripped.lastIndex(of: "]"), close > stripped.startIndex + 1 else { return nil }
        return PythonText.string(stripped[(stripped.startIndex + 1)..<close])
    }

    private static func splitKeepingEnds(_ text: String) -> [String] {
        INIDocument.splitLines(text).map { PythonText.string($0) }
    }

    private static func stripEnding(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var body = scalars
        if body.last == "\n" { body.removeLast() }
        if body.last == "\r" { body.removeLast() }
        return body
    }

    /// The line's terminator, compared by scalars (a Swift `Character` fuses `\r\n`).
    private static func lineEnding(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars.suffix(2))
        if scalars == ["\r", "\n"] { return "\r\n" }
        return scalars.last == "\n" ? "\n" : ""
    }
}
