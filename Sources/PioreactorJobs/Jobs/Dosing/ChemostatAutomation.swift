import PioreactorCore

/// `chemostat`: exchange `exchange_volume_ml` (media in, waste out) on every run.
public actor ChemostatAutomation: DosingAutomation {
    public nonisolated let name = "chemostat"
    public nonisolated let requiredCalibrations = ["media_pump", "waste_pump"]
    var exchangeVolumeML: Double

    public init(arguments: [String: String]) throws {
        exchangeVolumeML = try AutomationArgument.double(arguments, "exchange_volume_ml", automation: name)
    }

    public func start(_ io: any DosingIO) async throws -> [(String, SettingValue)] {
        [("exchange_volume_ml", .double(exchangeVolumeML))]
    }

    public func set(_ setting: String, text: String, io: any DosingIO) async throws -> SettingValue? {
        guard setting == "exchange_volume_ml" else { return nil }
        exchangeVolumeML = try AutomationArgument.double(text, setting)
        return .double(exchangeVolumeML)
    }

    public func execute(_ io: any DosingIO) async throws -> JSONValue? {
        let volume = exchangeVolumeML
        let moved = try await io.executeIOAction(waste: volume, media: volume, altMedia: 0)
        return AutomationEvent.json("DilutionEvent", "exchanged \(JSONValue.pythonFloatRepr(moved.media))mL", data: JSONObject([
            ("exchange_volume_ml", .double(volume)), ("volume_actually_cycled_ml", .double(moved.media)),
        ]))
    }
}
