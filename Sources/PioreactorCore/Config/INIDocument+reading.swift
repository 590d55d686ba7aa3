/// The line parser, following `RawConfigParser._read_inner` (Python 3.13) step by step,
/// because users' files are judged by that parser's quirks, not by an INI grammar.
extension INIDocument {
    /// `read_string(text)` into this document. Strict mode rejects a section or key repeated
    /// within this one text; non-strict merges sections and lets the last key win.
    public mutating func read(_ text: String, strict: Bool) throws(ConfigError) {
        var state = ReadState()
        // Values are joined and stored even when reading fails, as Python's `finally` does.
        defer { joinPendingValues(&state) }
        for (offset, line) in Self.splitLines(text).enumerated() {
            try readLine(line, number: offset + 1, state: &state, strict: strict)
        }
        if !state.errors.isEmpty { throw .parsing(state.errors) }
    }

    /// `io.StringIO` iteration: lines end at `\n` only and keep it.
    static func splitLines(_ text: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            current.append(scalar)
            if scalar == "\n" {
                lines.append(current)
                current = []
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private struct ReadState {
        var sectionsAdded: Set<String> = []
        var optionsAdded: Set<SectionKey> = []
        var currentSection: String?
        var optionName: String?
        var indentLevel = 0
        /// Lines of values set during this read, keyed by section then option; joined at the end.
        var pending: [SectionKey: [String]] = [:]
        var pendingOrder: [SectionKey] = []
        var errors: [(line: Int, text: String)] = []

        var hasTruthyOption: Bool { !(optionName ?? "").isEmpty }
    }

    private struct SectionKey: Hashable {
        let section: String
        let option: String
    }

    private mutating func readLine(
        _ line: [Unicode.Scalar],
        number: Int,
        state: inout ReadState,
        strict: Bool
    ) throws(ConfigError) {
        let stripped = PythonText.strip(line[...])
        let isComment = stripped.first == "#" || stripped.first == ";"
        let clean = isComment ? [] : stripped
        let lineText = PythonText.string(line)

        if clean.isEmpty {
            // A blank line (not a comment) inside a value is kept as an empty value line.
            if !isComment, let section = state.currentSection, state.hasTruthyOption {
                let key = SectionKey(section: section, option: state.optionName!)
                state.pending[key]?.append("")
            }
            return
        }

        let indent = line.firstIndex(where: { !PythonText.isSpace($0) }) ?? 0

        if let section = state.currentSection, state.hasTruthyOption, indent > state.indentLevel {
            let key = SectionKey(section: section, option: state.optionName!)
            guard state.pending[key] != nil else { throw .multilineContinuation(line: number, text: lineText) }
            state.pending[key]!.append(PythonText.string(clean))
            return
        }

        state.indentLevel = indent
        if let header = Self.sectionHeader(clean) {
            try readHeader(header, number: number, state: &state, strict: strict)
            return
        }
        guard let section = state.currentSection else {
            throw .missingSectionHeader(line: number, text: lineText)
        }
        try readOption(clean, section: section, number: number, lineText: lineText, state: &state, strict: strict)
    }

    /// `\[(?P<header>.+)\]` matched at the start: greedy, so up to the last `]`; trailing text ignored.
    private static func sectionHeader(_ clean: ArraySlice<Unicode.Scalar>) -> String? {
        guard clean.first == "[", let close = clean.lastIndex(of: "]"), close > clean.startIndex + 1 else { return nil }
        return PythonText.string(clean[(clean.startIndex + 1)..<close])
    }

    private mutating func readHeader(_ name: String, number: Int, state: inout ReadState, strict: Bool) throws(ConfigError) {
        if hasSection(name) {
            if strict && state.sectionsAdded.contains(name) { throw .duplicateSection(name, line: number) }
            state.sectionsAdded.insert(name)
        } else if name != Self.defaultSectionName {
            addSectionIfMissing(name)
            state.sectionsAdded.insert(name)
        }
        state.currentSection = name
        state.optionName = nil
    }

    private mutating func readOption(
        _ clean: ArraySlice<Unicode.Scalar>,
        section: String,
        number: Int,
        lineText: String,
        state: inout ReadState,
        strict: Bool
    ) throws(ConfigError) {
        // The key ends at the first `=` or `:`; without one, it is a key without value.
        let delimiter = clean.firstIndex(where: { $0 == "=" || $0 == ":" })
        let name = PythonText.string(PythonText.rstrip(clean[..<(delimiter ?? clean.endIndex)]))
        let value = delimiter.map { PythonText.string(PythonText.strip(clean[($0 + 1)...])) }
        if name.isEmpty { state.errors.append((number, lineText)) }
        state.optionName = name
        let key = SectionKey(section: section, option: name)
        if strict && state.optionsAdded.contains(key) { throw .duplicateOption(section, name, line: number) }
        state.optionsAdded.insert(key)
        if let value {
            if state.pending[key] == nil { state.pendingOrder.append(key) }
            state.pending[key] = [value]
            setRaw(section, name, value)
        } else {
            state.pending[key] = nil
            setRaw(section, name, nil)
        }
    }

    private mutating func joinPendingValues(_ state: inout ReadState) {
        for key in state.pendingOrder {
            guard let lines = state.pending[key] else { continue }
            let joined = PythonText.rstrip(Array(lines.joined(separator: "\n").unicodeScalars)[...])
            setRaw(key.section, key.option, PythonText.string(joined))
        }
    }
}
