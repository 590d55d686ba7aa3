import Foundation
import PioreactorCore

/// `turbidostat`: every 15 s, exchange `exchange_volume_ml` when the latest biomass reaches
/// `target_biomass`. The biomass signal is `normalized_od`, `od_fused` or `od`; `auto` picks one
/// from the unit's active estimator and calibrations.
public actor TurbidostatAutomation: DosingAutomation {
    public nonisolated let name = "turbidostat"
    public nonisolated let requiredCalibrations = ["media_pump", "waste_pump"]
    public nonisolated let forcedDuration: Double? = 0.25
    public static let signals = ["auto", "normalized_od", "od_fused", "od"]

    var exchangeVolumeML: Double
    var targetBiomass: Double
    var biomassSignal: String
    /// The signal channel `od` reads (the lowest-numbered one), nil when none is configured.
    let odChannel: String?
    let autoSignal: @Sendable () async -> String

    /// `autoSignal` resolves `auto` (od_fused with an active estimator, od with an OD calibration, else normalized_od).
    public init(
        arguments: [String: String], defaultSignal: String, odChannel: String?,
        autoSignal: @escaping @Sendable () async -> String
    ) throws {
        exchangeVolumeML = try AutomationArgument.double(arguments, "exchange_volume_ml", automation: name)
        guard arguments["target_biomass"] != nil else { throw JobFailure("Provide a target biomass.") }
        targetBiomass = try AutomationArgument.double(arguments, "target_biomass", automation: name)
        biomassSignal = try Self.validated(arguments["biomass_signal"] ?? defaultSignal)
        self.odChannel = odChannel
        self.autoSignal = autoSignal
    }

    static func validated(_ signal: String) throws -> String {
        guard signals.contains(signal) else {
            throw JobFailure("Unsupported biomass_signal=\(signal). Use one of: \(signals.joined(separator: ", ")).")
        }
        return signal
    }

    func resolve(_ signal: String) async -> String {
        signal == "auto" ? await autoSignal() : signal
    }

    public func start(_ io: any DosingIO) async throws -> [(String, SettingValue)] {
        biomassSignal = await resolve(biomassSignal)
        return [
            ("biomass_signal", .string(biomassSignal)), ("target_biomass", .double(targetBiomass)),
            ("exchange_volume_ml", .double(exchangeVolumeML)),
        ]
    }

    public func set(_ setting: String, text: String, io: any DosingIO) async throws -> SettingValue? {
        switch setting {
        case "exchange_volume_ml":
            exchangeVolumeML = try AutomationArgument.double(text, setting)
            return .double(exchangeVolumeML)
        case "target_biomass":
            targetBiomass = try AutomationArgument.double(text, setting)
            return .double(targetBiomass)
        case "biomass_signal":
            biomassSignal = await resolve(try Self.validated(text))
            return .string(biomassSignal)
        default:
            return nil
        }
    }

    public func execute(_ io: any DosingIO) async throws -> JSONValue? {
        let signal = biomassSignal
        let latest = try await latestBiomass(signal, io.readings)
        let target = targetBiomass
        guard latest >= target else { return nil }
        let volume = exchangeVolumeML
        let moved = try await io.executeIOAction(waste: volume, media: volume, altMedia: 0)
        let message = "Latest biomass (\(signal)) = \(String(format: "%.2f", latest)) ≥ Target biomass = \(String(format: "%.2f", target)); cycled \(String(format: "%.2f", moved.media)) mL"
        return AutomationEvent.json("DilutionEvent", message, data: JSONObject([
            ("latest_biomass", .double(latest)), ("target_biomass", .double(target)),
            ("resolved_biomass_signal", .string(signal)), ("exchange_volume_ml", .double(volume)),
            ("volume_actually_moved_ml", .double(moved.media)),
        ]))
    }

    func latestBiomass(_ signal: String, _ readings: CultureReadings) async throws -> Double {
        switch signal {
        case "normalized_od": return try await readings.latestNormalizedOD()
        case "od_fused": return try await readings.latestODFused()
        case "od":
            guard let odChannel else { throw ReadingsUnavailable("No OD signal channels found in [od_config.photodiode_channel].") }
            return try await readings.latestOD(channel: odChannel)
        default:
            throw ReadingsUnavailable("Unsupported biomass_signal=\(signal). Use one of: normalized_od, od_fused, od.")
        }
    }
}
