/// The seam between the stop endpoints' tasks and the job runtime, which owns the job
/// metadata table and the job processes (spec §3.3, jobs.md).
public protocol JobStopper: Sendable {
    /// Signals every running job (long-running ones included) matching all non-nil filter fields;
    /// returns how many were signalled.
    func stopJobs(matching filter: JobStopFilter) async throws -> Int
    /// Signals every running job except long-running ones (`monitor`, `mqtt_to_db_streaming`).
    func stopAllJobs() async throws -> Int
}

/// Used until the job runtime exists: there are no jobs it started, so nothing to stop.
public struct NoJobRuntimeStopper: JobStopper {
    public init() {}

    public func stopJobs(matching filter: JobStopFilter) async throws -> Int { 0 }

    public func stopAllJobs() async throws -> Int { 0 }
}
