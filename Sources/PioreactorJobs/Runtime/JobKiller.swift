import Foundation
import PioreactorCore

/// `pio kill` (jobs.md §7): SIGINT to every running job matching all filters, or to every
/// non-long-running job with `allJobs`; for led_intensity rows the LEDs go off and the rows end.
public enum JobKiller {
    /// Returns how many jobs were signalled or cleared.
    public static func kill(
        jobName: String? = nil, experiment: String? = nil, jobSource: String? = nil, jobId: Int64? = nil,
        allJobs: Bool = false, env: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Int {
        let stopper = SignalJobStopper(store: try openStore(env: env)) { try await turnOffLEDs(env: env) }
        if allJobs { return try await stopper.stopAllJobs() }
        return try await stopper.stopJobs(matching: JobStopFilter(jobName: jobName, experiment: experiment, jobSource: jobSource, jobID: jobId))
    }

    /// Every LED channel to 0, in this process (the reference spawns `pio run led_intensity`).
    /// The experiment only names the log lines, so an unassigned unit uses `$experiment`.
    static func turnOffLEDs(env: [String: String]) async throws {
        var env = env
        if (env["EXPERIMENT"] ?? "").isEmpty && env["TESTING"] != "1" { env["EXPERIMENT"] = "$experiment" }
        let context = try await JobContext.make(env: env, jobName: "led_intensity", longRunning: false)
        try await LEDDriver(context: context).apply(LEDDriver.channels.map { ($0, 0) })
    }

    /// The intermittent store, located exactly as the API server locates it.
    public static func openStore(env: [String: String]) throws -> JobMetadataStore {
        let paths = UnitPaths.fromEnvironment(env)
        let config = try? ConfigStore(paths: paths).merged()
        let (storage, _) = StorageLocations.resolve(config: config, paths: paths)
        return try JobMetadataStore(database: CacheDatabase(path: storage.temporaryCache))
    }
}
