/// The unit's effective configuration: `config.ini`, then `unit_config.ini`, read into one
/// non-strict document, plus the derived in-memory sections (storage.md §7 "Merge").
/// Values are interpolated when read, so one bad value only fails where it is used.
public struct MergedConfig: Sendable, Equatable {
    /// The merged raw document, derived sections included.
    public let document: INIDocument

    public init(document: INIDocument) {
        self.document = document
    }

    /// Builds the merge from the two texts (`build_config` in the reference).
    public static func build(sharedText: String, unitText: String = "") throws(ConfigError) -> MergedConfig {
        var document = try INIDocument(parsing: sharedText, strict: false)
        if !PythonText.isBlank(unitText) {
            try document.read(unitText, strict: false)
        }
        try addDerivedSections(to: &document)
        return MergedConfig(document: document)
    }

    /// Section names in order: file order, then `leds_reverse`, `PWM_reverse`, `cluster.addresses` when new.
    public var sectionNames: [String] { document.sectionNames }

    public func hasSection(_ name: String) -> Bool { document.hasSection(name) }

    /// The keys a section shows: its own, then `[DEFAULT]` keys it does not override.
    public func keys(in section: String) throws(ConfigError) -> [String] {
        try document.keys(in: section)
    }

    /// `config.get(section, key)`: interpolated; `nil` for a key without value.
    public func value(_ section: String, _ key: String) throws(ConfigError) -> String? {
        try document.value(section, key)
    }

    /// Every section with every value interpolated, in response order; fails on the first bad value.
    public func renderedSections() throws(ConfigError) -> [(name: String, entries: [(key: String, value: String?)])] {
        var result: [(name: String, entries: [(key: String, value: String?)])] = []
        for name in document.sectionNames {
            var entries: [(key: String, value: String?)] = []
            for key in try document.keys(in: name) {
                entries.append((key, try document.value(name, key)))
            }
            result.append((name, entries))
        }
        return result
    }

    /// The body of `GET /config/merged`: section -> {key: string or null}.
    public func json() throws(ConfigError) -> JSONValue {
        var object = JSONObject()
        for section in try renderedSections() {
            var entries = JSONObject()
            for entry in section.entries {
                entries[entry.key] = entry.value.map(JSONValue.string) ?? .null
            }
            object[section.name] = .object(entries)
        }
        return .object(object)
    }
}
