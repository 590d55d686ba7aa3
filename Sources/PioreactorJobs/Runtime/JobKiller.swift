import Foundation
import PioreactorCore

/// `pio kill` (jobs.md §7): SIGINT to every running job matching all filters, or to every
/// non-long-running job with `allJobs`; for led_intensity rows the LEDs go off (`LEDsOffCommand`,
/// as the API does it) and the rows end.
public enum JobKiller {
    /// Returns how many jobs were signalled or cleared.
    public static func kill(
        jobName: String? = nil, experiment: String? = nil, jobSource: String? = nil, jobId: Int64? = nil,
        allJobs: Bool = false, env: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Int {
        let stopper = SignalJobStopper(store: try openStore(env: env)) {
            await LEDsOffCommand.run(pio: JobLaunchCommand.pioExecutable(env: env), environment: env)
        }
        if allJobs { return try await stopper.stopAllJobs() }
        return try await stopper.stopJobs(matching: JobStopFilter(jobName: jobName, experiment: experiment, jobSource: jobSource, jobID: jobId))
    }

    /// The intermittent store, located exactly as the API server locates it.
    public static func openStore(env: [String: String]) throws -> JobMetadataStore {
        let paths = UnitPaths.fromEnvironment(env)
        let config = try? ConfigStore(paths: paths).merged()
        let (storage, _) = StorageLocations.resolve(config: config, paths: paths)
        return try JobMetadataStore(database: CacheDatabase(path: storage.temporaryCache))
    }
}
