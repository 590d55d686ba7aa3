import Foundation
import PioreactorCore

/// Builds a dosing automation by name from its free `--key value` arguments and the unit's config.
enum DosingAutomationFactory {
    static func make(_ name: String, arguments: [String: String], context: JobContext) throws -> any DosingAutomation {
        switch name {
        case "silent": return SilentAutomation()
        case "chemostat": return try ChemostatAutomation(arguments: arguments)
        case "fed_batch": return try FedBatchAutomation(arguments: arguments)
        case "turbidostat":
            let defaultSignal = ((try? context.config.value("dosing_automation.turbidostat", "biomass_signal")) ?? nil) ?? "auto"
            let channel = odSignalChannel(context)
            return try TurbidostatAutomation(arguments: arguments, defaultSignal: defaultSignal, odChannel: channel) {
                await autoBiomassSignal(context, channel: channel)
            }
        case "pid_morbidostat":
            let section = "dosing_automation.pid_morbidostat"
            return try PIDMorbidostatAutomation(
                arguments: arguments,
                gains: (context.double(section, "Kp", 1), context.double(section, "Ki", 0), context.double(section, "Kd", 0)),
                minimumDoseML: context.double(section, "minimum_dosing_volume_ml", 0.1))
        default:
            throw JobFailure("Unable to find \(name). Available automations are \(DosingAutomationJob.automations).")
        }
    }

    /// The lowest-numbered signal photodiode channel (warns when there are several).
    static func odSignalChannel(_ context: JobContext) -> String? {
        let signals = context.photodiodeChannels().filter { $0.angle != "REF" }.map(\.channel)
        let chosen = signals.min { (Int($0) ?? .max) < (Int($1) ?? .max) }
        if signals.count > 1, let chosen {
            context.logger.warning("Multiple OD signal channels detected (\(signals.joined(separator: ", "))). Using channel \(chosen). Prefer od_fused or normalized_od in this case.")
        }
        return chosen
    }

    /// `auto`: od_fused with an active fused estimator, else od with an active OD calibration
    /// for the channel's angle, else normalized_od.
    static func autoBiomassSignal(_ context: JobContext, channel: String?) async -> String {
        if (try? await ActiveDeviceNames.estimators(in: context.persistent).name(for: "od_fused")) != nil {
            return "od_fused"
        }
        if let channel, let angle = context.photodiodeChannels().first(where: { $0.channel == channel })?.angle,
           await context.activeCalibration(device: "od\(angle)") != nil {
            return "od"
        }
        return "normalized_od"
    }
}
