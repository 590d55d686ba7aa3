import Foundation
import PioreactorCore
import PioreactorHardware

/// What `pio run` can start in this process, and the entry point that runs it.
public enum JobLauncher {
    /// Jobs implemented here (a subset of JobCatalog's commands).
    public static let runnable = [
        "stirring", "od_reading", "growth_rate_calculating", "temperature_automation", "dosing_automation",
        "add_media", "add_alt_media", "remove_waste", "led_automation", "led_intensity", "monitor",
    ]
    /// Jobs that use `$experiment` and survive `/jobs/stop/all`.
    static let longRunning: Set<String> = ["monitor"]

    /// Parses the arguments against the catalog, builds the job and runs it; returns the exit code.
    public static func run(
        jobName: String, arguments: [String], configOverrides: [ConfigOverride] = [],
        env: [String: String] = ProcessInfo.processInfo.environment
    ) async -> Int32 {
        guard let command = JobCatalog.builtIn.command(named: jobName) else {
            FileHandle.standardError.write(Data("Error: No such command '\(jobName)'.\n".utf8))
            return 2
        }
        guard runnable.contains(jobName) else {
            FileHandle.standardError.write(Data("Error: '\(jobName)' is not implemented on this unit yet.\n".utf8))
            return 2
        }
        do {
            let parsed = try RunArguments.parse(arguments, command: command)
            let isLongRunning = longRunning.contains(jobName)
            let context = try await JobContext.make(
                env: env, jobName: jobName, longRunning: isLongRunning, configOverrides: configOverrides)
            // Whatever happens, leave the broker cleanly: an unclean exit would publish our last
            // will (`lost`) over the `$state` of a job of the same name that is running fine.
            defer { context.bus.close() }
            CapturedOutputHandoff.scheduleIfCaptured(env: env, sinks: context.logSinks)
            try await UnitActiveCheck.leader(config: context.config).verify(
                unit: context.unit, env: env, testing: context.environment.testing, longRunning: isLongRunning, logger: context.logger)
            // led_intensity has no process lifecycle: it changes the LEDs and exits.
            if jobName == "led_intensity" { return try await LEDIntensityAction(options: parsed.options).run(context: context) }
            let job = try makeJob(jobName, parsed: parsed, context: context)
            return await JobRuntime(context: context, job: job).run()
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            return 1
        }
    }

    /// The job object for a name.
    public static func makeJob(_ jobName: String, parsed: RunArguments, context: JobContext) throws -> any BackgroundJob {
        switch jobName {
        case "stirring": return try StirringJob(context: context, options: parsed.options)
        case "od_reading": return try ODReadingJob(context: context, options: parsed.options)
        case "growth_rate_calculating": return try GrowthRateCalculatingJob(context: context)
        case "temperature_automation":
            return try TemperatureAutomationJob(
                context: context, automationName: parsed.options.string("automation_name") ?? "", arguments: parsed.free)
        case "dosing_automation":
            return try DosingAutomationJob(
                context: context, automationName: parsed.options.string("automation_name") ?? "",
                options: parsed.options, arguments: parsed.free)
        case "led_automation":
            return try LEDAutomationJob(
                context: context, automationName: parsed.options.string("automation_name") ?? "",
                options: parsed.options, arguments: parsed.free)
        case "monitor": return try MonitorJob(context: context)
        default:
            guard let pump = PumpAction.pump(forJob: jobName) else { throw JobFailure("No such job \(jobName)") }
            return try PumpAction(context: context, pump: pump, options: parsed.options)
        }
    }
}
