/// The UI descriptor YAMLs a fresh unit starts with (jobs in `BuiltInJobDescriptors.swift`,
/// automations in `BuiltInAutomationDescriptors.swift`).
public enum BuiltInDescriptorFiles {
    /// Every shipped descriptor as (path relative to DOT_PIOREACTOR, YAML text).
    public static var all: [(relativePath: String, yaml: String)] {
        jobs.map { ("ui/jobs/\($0.name)", $0.yaml) }
            + automations.flatMap { type, files in files.map { ("ui/automations/\(type)/\($0.name)", $0.yaml) } }
    }
}
