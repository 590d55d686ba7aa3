import Foundation

/// Sets one `[section] key` in INI text by editing only that line, so key case, comments
/// and layout survive (the reference re-serialises the whole file, lower-casing every key).
enum INILineEditor {
    static func setting(_ key: String, to value: String, inSection section: String, of text: String) -> String {
        // Split on the scalar: Swift treats "\r\n" as one Character, which would hide CRLF line ends.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        let newline = lines.first?.unicodeScalars.last == "\r" ? "\r\n" : "\n"
        let wantedKey = key.lowercased()
        var currentSection: String?
        var found = false
        var lastLineOfSection: Int?
        var index = 0
        var droppingContinuation = false
        while index < lines.count {
            let line = lines[index]
            let stripped = line.trimmingCharacters(in: .whitespacesAndNewlines)
            let indented = line.first == " " || line.first == "\t"
            if droppingContinuation {
                if indented, !stripped.isEmpty, !isComment(stripped) {
                    lines.remove(at: index)
                    continue
                }
                droppingContinuation = false
            }
            if let name = sectionName(stripped) {
                currentSection = name
            } else if currentSection == section, !stripped.isEmpty, !isComment(stripped) {
                lastLineOfSection = index
                if let delimiter = delimiterRange(in: line),
                   line[..<delimiter.lowerBound].trimmingCharacters(in: .whitespaces).lowercased() == wantedKey {
                    let afterDelimiter = line[delimiter.upperBound...]
                    let spacing = afterDelimiter.prefix(while: { $0 == " " || $0 == "\t" })
                    let carriageReturn = line.unicodeScalars.last == "\r" ? "\r" : ""
                    lines[index] = String(line[..<delimiter.upperBound]) + spacing + value + carriageReturn
                    found = true
                    droppingContinuation = true
                }
            }
            index += 1
        }
        if found { return lines.joined(separator: "\n") }
        if let last = lastLineOfSection {
            lines.insert("\(key)=\(value)" + (newline == "\r\n" ? "\r" : ""), at: last + 1)
            return lines.joined(separator: "\n")
        }
        if let headerIndex = lines.lastIndex(where: { sectionName($0.trimmingCharacters(in: .whitespacesAndNewlines)) == section }) {
            lines.insert("\(key)=\(value)" + (newline == "\r\n" ? "\r" : ""), at: headerIndex + 1)
            return lines.joined(separator: "\n")
        }
        var result = text
        if !result.isEmpty, !result.hasSuffix("\n") { result += newline }
        if !result.isEmpty { result += newline }
        return result + "[\(section)]" + newline + "\(key)=\(value)" + newline
    }

    /// configparser's `\[(?P<header>.+)\]` on the stripped line.
    private static func sectionName(_ stripped: String) -> String? {
        guard stripped.hasPrefix("["), let close = stripped.lastIndex(of: "]"),
              close > stripped.index(after: stripped.startIndex) else { return nil }
        return String(stripped[stripped.index(after: stripped.startIndex)..<close])
    }

    private static func isComment(_ stripped: String) -> Bool {
        stripped.hasPrefix("#") || stripped.hasPrefix(";")
    }

    /// The first `=` or `:`, as configparser's non-greedy option pattern finds it.
    private static func delimiterRange(in line: String) -> Range<String.Index>? {
        guard let index = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        return index..<line.index(after: index)
    }
}
