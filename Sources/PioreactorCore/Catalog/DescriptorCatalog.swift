import Foundation

/// The UI descriptors of `GET /jobs/descriptors` and `GET /automations/descriptors/{type}`,
/// read from `DP/ui/...` then `DP/plugins/ui/...` on every call (unit-api.md §3.9).
public struct DescriptorCatalog: Sendable {
    /// The automation types the API accepts.
    public static let automationTypes = ["temperature", "dosing", "led"]

    public let paths: UnitPaths

    public init(paths: UnitPaths) {
        self.paths = paths
    }

    /// Job descriptors merged by `job_name`, plus one `Yaml error in <file>: <msg>` per skipped file.
    public func jobDescriptors() -> (JSONValue, warnings: [String]) {
        let folders = [
            paths.ui.appendingPathComponent("jobs"),
            paths.plugins.appendingPathComponent("ui").appendingPathComponent("jobs"),
        ]
        let (items, warnings) = load(folders: folders, schema: DescriptorSchemas.backgroundJob, key: "job_name")
        return (.array(items), warnings)
    }

    /// Automation descriptors of one type, merged by `automation_name`; 400 for an unknown type.
    public func automationDescriptors(type: String) throws(UnitError) -> JSONValue {
        try automationDescriptorsWithWarnings(type: type).0
    }

    /// As `automationDescriptors(type:)`, also returning the warnings for skipped files.
    public func automationDescriptorsWithWarnings(type: String) throws(UnitError) -> (JSONValue, warnings: [String]) {
        guard Self.automationTypes.contains(type) else {
            throw UnitError.badRequest(
                "Not a valid automation type",
                cause: "Not a valid automation type",
                remediation: "choose one of 'temperature', 'dosing', 'led'"
            )
        }
        let folders = [
            paths.ui.appendingPathComponent("automations").appendingPathComponent(type),
            paths.plugins.appendingPathComponent("ui").appendingPathComponent("automations").appendingPathComponent(type),
        ]
        let (items, warnings) = load(folders: folders, schema: DescriptorSchemas.automation, key: "automation_name")
        return (.array(items), warnings)
    }

    private func load(folders: [URL], schema: StructSchema, key: String) -> ([JSONValue], [String]) {
        var merged = JSONObject()
        var warnings: [String] = []
        for file in folders.flatMap(Self.descriptorFiles(in:)) {
            do {
                let object = try Self.decode(file: file, schema: schema)
                // Same key: replace the content, keep the first position (a Python dict update).
                merged[object[key]?.stringValue ?? ""] = .object(object)
            } catch {
                warnings.append("Yaml error in \(file.lastPathComponent): \(error)")
            }
        }
        return (merged.entries.map(\.value), warnings)
    }

    /// A descriptor or model file, loaded and validated as the reference does (PyYAML, then
    /// msgspec), with the calibrations' loader and schema engine.
    static func decode(file: URL, schema: StructSchema) throws -> JSONObject {
        guard let text = String(data: try Data(contentsOf: file), encoding: .utf8) else {
            throw SchemaDecodeError("invalid UTF-8 in YAML input")
        }
        return try StructConverter.convertStruct(try PyYAMLLoader.load(text), schema: schema, tagRequired: false, at: .init())
    }

    /// Files matching the glob `*.y*ml` (so `x.yaml.example` is out), sorted by name.
    static func descriptorFiles(in folder: URL) -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names
            .filter { matchesYAMLGlob($0) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { folder.appendingPathComponent($0) }
            .filter { url in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
    }

    /// fnmatch `*.y*ml`: a `.y` somewhere, and the name ends in `ml` after it. Like pathlib's
    /// glob, hidden files match too.
    static func matchesYAMLGlob(_ name: String) -> Bool {
        guard name.hasSuffix("ml") else { return false }
        guard let range = name.range(of: ".y") else { return false }
        return name.distance(from: range.lowerBound, to: name.endIndex) >= 4
    }
}
