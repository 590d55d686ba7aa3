import Foundation
import Logging
import PioreactorCore
import PioreactorHardware

/// `dosing_automation` (jobs.md §8.5): runs a `DosingAutomation`'s `execute()` every `duration`
/// minutes; doses run as nested pump actions (registered like the reference's).
public actor DosingAutomationJob: BackgroundJob {
    public nonisolated let jobName = "dosing_automation"
    public nonisolated let publishedSettings: [PublishedSettingSpec]
    public nonisolated var clearedAtStart: [String] { ["latest_event"] }
    public nonisolated let automationName: String
    public nonisolated let readings: CultureReadings
    public static let automations = ["silent", "chemostat", "turbidostat", "fed_batch", "pid_morbidostat"]

    let context: JobContext
    let automation: any DosingAutomation
    let arguments: [String: String]
    var duration: Double
    let skipFirstRun: Bool
    var mediaThroughput = 0.0
    var altMediaThroughput = 0.0
    var lastRun = Date()
    /// The pending wait for the next run; cancelled to re-time it when `duration` changes.
    var nextRunWait: Task<Void, any Error>?
    var runtime: JobRuntime?
    var activePump: JobRuntime?

    /// Options `duration` (min, default 60) and `skip_first_run`; the automation's own settings
    /// come as free `--key value` texts. `source` replaces the published-settings table in tests.
    public init(
        context: JobContext, automationName: String, options: OptionValues, arguments: [String: String],
        source: (any PublishedReadings)? = nil
    ) throws {
        guard Self.automations.contains(automationName),
              let spec = JobCatalog.builtIn.job(named: "dosing_automation", automation: automationName) else {
            throw JobFailure("Unable to find \(automationName). Available automations are \(Self.automations).")
        }
        self.context = context
        self.automationName = automationName
        self.arguments = arguments
        publishedSettings = spec.publishedSettings
        readings = CultureReadings(
            source: source ?? DatabasePublishedReadings(store: context.jobs, experiment: context.experiment), clock: context.clock)
        automation = try DosingAutomationFactory.make(automationName, arguments: arguments, context: context)
        duration = try automation.forcedDuration ?? OptionValues(arguments).double("duration") ?? options.double("duration") ?? 60
        skipFirstRun = (options.string("skip_first_run") ?? arguments["skip_first_run"]) == "1"
        guard duration > 0 else { throw JobFailure("duration must be > 0") }
    }

    public func start(_ runtime: JobRuntime) async throws {
        self.runtime = runtime
        for device in automation.requiredCalibrations where await context.activeCalibration(device: device) == nil {
            throw JobFailure("CalibrationError: Active calibration not found. Run \(device) calibration: `pio calibrations run --device \(device)`, or set active with `pio calibrations set-active`")
        }
        try await seedBioreactorValues()
        mediaThroughput = try await context.persistent.cache("media_throughput").getFloat(.text(context.experiment)) ?? 0
        altMediaThroughput = try await context.persistent.cache("alt_media_throughput").getFloat(.text(context.experiment)) ?? 0
        await runtime.publish("automation_name", .string(automationName))
        await runtime.publish("duration", .double(duration))
        for (setting, value) in try await automation.start(self) { await runtime.publish(setting, value) }
        await runtime.publish("media_throughput", .double(mediaThroughput))
        await runtime.publish("alt_media_throughput", .double(altMediaThroughput))
        if try await context.jobs.runningJobId(jobName: "stirring") == nil {
            context.logger.warning("It's recommended to have stirring on to improve mixing during dosing events.")
        }
    }

    /// Persists the experiment's bioreactor values (or the `--current-volume-ml`… overrides) so
    /// later updates start from what the experiment shows.
    func seedBioreactorValues() async throws {
        var seeded = JSONObject()
        for variable in BioreactorVariable.all {
            if let text = arguments[variable.key] {
                seeded[variable.key] = .double(try SettingText.double(text, setting: variable.key))
            } else {
                seeded[variable.key] = .double(try await context.bioreactor.value(experiment: context.experiment, variable: variable))
            }
        }
        // Stored, then published retained as the reference's automation does at start.
        for setting in try await context.bioreactor.set(experiment: context.experiment, values: .object(seeded)) {
            context.bus.publish("bioreactor/\(setting.variable)", JSONValue.pythonFloatRepr(setting.value), qos: 2, retain: true)
        }
    }

    public func run(_ runtime: JobRuntime) async throws {
        try await context.clock.sleep(skipFirstRun ? duration * 60 : 2)
        while !Task.isCancelled {
            lastRun = Date()
            try await runOnce(runtime)
            try await waitForNextRun()
        }
    }

    /// One run: wait up to 60 s for `ready`, then `execute()`; failures become `ErrorOccurred`.
    func runOnce(_ runtime: JobRuntime) async throws {
        var waited = 0.0
        while await runtime.state != .ready {
            guard await runtime.state != .disconnected, waited < 60 else {
                context.logger.debug("Timed out waiting for READY.")
                return
            }
            try await context.clock.sleep(5)
            waited += 5
        }
        let event: JSONValue?
        do {
            event = try await automation.execute(self)
            if let event {
                context.logger.info("\(event["event_name"]?.stringValue ?? ""): \(event["message"]?.stringValue ?? "")")
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as ReadingsUnavailable {
            context.logger.warning("\(error.description)")
            event = AutomationEvent.json("ErrorOccurred", error.description)
        } catch {
            context.logger.error("\(error)")
            event = AutomationEvent.json("ErrorOccurred", "\(error)")
        }
        await runtime.publish("latest_event", event.map(SettingValue.json))
    }

    /// Sleeps until `lastRun + duration` (simulated); a `duration` change re-times the wait.
    func waitForNextRun() async throws {
        while true {
            let remaining = duration * 60 - Date().timeIntervalSince(lastRun) * context.clock.speedup
            guard remaining > 0 else { return }
            let wait = Task { [clock = context.clock] in try await clock.sleep(remaining) }
            nextRunWait = wait
            do {
                try await withTaskCancellationHandler { try await wait.value } onCancel: { wait.cancel() }
                return
            } catch {
                try Task.checkCancellation()
            }
        }
    }

    public func set(_ setting: String, text: String, runtime: JobRuntime) async throws {
        if setting == "duration", automation.forcedDuration == nil {
            let value = try AutomationArgument.double(text, setting)
            guard value > 0 else { throw JobFailure("duration must be > 0") }
            duration = value
            nextRunWait?.cancel()
            await runtime.update(setting, .double(value))
            return
        }
        guard let value = try await automation.set(setting, text: text, io: self) else {
            throw JobFailure("Unable to set \(setting) in dosing_automation.")
        }
        await runtime.update(setting, value)
    }

    /// `sleeping` stops any running pump (the reference publishes `disconnected` to them).
    public func sleep(_ runtime: JobRuntime) async {
        await activePump?.requestStop()
    }

    public func disconnect(_ runtime: JobRuntime) async {
        await activePump?.requestStop()
        // Like the reference: stop any pump of this experiment, ours or one started by hand.
        for pump in PumpRole.allCases {
            context.bus.publish("\(PumpAction.jobName(for: pump))/$state/set", JobState.disconnected.rawValue, qos: 1, retain: false)
        }
    }
}
