/// An INI document in Python `configparser` dialect (`ConfigParser(allow_no_value=True)`,
/// `optionxform=str`, basic interpolation). It plays the role of the parser object:
/// several texts can be read into the same document, and values are interpolated on read.
public struct INIDocument: Sendable, Equatable {
    public static let defaultSectionName = "DEFAULT"

    /// The `[DEFAULT]` section; its keys show through in every section.
    public internal(set) var defaults = INISection(name: INIDocument.defaultSectionName)
    /// Named sections in first-seen order (never contains `DEFAULT`).
    public private(set) var sections: [INISection] = []
    private var sectionIndex: [String: Int] = [:]

    public init() {}

    /// Parses one text, as `ConfigParser(strict=…).read_string(text)`.
    public init(parsing text: String, strict: Bool) throws(ConfigError) {
        try read(text, strict: strict)
    }

    public var sectionNames: [String] { sections.map(\.name) }

    public func hasSection(_ name: String) -> Bool { sectionIndex[name] != nil }

    public func section(named name: String) -> INISection? {
        sectionIndex[name].map { sections[$0] }
    }

    /// `options(section)`: the section's keys, then `[DEFAULT]` keys it does not override.
    public func keys(in section: String) throws(ConfigError) -> [String] {
        if section == Self.defaultSectionName { return defaults.keys }
        guard let own = self.section(named: section) else { throw .noSection(section) }
        return own.keys + defaults.keys.filter { !own.contains($0) }
    }

    /// `has_option(section, key)`, counting `[DEFAULT]` keys.
    public func hasKey(_ section: String, _ key: String) -> Bool {
        if section == Self.defaultSectionName { return defaults.contains(key) }
        guard let own = self.section(named: section) else { return false }
        return own.contains(key) || defaults.contains(key)
    }

    /// `get(section, key, raw=True)`: the stored value, `nil` for a key without value.
    public func rawValue(_ section: String, _ key: String) throws(ConfigError) -> String? {
        if let found = try lookup(section)(key) { return found }
        throw .noOption(section, key)
    }

    /// `get(section, key)`: the value after basic interpolation against this section and `[DEFAULT]`.
    public func value(_ section: String, _ key: String) throws(ConfigError) -> String? {
        let find = try lookup(section)
        guard let raw = find(key) else { throw .noOption(section, key) }
        guard let raw else { return nil }
        return try BasicInterpolation.interpolate(raw, option: key, section: section, lookup: find)
    }

    /// A resolver for one section's chain (own keys, then `[DEFAULT]`); `.none` means absent.
    func lookup(_ section: String) throws(ConfigError) -> @Sendable (String) -> String?? {
        let defaults = self.defaults
        if section == Self.defaultSectionName { return { defaults.rawValue($0) } }
        guard let own = self.section(named: section) else { throw .noSection(section) }
        return { own.rawValue($0) ?? defaults.rawValue($0) }
    }

    // MARK: - Mutation (used by reading and by the derived sections of the merge)

    mutating func addSectionIfMissing(_ name: String) {
        guard sectionIndex[name] == nil else { return }
        sectionIndex[name] = sections.count
        sections.append(INISection(name: name))
    }

    mutating func clearSection(_ name: String) {
        if let index = sectionIndex[name] { sections[index].removeAll() }
    }

    /// Stores a raw value; the section (or `DEFAULT`) must exist.
    mutating func setRaw(_ section: String, _ key: String, _ value: String?) {
        if section == Self.defaultSectionName {
            defaults.set(key, value)
        } else if let index = sectionIndex[section] {
            sections[index].set(key, value)
        }
    }

    /// `RawConfigParser.set`: checks `%` syntax of the value first, as BasicInterpolation.before_set.
    mutating func set(_ section: String, _ key: String, _ value: String?) throws(ConfigError) {
        if let value, !value.isEmpty { try BasicInterpolation.validateForSet(value) }
        guard section == Self.defaultSectionName || hasSection(section) else { throw .noSection(section) }
        setRaw(section, key, value)
    }

    /// `remove_option`: removes only a key stored in the section itself (not a `[DEFAULT]` one).
    @discardableResult
    mutating func removeKey(_ section: String, _ key: String) -> Bool {
        if section == Self.defaultSectionName { return defaults.remove(key) }
        guard let index = sectionIndex[section] else { return false }
        return sections[index].remove(key)
    }
}
