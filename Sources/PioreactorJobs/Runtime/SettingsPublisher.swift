import Foundation
import PioreactorCore

/// Where a job's published settings go. The DB is the only sink today; MQTT can be added as another.
public protocol SettingsPublisher: Sendable {
    /// Publishes a value; nil clears it.
    func publish(jobId: Int64, setting: String, value: SettingValue?) async throws
}

/// Upserts into `pio_job_published_settings` (nil deletes the row).
public struct DatabaseSettingsPublisher: SettingsPublisher {
    public let store: JobMetadataStore

    public init(store: JobMetadataStore) { self.store = store }

    public func publish(jobId: Int64, setting: String, value: SettingValue?) async throws {
        try await store.publishSetting(jobId: jobId, setting: setting, value: value?.cacheValue)
    }
}
