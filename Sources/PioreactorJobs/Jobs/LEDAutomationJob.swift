import Foundation
import PioreactorCore

/// `led_automation` (jobs.md §8.6) with `silent` and `light_dark_cycle`: `execute()` every
/// `duration` minutes; on disconnect every channel it touched goes back to 0.
public actor LEDAutomationJob: BackgroundJob {
    public nonisolated let jobName = "led_automation"
    public nonisolated let publishedSettings: [PublishedSettingSpec]
    public nonisolated var clearedAtStart: [String] { ["latest_event"] }
    public nonisolated let automationName: String
    public static let automations = ["silent", "light_dark_cycle"]
    /// light_dark_cycle drives these channels, in this order.
    static let cycleChannels = ["D", "C"]

    let context: JobContext
    let leds: LEDDriver
    var duration: Double
    let skipFirstRun: Bool
    var schedule: LightDarkSchedule?
    var lightIntensity = 0.0
    /// Channels this automation changed, switched off on disconnect.
    public private(set) var editedChannels: Set<String> = []
    var lastRun: Date?
    /// Wall-clock time of the next `execute()`; moved when `duration` changes.
    var nextRun = Date.distantFuture
    /// Wall seconds between LED retries (0.5 s in the reference; tests shorten it).
    var retryPause = 0.5

    /// Options `duration` (min, default 60) and `skip_first_run`; light_dark_cycle needs
    /// `light_intensity`, `light_duration_minutes` and `dark_duration_minutes` (free text).
    public init(context: JobContext, automationName: String, options: OptionValues, arguments: [String: String]) throws {
        guard Self.automations.contains(automationName),
              let spec = JobCatalog.builtIn.job(named: "led_automation", automation: automationName) else {
            throw JobFailure("Unable to find \(automationName). Available automations are \(Self.automations).")
        }
        self.context = context
        self.automationName = automationName
        publishedSettings = spec.publishedSettings
        leds = LEDDriver(context: context, sourceOfEvent: "led_automation:\(automationName)")
        duration = try OptionValues(arguments).double("duration") ?? options.double("duration") ?? 60
        guard duration > 0 else { throw JobFailure("duration must be > 0") }
        skipFirstRun = (options.string("skip_first_run") ?? arguments["skip_first_run"]) == "1"
        if automationName == "light_dark_cycle" {
            let values = OptionValues(arguments)
            guard let intensity = try values.double("light_intensity"),
                  let light = try values.double("light_duration_minutes"),
                  let dark = try values.double("dark_duration_minutes") else {
                throw JobFailure("light_dark_cycle requires --light-intensity, --light-duration-minutes and --dark-duration-minutes")
            }
            if let problem = Self.intensityProblem(intensity) { throw JobFailure(problem) }
            if let problem = LightDarkSchedule.problem(lightMinutes: light, darkMinutes: dark) { throw JobFailure(problem) }
            lightIntensity = intensity
            schedule = LightDarkSchedule(lightMinutes: light, darkMinutes: dark)
        }
    }

    static func intensityProblem(_ value: Double) -> String? {
        value >= 0 && value <= 100 ? nil : "light_intensity should be between 0 and 100, inclusive"
    }

    public func start(_ runtime: JobRuntime) async throws {
        context.logger.info("Starting \(automationName).")
        await runtime.publish("automation_name", .string(automationName))
        await runtime.publish("duration", .double(duration))
        if let schedule {
            if duration != 1 { context.logger.warning("Duration should be set to 1.") }
            // The reference keeps the durations as floats until a `/set` casts them to int.
            await runtime.publish("light_intensity", .double(lightIntensity))
            await runtime.publish("light_duration_minutes", .double(schedule.lightMinutes))
            await runtime.publish("dark_duration_minutes", .double(schedule.darkMinutes))
        }
    }

    /// First run after min(1/samples_per_second, 10) s (so an OD reading can land first), then
    /// every `duration` minutes; `skip_first_run` waits one more period.
    public func run(_ runtime: JobRuntime) async throws {
        let samplesPerSecond = context.double("od_reading.config", "samples_per_second", 0.2)
        var firstDelay = samplesPerSecond > 0 ? min(1 / samplesPerSecond, 10) : 10
        if skipFirstRun { firstDelay += duration * 60 }
        nextRun = Date().addingTimeInterval(firstDelay / context.clock.speedup)
        while !Task.isCancelled {
            let remaining = nextRun.timeIntervalSinceNow
            if remaining > 0 {
                // Short slices so a new `duration` re-times the wait.
                try await Task.sleep(nanoseconds: UInt64(min(remaining, 0.2) * 1_000_000_000))
                continue
            }
            await runOnce(runtime)
            nextRun = (lastRun ?? Date()).addingTimeInterval(duration * 60 / context.clock.speedup)
        }
    }

    /// The reference's `run()`: waits up to 60 s for `ready`, then `execute()`; failures become
    /// `ErrorOccurred`. A nil event clears `latest_event`.
    func runOnce(_ runtime: JobRuntime) async {
        var waited = 0.0
        while await runtime.state != .ready {
            guard waited + 5 < 60 else {
                context.logger.debug("Timed out waiting for READY.")
                lastRun = Date()
                return
            }
            do { try await context.clock.sleep(5) } catch { return }
            waited += 5
        }
        let event: JSONValue?
        do {
            event = try await execute()
        } catch {
            context.logger.error("\(error)")
            event = AutomationEvent.json("ErrorOccurred", "\(error)")
        }
        if let event { context.logger.info("\(AutomationEvent.display(event))") }
        await runtime.publish("latest_event", event.map(SettingValue.json))
        lastRun = Date()
    }

    /// One `execute()`: silent does nothing; light_dark_cycle advances its minute counter.
    func execute() async throws -> JSONValue? {
        guard var schedule else { return AutomationEvent.json("NoEvent", "no changes occur in Silent") }
        let change = schedule.tick()
        self.schedule = schedule
        return try await apply(change, minute: schedule.minutesOnline)
    }

    /// Drives D and C for a transition and describes it.
    func apply(_ change: Bool?, minute: Int) async throws -> JSONValue? {
        guard let change else { return nil }
        for channel in Self.cycleChannels { try await setLED(channel, change ? lightIntensity : 0) }
        let text = String(format: "%.1f", Double(minute))
        return AutomationEvent.json("ChangedLedIntensity", "\(text)min: turned \(change ? "on" : "off") LEDs.")
    }

    /// Up to 6 attempts 0.5 s apart (another job may hold the channel's lock).
    func setLED(_ channel: String, _ intensity: Double) async throws {
        for _ in 0..<6 {
            if try await leds.apply([(channel, intensity)]) {
                editedChannels.insert(channel)
                return
            }
            try await Task.sleep(nanoseconds: UInt64(retryPause * 1_000_000_000))
        }
        context.logger.warning("\(automationName) was unable to update channel \(channel).")
    }

    public func set(_ setting: String, text: String, runtime: JobRuntime) async throws {
        switch setting {
        case "duration" where schedule == nil:
            let value = try SettingText.double(text, setting: setting)
            guard value > 0 else { throw JobFailure("duration must be > 0") }
            duration = value
            // Re-time from the last run (or keep the pending first run).
            if let lastRun { nextRun = lastRun.addingTimeInterval(duration * 60 / context.clock.speedup) }
            await runtime.update(setting, .double(value))
        case "light_intensity" where schedule != nil:
            let value = try SettingText.double(text, setting: setting)
            if let problem = Self.intensityProblem(value) { throw JobFailure(problem) }
            lightIntensity = value
            if schedule?.lightActive == true {
                for channel in Self.cycleChannels { try await setLED(channel, value) }
            }
            await runtime.update(setting, .double(value))
        case "light_duration_minutes", "dark_duration_minutes":
            guard var schedule else { throw JobFailure("Unable to set \(setting) in led_automation.") }
            guard let minutes = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw JobFailure("invalid literal for int() with base 10: '\(text)'")
            }
            var light = schedule.lightMinutes
            var dark = schedule.darkMinutes
            if setting == "light_duration_minutes" { light = Double(minutes) } else { dark = Double(minutes) }
            if let problem = LightDarkSchedule.problem(lightMinutes: light, darkMinutes: dark) { throw JobFailure(problem) }
            schedule.lightMinutes = light
            schedule.darkMinutes = dark
            // The reference re-evaluates the current minute at once; the event is not published.
            let change = schedule.evaluate()
            self.schedule = schedule
            _ = try await apply(change, minute: schedule.minutesOnline)
            await runtime.update(setting, .int(minutes))
        default:
            throw JobFailure("Unable to set \(setting) in led_automation.")
        }
    }

    public func disconnect(_ runtime: JobRuntime) async {
        let off = LEDDriver.channels.filter(editedChannels.contains).map { (channel: $0, intensity: 0.0) }
        guard !off.isEmpty else { return }
        do {
            try await leds.apply(off)
        } catch {
            context.logger.error("Unable to turn off LEDs: \(error)")
        }
    }
}
