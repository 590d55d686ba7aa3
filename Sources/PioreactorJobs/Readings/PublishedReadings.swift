import Foundation
import PioreactorCore

/// What other jobs publish, as a job consumes it. Today the source is the published-settings
/// table (the local channel MQTT will mirror); an MQTT subscriber can implement this instead.
public protocol PublishedReadings: Sendable {
    /// The latest value `job` published as `setting` (structs parsed from their JSON text), nil if none.
    func latest(job: String, setting: String) async throws -> JSONValue?
    /// Whether a job with this name is running.
    func isRunning(job: String) async throws -> Bool
    /// A marker that changes whenever a dose happens (the `dosing_events` stream); nil before any dose.
    func latestDoseMarker() async throws -> Int64?
}

/// `PublishedReadings` over `pio_job_published_settings` / `pio_job_metadata` of one experiment.
public struct DatabasePublishedReadings: PublishedReadings {
    public let store: JobMetadataStore
    public let experiment: String

    public init(store: JobMetadataStore, experiment: String) {
        self.store = store
        self.experiment = experiment
    }

    public func latest(job: String, setting: String) async throws -> JSONValue? {
        guard let value = try await store.setting(jobName: job, setting: setting), value != .null else { return nil }
        // Structs are stored as compact JSON text; numbers and plain strings come back as they are.
        if case .string(let text) = value, text.hasPrefix("{") || text.hasPrefix("[") {
            return (try? JSONValue.parse(text)) ?? value
        }
        return value
    }

    public func isRunning(job: String) async throws -> Bool {
        try await store.runningJobId(jobName: job) != nil
    }

    public func latestDoseMarker() async throws -> Int64? {
        try await store.latestDoseJobId(experiment: experiment)
    }
}
