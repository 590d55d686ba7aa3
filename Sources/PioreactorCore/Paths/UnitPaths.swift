import Foundation

/// Every path the unit uses, derived from DOT_PIOREACTOR and RUN_PIOREACTOR
/// (the reference hard-codes some to /home/pioreactor; we never do).
public struct UnitPaths: Sendable, Equatable {
    public let dotPioreactor: URL
    public let runPioreactor: URL
    public let globalConfig: URL
    public let unitConfig: URL

    public init(dotPioreactor: URL, runPioreactor: URL, globalConfig: URL? = nil, unitConfig: URL? = nil) {
        self.dotPioreactor = dotPioreactor.standardizedFileURL
        self.runPioreactor = runPioreactor.standardizedFileURL
        self.globalConfig = globalConfig ?? self.dotPioreactor.appendingPathComponent("config.ini")
        self.unitConfig = unitConfig ?? self.dotPioreactor.appendingPathComponent("unit_config.ini")
    }

    /// Resolves from the environment: DOT_PIOREACTOR (default ~/.pioreactor),
    /// RUN_PIOREACTOR (default /run/pioreactor where it exists, as on a Pi; elsewhere a
    /// per-unit folder under the temp dir, so runtime files never land inside
    /// DOT_PIOREACTOR where exports and browsing would see them), GLOBAL_CONFIG, LOCAL_CONFIG.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> UnitPaths {
        let home = env["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        let dot = env["DOT_PIOREACTOR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? home.appendingPathComponent(".pioreactor")
        let run: URL
        if let value = env["RUN_PIOREACTOR"], !value.isEmpty {
            run = URL(fileURLWithPath: value)
        } else if FileManager.default.fileExists(atPath: "/run/pioreactor") {
            run = URL(fileURLWithPath: "/run/pioreactor")
        } else {
            let tmp = env["TMPDIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: "/tmp")
            run = tmp.appendingPathComponent("pioreactor-run-\(stableHash(dot.standardizedFileURL.path))")
        }
        return UnitPaths(
            dotPioreactor: dot,
            runPioreactor: run,
            globalConfig: env["GLOBAL_CONFIG"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) },
            unitConfig: env["LOCAL_CONFIG"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
        )
    }

    /// FNV-1a, so the same DOT_PIOREACTOR maps to the same runtime folder in every process.
    static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    public var storage: URL { dotPioreactor.appendingPathComponent("storage") }
    public var calibrations: URL { storage.appendingPathComponent("calibrations") }
    public var estimators: URL { storage.appendingPathComponent("estimators") }
    public var plugins: URL { dotPioreactor.appendingPathComponent("plugins") }
    public var ui: URL { dotPioreactor.appendingPathComponent("ui") }
    public var hardware: URL { dotPioreactor.appendingPathComponent("hardware") }
    public var models: URL { dotPioreactor.appendingPathComponent("models") }
    public var runCache: URL { runPioreactor.appendingPathComponent("cache") }

    /// Defaults used when the merged config has no [storage] entry.
    public var defaultPersistentCache: URL { storage.appendingPathComponent("local_persistent_pioreactor_metadata.sqlite") }
    public var defaultTemporaryCache: URL { runCache.appendingPathComponent("local_intermittent_pioreactor_metadata.sqlite") }

    public func flag(_ name: String) -> URL { dotPioreactor.appendingPathComponent(name) }
    public func hasFlag(_ name: String) -> Bool { FileManager.default.fileExists(atPath: flag(name).path) }
}
