import Foundation
import PioreactorCore

/// `pid_morbidostat` (Zhong 2020): above 0.7 × `target_normalized_od`, a PID on the growth rate
/// sets the alt-media fraction u ∈ [0, 1] of each exchange; 2.5 × the volume above 1.25 × target.
public actor PIDMorbidostatAutomation: DosingAutomation {
    public nonisolated let name = "pid_morbidostat"
    public nonisolated let requiredCalibrations = ["media_pump", "waste_pump", "alt_media_pump"]

    var targetGrowthRate: Double
    var targetNormalizedOD: Double
    var exchangeVolumeML = 0.0
    var pid: PIDController
    let minimumDoseML: Double

    /// `gains` are the config's Kp, Ki, Kd; the controller uses their negatives (more growth → more alt media).
    public init(arguments: [String: String], gains: (kp: Double, ki: Double, kd: Double), minimumDoseML: Double) throws {
        targetGrowthRate = try AutomationArgument.double(arguments, "target_growth_rate", automation: name, nonNegative: false)
        targetNormalizedOD = try AutomationArgument.double(arguments, "target_normalized_od", automation: name)
        pid = PIDController(kp: -gains.kp, ki: -gains.ki, kd: -gains.kd, setpoint: targetGrowthRate, limits: (.int(0), .int(1)))
        self.minimumDoseML = minimumDoseML
    }

    var minOD: Double { 0.7 * targetNormalizedOD }
    var maxOD: Double { 1.25 * targetNormalizedOD }

    /// The exchange volume replaces, per run, what the target growth rate adds: μ × V × duration.
    public func start(_ io: any DosingIO) async throws -> [(String, SettingValue)] {
        let volume = try await io.currentVolumeML()
        let hours = await io.durationMinutes() / 60
        exchangeVolumeML = (targetGrowthRate * volume * hours * 10_000).rounded() / 10_000
        return [
            ("target_growth_rate", .double(targetGrowthRate)), ("target_normalized_od", .double(targetNormalizedOD)),
            ("exchange_volume_ml", .double(exchangeVolumeML)),
        ]
    }

    public func set(_ setting: String, text: String, io: any DosingIO) async throws -> SettingValue? {
        switch setting {
        case "exchange_volume_ml":
            exchangeVolumeML = try AutomationArgument.double(text, setting)
            return .double(exchangeVolumeML)
        case "target_normalized_od":
            targetNormalizedOD = try AutomationArgument.double(text, setting)
            return .double(targetNormalizedOD)
        case "target_growth_rate":
            targetGrowthRate = try AutomationArgument.double(text, setting, nonNegative: false)
            pid.setpoint = targetGrowthRate
            return .double(targetGrowthRate)
        default:
            return nil
        }
    }

    public func execute(_ io: any DosingIO) async throws -> JSONValue? {
        let nOD = try await io.readings.latestNormalizedOD()
        guard nOD > minOD else {
            return AutomationEvent.json("NoEvent", "latest OD less than OD to start diluting, \(String(format: "%.2f", minOD))")
        }
        let growthRate = try await io.readings.latestGrowthRate()
        let fraction = pid.update(growthRate, dt: await io.durationMinutes() / 60)
        io.publishPIDLog(pid, target: "growth_rate")
        var volume = exchangeVolumeML
        if nOD > maxOD {
            io.logger.info("executing larger dilution since we are above max OD, \(String(format: "%.2f", maxOD))AU.")
            volume *= 2.5
        }
        var altMedia = fraction * volume
        var media = (1 - fraction) * volume
        // Pumps are inaccurate for tiny doses, so those are dropped.
        if altMedia < minimumDoseML {
            volume -= altMedia
            altMedia = 0
        }
        if media < minimumDoseML {
            volume -= media
            media = 0
        }
        let moved = try await io.executeIOAction(waste: volume, media: media, altMedia: altMedia)
        let message = "PID output=\(String(format: "%.2f", fraction)), alt_media_ml=\(String(format: "%.2f", moved.altMedia))mL, media_ml=\(String(format: "%.2f", moved.media))mL"
        return AutomationEvent.json("AddAltMediaEvent", message, data: JSONObject([
            ("fraction_of_alt_media_to_add", .double(fraction)), ("alt_media_ml", .double(altMedia)), ("media_ml", .double(media)),
        ]))
    }
}
