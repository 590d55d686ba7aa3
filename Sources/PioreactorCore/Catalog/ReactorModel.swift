/// A registered bioreactor hardware model (storage.md §6).
public struct ReactorModel: Sendable, Equatable {
    public var modelName: String
    public var modelVersion: String
    public var displayName: String
    public var reactorCapacityML: Double
    public var reactorDiameterMM: Double
    public var reactorMaxFillVolumeML: Double
    public var maxTempToReduceHeating: Double
    public var maxTempToDisableHeating: Double
    public var maxTempToShutdown: Double
    public var isLegacy: Bool
    public var isContrib: Bool

    public init(
        modelName: String, modelVersion: String, displayName: String,
        reactorCapacityML: Double, reactorDiameterMM: Double, reactorMaxFillVolumeML: Double,
        maxTempToReduceHeating: Double, maxTempToDisableHeating: Double, maxTempToShutdown: Double,
        isLegacy: Bool = false, isContrib: Bool = true
    ) {
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.displayName = displayName
        self.reactorCapacityML = reactorCapacityML
        self.reactorDiameterMM = reactorDiameterMM
        self.reactorMaxFillVolumeML = reactorMaxFillVolumeML
        self.maxTempToReduceHeating = maxTempToReduceHeating
        self.maxTempToDisableHeating = maxTempToDisableHeating
        self.maxTempToShutdown = maxTempToShutdown
        self.isLegacy = isLegacy
        self.isContrib = isContrib
    }

    /// The model as the reference serialises its `Model` struct (field order kept).
    public var json: JSONValue {
        .object(JSONObject([
            ("model_name", .string(modelName)),
            ("model_version", .string(modelVersion)),
            ("display_name", .string(displayName)),
            ("reactor_capacity_ml", .double(reactorCapacityML)),
            ("reactor_diameter_mm", .double(reactorDiameterMM)),
            ("reactor_max_fill_volume_ml", .double(reactorMaxFillVolumeML)),
            ("max_temp_to_reduce_heating", .double(maxTempToReduceHeating)),
            ("max_temp_to_disable_heating", .double(maxTempToDisableHeating)),
            ("max_temp_to_shutdown", .double(maxTempToShutdown)),
            ("is_legacy", .bool(isLegacy)),
            ("is_contrib", .bool(isContrib)),
        ]))
    }
}

extension ReactorModel {
    /// The built-in models, in the reference's registry order.
    public static let builtIns: [ReactorModel] = [
        builtIn("pioreactor_40ml", "1.5", "Pioreactor 40ml, v1.5", capacity: 40, maxFill: 38, heating: (78, 80, 85), legacy: false),
        builtIn("pioreactor_40ml", "1.0", "Pioreactor 40ml, v1.0", capacity: 40, maxFill: 38, heating: (78, 80, 85), legacy: true),
        builtIn("pioreactor_20ml", "1.1", "Pioreactor 20ml, v1.1", capacity: 20, maxFill: 18, heating: (78, 80, 85), legacy: true),
        builtIn("pioreactor_20ml", "1.0", "Pioreactor 20ml, v1.0", capacity: 20, maxFill: 18, heating: (63, 65, 66), legacy: true),
        builtIn("pioreactor_20ml", "1.5", "Pioreactor 20ml, v1.5", capacity: 20, maxFill: 18, heating: (78, 80, 85), legacy: false),
        builtIn("pioreactor_40ml_XR", "1.5", "Pioreactor 40ml XR, v1.5", capacity: 40, maxFill: 38, heating: (78, 80, 85), legacy: false),
        builtIn("pioreactor_20ml_XR", "1.5", "Pioreactor 20ml XR, v1.5", capacity: 20, maxFill: 18, heating: (78, 80, 85), legacy: false),
    ]

    private static func builtIn(
        _ name: String, _ version: String, _ display: String, capacity: Double, maxFill: Double,
        heating: (Double, Double, Double), legacy: Bool
    ) -> ReactorModel {
        ReactorModel(
            modelName: name, modelVersion: version, displayName: display,
            reactorCapacityML: capacity, reactorDiameterMM: 27, reactorMaxFillVolumeML: maxFill,
            maxTempToReduceHeating: heating.0, maxTempToDisableHeating: heating.1, maxTempToShutdown: heating.2,
            isLegacy: legacy, isContrib: false
        )
    }
}
