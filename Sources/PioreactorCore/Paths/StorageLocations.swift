import Foundation

/// Where the SQLite caches live: `[storage] persistent_cache` and `temporary_cache` of the
/// merged config, so the unit shares its stores with other tools (as the reference does).
public struct StorageLocations: Sendable, Equatable {
    public let persistentCache: URL
    public let temporaryCache: URL

    public init(persistentCache: URL, temporaryCache: URL) {
        self.persistentCache = persistentCache
        self.temporaryCache = temporaryCache
    }

    /// A configured path is used when its folder exists (a Pi has /run/pioreactor/cache);
    /// otherwise the default under DOT_PIOREACTOR / RUN_PIOREACTOR, with a warning, so a
    /// config copied from a Pi never makes us write into /home/pioreactor or /run on a laptop.
    public static func resolve(config: MergedConfig?, paths: UnitPaths) -> (StorageLocations, warnings: [String]) {
        var warnings: [String] = []
        func pick(_ key: String, default fallback: URL) -> URL {
            guard let value = (try? config?.value("storage", key)) ?? nil, !value.isEmpty else { return fallback }
            let url = URL(fileURLWithPath: value)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path, isDirectory: &isDirectory), isDirectory.boolValue {
                return url
            }
            warnings.append("[storage] \(key)=\(value): its folder does not exist on this machine; using \(fallback.path)")
            return fallback
        }
        let locations = StorageLocations(
            persistentCache: pick("persistent_cache", default: paths.defaultPersistentCache),
            temporaryCache: pick("temporary_cache", default: paths.defaultTemporaryCache)
        )
        return (locations, warnings)
    }
}
