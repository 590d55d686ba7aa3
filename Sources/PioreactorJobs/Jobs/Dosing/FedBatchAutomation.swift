import PioreactorCore

/// `fed_batch`: add `dosing_volume_ml` of media, no waste; skip and sleep at the overflow threshold.
public actor FedBatchAutomation: DosingAutomation {
    public nonisolated let name = "fed_batch"
    public nonisolated let requiredCalibrations = ["media_pump"]
    var dosingVolumeML: Double

    public init(arguments: [String: String]) throws {
        dosingVolumeML = try AutomationArgument.double(arguments, "dosing_volume_ml", automation: name)
    }

    public func start(_ io: any DosingIO) async throws -> [(String, SettingValue)] {
        io.logger.warning("When using the fed-batch automation, no liquid is removed. Carefully monitor the level of liquid to avoid overflow!")
        return [("dosing_volume_ml", .double(dosingVolumeML))]
    }

    public func set(_ setting: String, text: String, io: any DosingIO) async throws -> SettingValue? {
        guard setting == "dosing_volume_ml" else { return nil }
        dosingVolumeML = try AutomationArgument.double(text, setting)
        return .double(dosingVolumeML)
    }

    public func execute(_ io: any DosingIO) async throws -> JSONValue? {
        let volume = dosingVolumeML
        let current = try await io.currentVolumeML()
        if current + volume >= io.maxFillVolumeML {
            io.logger.error("Skipping fed-batch dose since \(JSONValue.pythonFloatRepr(current)) + \(JSONValue.pythonFloatRepr(volume)) mL is beyond safety threshold \(JSONValue.pythonFloatRepr(io.maxFillVolumeML)) mL.")
            await io.pauseAutomation()
            return AutomationEvent.json("NoEvent", "Skipped dosing to avoid overflow.")
        }
        let moved = try await io.addMedia(ml: volume)
        if moved != volume { io.logger.warning("Under-dosed!") }
        return AutomationEvent.json("AddMediaEvent", "Added \(JSONValue.pythonFloatRepr(moved)) mL")
    }
}
