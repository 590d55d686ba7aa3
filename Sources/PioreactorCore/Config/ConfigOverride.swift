/// One `pio run --config-override SECTION KEY VALUE` triple: a change to the job's merged
/// config for that process only, never written to disk (the reference's `temporary_config_changes`).
public struct ConfigOverride: Sendable, Equatable {
    public var section: String
    public var key: String
    public var value: String

    public init(section: String, key: String, value: String) {
        self.section = section
        self.key = key
        self.value = value
    }

    /// Splits leading `--config-override S K V` triples off a `pio run` argument list: the
    /// overrides, then the rest (job name first). A flag without three values is an error.
    public static func splitLeading(_ arguments: [String]) throws(ConfigOverrideError) -> (overrides: [ConfigOverride], rest: [String]) {
        var overrides: [ConfigOverride] = []
        var index = 0
        while index < arguments.count, arguments[index] == "--config-override" {
            let values = Array(arguments[(index + 1)..<min(index + 4, arguments.count)])
            // Positional: whatever the three values are (a value may itself start with "--").
            guard values.count == 3 else { throw .needsThreeValues }
            overrides.append(ConfigOverride(section: values[0], key: values[1], value: values[2]))
            index += 4
        }
        return (overrides, Array(arguments[index...]))
    }
}

public enum ConfigOverrideError: Error, Equatable, CustomStringConvertible {
    case needsThreeValues

    public var description: String { "Option '--config-override' requires 3 arguments: <section> <param> <value>." }
}

extension MergedConfig {
    /// This config with the overrides applied in order; a missing section is created (the
    /// reference would fail on it). A value with bad `%` syntax is rejected as configparser's `set` does.
    public func applying(_ overrides: [ConfigOverride]) throws(ConfigError) -> MergedConfig {
        guard !overrides.isEmpty else { return self }
        var document = self.document
        for override in overrides {
            if override.section != INIDocument.defaultSectionName { document.addSectionIfMissing(override.section) }
            try document.set(override.section, override.key, override.value)
        }
        return MergedConfig(document: document)
    }
}
