/// The in-memory sections the reference adds after merging. Reads go through interpolation
/// and include `[DEFAULT]` keys, exactly as the reference's `section.items()` does, so
/// `[DEFAULT]` keys leak into the reverse sections.
extension MergedConfig {
    static func addDerivedSections(to document: inout INIDocument) throws(ConfigError) {
        if document.hasSection("leds") {
            try replaceSection("leds_reverse", with: inverted("leds", in: document), in: &document)
        }
        if document.hasSection("PWM") {
            try replaceSection("PWM_reverse", with: inverted("PWM", in: document), in: &document)
        }

        let photodiodes = "od_config.photodiode_channel"
        if document.hasSection(photodiodes) {
            // All values are read before any removal, as the reference lists items() first.
            var emptyChannels: [String] = []
            for channel in try document.keys(in: photodiodes) {
                if try document.value(photodiodes, channel) == "" { emptyChannels.append(channel) }
            }
            for channel in emptyChannels { document.removeKey(photodiodes, channel) }
        }

        // Lets hostname resolution find the leader through the config.
        document.addSectionIfMissing("cluster.addresses")
        let leaderHostname = try document.value("cluster.topology", "leader_hostname")
        let leaderAddress = try document.value("cluster.topology", "leader_address")
        guard let leaderHostname else { throw ConfigError(.type, "option keys must be strings") }
        try document.set("cluster.addresses", leaderHostname, leaderAddress)
    }

    /// `{v: k for k, v in section.items() if v != ""}`: the last key wins, at the first value's place.
    /// A `nil` value stays a distinct dict key until `str(None)` turns it into "None".
    private static func inverted(_ section: String, in document: INIDocument) throws(ConfigError) -> [(key: String, value: String)] {
        var order: [String?] = []
        var lastKey: [String?: String] = [:]
        for key in try document.keys(in: section) {
            let value = try document.value(section, key)
            if value == "" { continue }
            if lastKey[value] == nil { order.append(value) }
            lastKey[value] = key
        }
        return order.map { ($0 ?? "None", lastKey[$0]!) }
    }

    /// `config[name] = mapping`: clears an existing section in place, or appends a new one.
    private static func replaceSection(
        _ name: String,
        with entries: [(key: String, value: String)],
        in document: inout INIDocument
    ) throws(ConfigError) {
        if document.hasSection(name) {
            document.clearSection(name)
        } else {
            document.addSectionIfMissing(name)
        }
        for entry in entries {
            try document.set(name, entry.key, entry.value)
        }
    }
}
