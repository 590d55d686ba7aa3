import Foundation

/// The seam between the stop endpoints' tasks and the job runtime, which owns the job
/// metadata table and the job processes (spec §3.3, jobs.md).
public protocol JobStopper: Sendable {
    /// Signals every running job (long-running ones included) matching all non-nil filter fields;
    /// returns how many were signalled.
    func stopJobs(matching filter: JobStopFilter) async throws -> Int
    /// Signals every running job except long-running ones (`monitor`, `mqtt_to_db_streaming`).
    func stopAllJobs() async throws -> Int
}

/// Stops jobs the way `pio kill` does (jobs.md §7): SIGINT to each matching job's process,
/// which then cleans up its own rows; `led_intensity` rows (no process) are ended, after
/// `turnOffLEDs` (when given) sets every LED channel to 0.
public struct SignalJobStopper: JobStopper {
    public let store: JobMetadataStore
    /// The reference's `pio run led_intensity --A 0 --B 0 --C 0 --D 0` step.
    public let turnOffLEDs: (@Sendable () async throws -> Void)?

    public init(store: JobMetadataStore, turnOffLEDs: (@Sendable () async throws -> Void)? = nil) {
        self.store = store
        self.turnOffLEDs = turnOffLEDs
    }

    public func stopJobs(matching filter: JobStopFilter) async throws -> Int {
        try await store.reconcileDeadJobs()
        return try await signal(try await store.jobsToStop(
            jobName: filter.jobName, experiment: filter.experiment, jobSource: filter.jobSource, jobId: filter.jobID))
    }

    public func stopAllJobs() async throws -> Int {
        try await store.reconcileDeadJobs()
        return try await signal(try await store.jobsToStopAll())
    }

    private func signal(_ targets: [StoppableJob]) async throws -> Int {
        if let turnOffLEDs, targets.contains(where: { $0.jobName == "led_intensity" }) {
            // Best effort, like the reference's subprocess: the rows are ended either way.
            try? await turnOffLEDs()
        }
        for target in targets {
            if target.jobName == "led_intensity" {
                try await store.markEnded(jobId: target.jobId)
            } else if target.pid > 0, target.pid <= Int64(Int32.max) {
                _ = kill(pid_t(target.pid), SIGINT)
            }
        }
        return targets.count
    }
}
