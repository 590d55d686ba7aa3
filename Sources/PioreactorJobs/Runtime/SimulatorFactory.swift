import Foundation
import PioreactorCore
import PioreactorHardware

/// Wires the simulated bioreactor to this unit's config and active calibrations.
public enum SimulatorFactory {
    /// The HAT 1.2 wiring (hardware/hats/1.2/pwm.yaml): PWM channel → GPIO pin, heater on "5".
    public static let pwmToPin: [String: Int64] = ["1": 17, "2": 13, "3": 16, "4": 12, "5": 18]
    public static let heaterChannel = "5"

    static func make(
        paths: UnitPaths, config: MergedConfig, persistent: CacheDatabase, calibrations: CalibrationStore, speedup: Double
    ) async throws -> SimulatedBioreactor {
        var roles: [String: ActuatorRole] = [heaterChannel: .heating]
        for channel in (try? config.keys(in: "PWM")) ?? [] {
            let device = ((try? config.value("PWM", channel)) ?? nil) ?? ""
            roles[channel] = ActuatorRole(rawValue: device == "heating" ? "heating" : device) ?? .other
        }
        let channels = photodiodeChannels(config)
        // Calibrations are read once per process start.
        var stirringCurve: (@Sendable (Double) -> Double?)?
        if let calibration = await activeCalibration(device: "stirring", persistent: persistent, calibrations: calibrations) {
            stirringCurve = { try? calibration.xToY($0) }
        }
        var odCurves: [String: @Sendable (Double) -> Double?] = [:]
        for angle in Set(channels.map(\.angle)) where angle != "REF" {
            if let calibration = await activeCalibration(device: "od\(angle)", persistent: persistent, calibrations: calibrations) {
                odCurves[angle] = { try? calibration.xToY($0) }
            }
        }
        let initial = (try? config.double("bioreactor", "initial_volume_ml", fallback: 14)) ?? 14
        let efflux = (try? config.double("bioreactor", "efflux_tube_volume_ml", fallback: 14)) ?? 14
        return SimulatedBioreactor(
            runDirectory: paths.runPioreactor, speedup: speedup, roles: roles,
            photodiodeAngles: Dictionary(channels.map { ($0.channel, $0.angle) }, uniquingKeysWith: { a, _ in a }),
            stirringCurve: stirringCurve, odCurves: odCurves, initialVolumeML: initial, effluxTubeVolumeML: efflux)
    }

    static func photodiodeChannels(_ config: MergedConfig) -> [(channel: String, angle: String)] {
        let section = "od_config.photodiode_channel"
        return ((try? config.keys(in: section)) ?? []).compactMap { channel in
            guard let angle = (try? config.value(section, channel)) ?? nil, !angle.isEmpty else { return nil }
            return (channel, angle)
        }
    }

    static func activeCalibration(device: String, persistent: CacheDatabase, calibrations: CalibrationStore) async -> DecodedCalibration? {
        guard let name = try? await ActiveDeviceNames.calibrations(in: persistent).name(for: device) else { return nil }
        return try? calibrations.get(device: device, name: name)
    }
}
