import Foundation
import Logging
import PioreactorCore
import PioreactorHardware

/// Everything a job process needs: its identity, the merged config, the shared SQLite stores
/// (resolved like the API server does), calibrations and the hardware.
public struct JobContext: Sendable {
    public let paths: UnitPaths
    public let environment: JobEnvironment
    public let config: MergedConfig
    public let leader: String
    public let persistent: CacheDatabase
    public let intermittent: CacheDatabase
    public let jobs: JobMetadataStore
    public let calibrations: CalibrationStore
    public let model: ReactorModel
    public let hardware: any Hardware
    public let clock: JobClock
    public let logger: Logger
    /// Where this process's log records go (file, stderr, MQTT once connected).
    public let logSinks: UnitLogSinks
    /// This process's MQTT connection to the cluster (offline when there is none).
    public let bus: UnitBus

    public var unit: String { environment.unit }
    public var experiment: String { environment.experiment }

    public init(
        paths: UnitPaths, environment: JobEnvironment, config: MergedConfig, persistent: CacheDatabase,
        intermittent: CacheDatabase, model: ReactorModel, hardware: any Hardware, logger: Logger,
        logSinks: UnitLogSinks = UnitLogSinks(file: nil), bus: UnitBus? = nil
    ) throws {
        self.paths = paths
        self.environment = environment
        self.config = config
        leader = (try? config.value("cluster.topology", "leader_hostname")) ?? nil ?? "localhost"
        self.persistent = persistent
        self.intermittent = intermittent
        jobs = try JobMetadataStore(database: intermittent)
        calibrations = CalibrationStore(paths: paths, logger: logger)
        self.model = model
        self.hardware = hardware
        clock = JobClock(speedup: environment.speedup)
        self.logger = logger
        self.logSinks = logSinks
        self.bus = bus ?? .offline(unit: environment.unit, experiment: environment.experiment)
    }

    /// Builds the context from the environment: DOT_PIOREACTOR/RUN_PIOREACTOR paths, merged
    /// config, StorageLocations.resolve (same files as the API), and the simulated bioreactor.
    /// `configOverrides` change this process's merged config only (`pio run --config-override`).
    public static func make(
        env: [String: String], jobName: String, longRunning: Bool, configOverrides: [ConfigOverride] = []
    ) async throws -> JobContext {
        let paths = UnitPaths.fromEnvironment(env)
        let config = try ConfigStore(paths: paths).merged().applying(configOverrides)
        let sinks = UnitLogSinks(config: config)
        var logger = Logger(label: jobName) { UnitLogHandler(label: $0, source: "app", sinks: sinks) }
        logger.logLevel = env["PIO_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .debug
        let environment = try JobEnvironment.resolve(env, longRunning: longRunning)
        // `PIO_MQTT=off` runs without a broker at all (in-process tests); otherwise the client
        // connects in the background and the job never waits for it.
        let bus = env["PIO_MQTT"] == "off"
            ? UnitBus.offline(unit: environment.unit, experiment: environment.experiment)
            : UnitBus.connect(
                config: config, clientName: jobName, unit: environment.unit, experiment: environment.experiment,
                willTopic: jobName == "led_intensity" ? nil : "pioreactor/\(environment.unit)/\(environment.experiment)/\(jobName)/$state",
                sinks: sinks, logLabel: jobName, logSource: "app")
        let (storage, warnings) = StorageLocations.resolve(config: config, paths: paths)
        for warning in warnings { logger.debug("\(warning)") }
        let persistent = try CacheDatabase(path: storage.persistentCache)
        let intermittent = try CacheDatabase(path: storage.temporaryCache)
        let model = (try? ModelRegistry(paths: paths).unitModel(env: env, testing: environment.testing))
            ?? ReactorModel.builtIns.first { $0.modelName == "pioreactor_40ml" && $0.modelVersion == "1.5" }!
        let calibrations = CalibrationStore(paths: paths, logger: logger)
        let hardware = try await SimulatorFactory.make(
            paths: paths, config: config, persistent: persistent, calibrations: calibrations, speedup: environment.speedup)
        return try JobContext(
            paths: paths, environment: environment, config: config, persistent: persistent, intermittent: intermittent,
            model: model, hardware: hardware, logger: logger, logSinks: sinks, bus: bus)
    }

    /// The active calibration of a device, nil when none is set or it cannot be read.
    public func activeCalibration(device: String) async -> DecodedCalibration? {
        await SimulatorFactory.activeCalibration(device: device, persistent: persistent, calibrations: calibrations)
    }

    /// The PWM channel wired to a device (`[PWM_reverse]`), nil when not configured.
    public func pwmChannel(for device: String) -> String? {
        (try? config.value("PWM_reverse", device)) ?? nil
    }

    /// Photodiode channel → angle from `[od_config.photodiode_channel]` (empty entries dropped).
    public func photodiodeChannels() -> [(channel: String, angle: String)] {
        SimulatorFactory.photodiodeChannels(config)
    }

    /// `[bioreactor]` config values (text), for BioreactorValues defaults.
    public func bioreactorDefaults() -> [String: String] {
        var defaults: [String: String] = [:]
        for key in (try? config.keys(in: "bioreactor")) ?? [] {
            if let value = (try? config.value("bioreactor", key)) ?? nil { defaults[key] = value }
        }
        return defaults
    }

    /// The experiment's bioreactor values store.
    public var bioreactor: BioreactorValues {
        BioreactorValues(database: persistent, reactorCapacityMl: model.reactorCapacityML, configDefaults: bioreactorDefaults())
    }

    /// A float from the config with a fallback (bad values use the fallback too).
    public func double(_ section: String, _ key: String, _ fallback: Double) -> Double {
        (try? config.double(section, key, fallback: fallback)) ?? fallback
    }

    /// A boolean from the config with a fallback.
    public func bool(_ section: String, _ key: String, _ fallback: Bool) -> Bool {
        (try? config.bool(section, key, fallback: fallback)) ?? fallback
    }
}
