import Foundation

/// Why the unit's own model could not be resolved (the reference's UnknownModelAssigned).
public enum ModelRegistryError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownModel(name: String, version: String)

    public var description: String {
        switch self {
        case let .unknownModel(name, version): return "Unknown Pioreactor model \(name) v\(version)."
        }
    }
}

/// Built-in models plus contrib models from `DP/models/*.y*ml`, which override built-ins
/// with the same `(model_name, model_version)` (storage.md §6).
public struct ModelRegistry: Sendable {
    public let paths: UnitPaths

    public init(paths: UnitPaths) {
        self.paths = paths
    }

    /// Every registered model: built-ins first, contrib ones replacing in place or appended.
    public func models() -> [ReactorModel] {
        modelsWithWarnings().models
    }

    /// As `models()`, plus one `Error loading model definition <file>: <msg>` per skipped file.
    public func modelsWithWarnings() -> (models: [ReactorModel], warnings: [String]) {
        var registry = ReactorModel.builtIns
        var warnings: [String] = []
        for file in DescriptorCatalog.descriptorFiles(in: paths.models) {
            do {
                let object = try DescriptorCatalog.decode(file: file, schema: Self.schema)
                var model = Self.model(from: object)
                model.isLegacy = false
                model.isContrib = true
                if let index = registry.firstIndex(where: { $0.modelName == model.modelName && $0.modelVersion == model.modelVersion }) {
                    registry[index] = model
                } else {
                    registry.append(model)
                }
            } catch {
                warnings.append("Error loading model definition \(file.path): \(error)")
            }
        }
        return (registry, warnings)
    }

    /// The model registered under this name and version, if any.
    public func model(name: String, version: String) -> ReactorModel? {
        models().first { $0.modelName == name && $0.modelVersion == version }
    }

    /// The unit's own model: env `MODEL_NAME` + `MODEL_VERSION`; in testing mode the name
    /// defaults to `pioreactor_40ml`. Where the reference would ask the leader
    /// (`GET /api/workers/<unit>`), we have no leader lookup and fall back to
    /// `pioreactor_40ml` / `1.5`. An unregistered pair throws `.unknownModel`.
    public func unitModel(env: [String: String], testing: Bool) throws(ModelRegistryError) -> ReactorModel {
        let name = env["MODEL_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "pioreactor_40ml"
        let version = env["MODEL_VERSION"].flatMap { $0.isEmpty ? nil : $0 } ?? "1.5"
        _ = testing  // testing mode and the leader fallback both give pioreactor_40ml here
        guard let model = model(name: name, version: version) else {
            throw .unknownModel(name: name, version: version)
        }
        return model
    }

    /// The reference's `Model` struct: unknown keys are ignored, numbers must be floats or ints.
    static let schema = StructSchema(fields: [
        SchemaField("model_name", .string),
        SchemaField("model_version", .string),
        SchemaField("display_name", .string),
        SchemaField("reactor_capacity_ml", .float(nonFiniteAsNull: true)),
        SchemaField("reactor_diameter_mm", .float(nonFiniteAsNull: true)),
        SchemaField("reactor_max_fill_volume_ml", .float(nonFiniteAsNull: true)),
        SchemaField("max_temp_to_reduce_heating", .float(nonFiniteAsNull: true)),
        SchemaField("max_temp_to_disable_heating", .float(nonFiniteAsNull: true)),
        SchemaField("max_temp_to_shutdown", .float(nonFiniteAsNull: true)),
        SchemaField("is_legacy", .boolean, default: false),
        SchemaField("is_contrib", .boolean, default: true),
    ], forbidUnknownFields: false)

    private static func model(from object: JSONObject) -> ReactorModel {
        func number(_ key: String) -> Double { object[key]?.numberValue ?? .nan }
        return ReactorModel(
            modelName: object["model_name"]?.stringValue ?? "",
            modelVersion: object["model_version"]?.stringValue ?? "",
            displayName: object["display_name"]?.stringValue ?? "",
            reactorCapacityML: number("reactor_capacity_ml"),
            reactorDiameterMM: number("reactor_diameter_mm"),
            reactorMaxFillVolumeML: number("reactor_max_fill_volume_ml"),
            maxTempToReduceHeating: number("max_temp_to_reduce_heating"),
            maxTempToDisableHeating: number("max_temp_to_disable_heating"),
            maxTempToShutdown: number("max_temp_to_shutdown"),
            isLegacy: object["is_legacy"]?.boolValue ?? false,
            isContrib: object["is_contrib"]?.boolValue ?? true
        )
    }
}
