/// A device → name map in the persistent file: `active_calibrations` or `active_estimators`.
public struct ActiveDeviceNames: Sendable {
    public let cache: KeyValueCache

    public init(cache: KeyValueCache) { self.cache = cache }

    /// `cache_active_calibrations`: device → active calibration name.
    public static func calibrations(in database: CacheDatabase) -> ActiveDeviceNames {
        ActiveDeviceNames(cache: database.cache("active_calibrations"))
    }

    /// `cache_active_estimators`: device → active estimator name.
    public static func estimators(in database: CacheDatabase) -> ActiveDeviceNames {
        ActiveDeviceNames(cache: database.cache("active_estimators"))
    }

    /// The active name for a device, nil when none is set.
    public func name(for device: String) async throws -> String? {
        try await cache.get(.text(device))?.textValue
    }

    /// Sets the active name (stored as TEXT).
    public func setName(_ name: String, for device: String) async throws {
        try await cache.set(.text(device), .text(name))
    }

    /// Clears the device's entry if present.
    public func remove(device: String) async throws {
        try await cache.delete(.text(device))
    }

    /// Clears the entry only when it currently names `name` (calibration/estimator deletion).
    public func remove(device: String, ifNamed name: String) async throws {
        if try await self.name(for: device) == name {
            try await cache.pop(.text(device))
        }
    }

    /// Every (device, name) pair, in the reference's iteration (key) order.
    public func all() async throws -> [(device: String, name: String)] {
        try await cache.entries().compactMap { entry in
            let device: String
            switch entry.key {
            case .text(let text): device = text
            case .int(let value): device = String(value)
            case .tuple: return nil
            }
            guard let name = entry.value.textValue else { return nil }
            return (device, name)
        }
    }
}
