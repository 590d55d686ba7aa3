import Foundation
import PioreactorCore

/// `pio kill` (jobs.md §7): SIGINT to every running job matching all filters, or to every
/// non-long-running job with `allJobs`; led_intensity rows are just marked ended.
public enum JobKiller {
    /// Returns how many jobs were signalled or cleared.
    public static func kill(
        jobName: String? = nil, experiment: String? = nil, jobSource: String? = nil, jobId: Int64? = nil,
        allJobs: Bool = false, env: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> Int {
        let store = try openStore(env: env)
        try await store.reconcileDeadJobs()
        let targets = allJobs
            ? try await store.jobsToStopAll()
            : try await store.jobsToStop(jobName: jobName, experiment: experiment, jobSource: jobSource, jobId: jobId)
        for target in targets {
            if target.jobName == "led_intensity" {
                try await store.markEnded(jobId: target.jobId)
            } else if target.pid > 0, target.pid <= Int64(Int32.max) {
                _ = Foundation.kill(pid_t(target.pid), SIGINT)
            }
        }
        return targets.count
    }

    /// The intermittent store, located exactly as the API server locates it.
    public static func openStore(env: [String: String]) throws -> JobMetadataStore {
        let paths = UnitPaths.fromEnvironment(env)
        let config = try? ConfigStore(paths: paths).merged()
        let (storage, _) = StorageLocations.resolve(config: config, paths: paths)
        return try JobMetadataStore(database: CacheDatabase(path: storage.temporaryCache))
    }
}
