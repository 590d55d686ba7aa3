import Foundation
import PioreactorCore
import PioreactorHardware

/// `dosing_automation` (jobs.md §8.5) with `silent` and `chemostat`: `execute()` every
/// `duration` minutes; doses run as nested pump actions (registered like the reference's).
public actor DosingAutomationJob: BackgroundJob {
    public nonisolated let jobName = "dosing_automation"
    public nonisolated let publishedSettings: [PublishedSettingSpec]
    public nonisolated let automationName: String
    public static let automations = ["silent", "chemostat"]

    let context: JobContext
    var duration: Double
    let skipFirstRun: Bool
    var exchangeVolumeML: Double?
    var mediaThroughput = 0.0
    var altMediaThroughput = 0.0
    var lastRun: Date?

    /// Options `duration` (min, default 60) and `skip_first_run`; chemostat needs `exchange_volume_ml`.
    public init(context: JobContext, automationName: String, options: OptionValues, arguments: [String: String]) throws {
        guard Self.automations.contains(automationName),
              let spec = JobCatalog.builtIn.job(named: "dosing_automation", automation: automationName) else {
            throw JobFailure("Unknown dosing automation \(automationName). Available: \(Self.automations.joined(separator: ", ")).")
        }
        self.context = context
        self.automationName = automationName
        publishedSettings = spec.publishedSettings
        duration = try OptionValues(arguments).double("duration") ?? options.double("duration") ?? 60
        skipFirstRun = (options.string("skip_first_run") ?? arguments["skip_first_run"]) == "1"
        guard duration > 0 else { throw JobFailure("duration must be > 0") }
        if automationName == "chemostat" {
            guard let text = arguments["exchange_volume_ml"] else { throw JobFailure("chemostat requires --exchange-volume-ml") }
            let volume = try SettingText.double(text, setting: "exchange_volume_ml")
            guard volume >= 0 else { throw JobFailure("exchange_volume_ml must be >= 0") }
            exchangeVolumeML = volume
        }
    }

    public func start(_ runtime: JobRuntime) async throws {
        if automationName == "chemostat" {
            for device in ["media_pump", "waste_pump"] where await context.activeCalibration(device: device) == nil {
                throw JobFailure("CalibrationError: Active calibration not found. Run \(device) calibration: `pio calibrations run --device \(device)`, or set active with `pio calibrations set-active`")
            }
        }
        // Seed the bioreactor values so later updates start from what the experiment shows.
        let values = context.bioreactor
        var seeded = JSONObject()
        for variable in BioreactorVariable.all {
            seeded[variable.key] = .double(try await values.value(experiment: context.experiment, variable: variable))
        }
        try await values.set(experiment: context.experiment, values: .object(seeded))
        mediaThroughput = try await context.persistent.cache("media_throughput").getFloat(.text(context.experiment)) ?? 0
        altMediaThroughput = try await context.persistent.cache("alt_media_throughput").getFloat(.text(context.experiment)) ?? 0
        await runtime.publish("automation_name", .string(automationName))
        await runtime.publish("duration", .double(duration))
        if let exchangeVolumeML { await runtime.publish("exchange_volume_ml", .double(exchangeVolumeML)) }
        await runtime.publish("media_throughput", .double(mediaThroughput))
        await runtime.publish("alt_media_throughput", .double(altMediaThroughput))
    }

    public func run(_ runtime: JobRuntime) async throws {
        try await context.clock.sleep(skipFirstRun ? duration * 60 : 2)
        while !Task.isCancelled {
            try await runtime.waitWhileSleeping()
            lastRun = Date()
            let event = try await execute(runtime)
            await runtime.publish("latest_event", .json(event))
            try await context.clock.sleep(duration * 60)
        }
    }

    /// One `execute()`; returns the AutomationEvent.
    func execute(_ runtime: JobRuntime) async throws -> JSONValue {
        guard automationName == "chemostat", let volume = exchangeVolumeML else {
            return TemperatureAutomationJob.event("NoEvent", message: nil, data: nil)
        }
        let moved = try await exchange(waste: volume, media: volume, runtime)
        return TemperatureAutomationJob.event(
            "DilutionEvent", message: "exchanged \(volume.formatted2)mL",
            data: .object(JSONObject([("media_ml", .double(moved.media)), ("waste_ml", .double(moved.waste))])))
    }

    /// `execute_io_action`: sub-doses of at most `max_subdose`, then waste × (1 + multiplier).
    func exchange(waste: Double, media: Double, _ runtime: JobRuntime) async throws -> (media: Double, waste: Double) {
        let maxSubdose = context.double("dosing_automation.config", "max_subdose", 1.0)
        let pause = context.double("dosing_automation.config", "pause_between_subdoses_seconds", 5)
        let multiplier = context.double("dosing_automation.config", "waste_removal_multiplier", 2)
        var doses = [media]
        while let largest = doses.max(), largest > maxSubdose {
            doses = doses.flatMap { $0 > maxSubdose ? [$0 / 2, $0 / 2] : [$0] }
        }
        var added = 0.0
        for dose in doses where dose > 0 {
            let current = try await context.bioreactor.value(
                experiment: context.experiment, variable: BioreactorVariable.named("current_volume_ml")!)
            if current + dose >= context.model.reactorMaxFillVolumeML {
                context.logger.error("Projected volume \(current + dose) mL would reach the max fill volume. Pausing the automation.")
                await runtime.transition(to: "sleeping")
                break
            }
            added += try await pump(.media, ml: dose)
            try await context.clock.sleep(pause)
        }
        mediaThroughput += added
        try await context.persistent.cache("media_throughput").set(.text(context.experiment), .real(mediaThroughput))
        await runtime.publish("media_throughput", .double(mediaThroughput))
        var removed = try await pump(.waste, ml: waste)
        removed += try await pump(.waste, ml: multiplier * waste)
        return (added, removed)
    }

    /// Runs a nested pump action (its own job row) and returns the volume moved.
    func pump(_ role: PumpRole, ml: Double) async throws -> Double {
        guard ml > 0 else { return 0 }
        let action = try PumpAction(context: context, pump: role, options: OptionValues([
            "ml": JSONValue.pythonFloatRepr(ml), "source_of_event": "\(jobName):\(automationName)",
        ]))
        let runtime = JobRuntime(context: context, job: action)
        let code = await withTaskCancellationHandler {
            await runtime.run(trapSignals: false)
        } onCancel: {
            Task { await runtime.requestStop() }
        }
        try Task.checkCancellation()
        if code != 0 { throw JobFailure("\(PumpAction.jobName(for: role)) failed") }
        return await action.movedML
    }

    public func set(_ setting: String, text: String, runtime: JobRuntime) async throws {
        let value = try SettingText.double(text, setting: setting)
        switch setting {
        case "duration":
            guard value > 0 else { throw JobFailure("duration must be > 0") }
            duration = value
        case "exchange_volume_ml" where exchangeVolumeML != nil:
            guard value >= 0 else { throw JobFailure("exchange_volume_ml must be >= 0") }
            exchangeVolumeML = value
        default:
            throw JobFailure("Unable to set \(setting) in dosing_automation.")
        }
        await runtime.update(setting, .double(value))
    }

    public func disconnect(_ runtime: JobRuntime) async {}
}
