import Foundation
import Logging
import PioreactorCore
import PioreactorTasks

/// Everything a route needs, built once at start-up and shared by all requests.
public struct UnitServices: Sendable {
    public let paths: UnitPaths
    public let identity: UnitIdentity
    public let logger: Logger
    public let storage: StorageLocations
    let config: ConfigStore
    let descriptors: DescriptorCatalog
    let models: ModelRegistry
    let files: FileBrowser
    let plugins: PluginCatalog
    /// Computed once at start-up, as the reference does.
    let calibrationProtocols: JSONValue
    let calibrations: UnitCalibrations
    let estimators: UnitEstimators
    let bioreactor: BioreactorValues
    let jobs: JobMetadataStore
    /// The per-job-name 1 s debounce of jobs/run (intermittent cache `debounce`).
    let debounce: DebounceCache
    /// The unit's own model (env MODEL_NAME/MODEL_VERSION, else pioreactor_40ml 1.5).
    let model: ReactorModel
    var dosingSafety: DosingSafetyCheck { DosingSafetyCheck(models: models, unitModel: model, bioreactor: bioreactor) }
    /// The durable queue behind every 202 endpoint.
    public let tasks: TaskQueue
    /// Machine-level task bodies (reboot, clock, update, plugins, rm) over the system-actions seam.
    let systemTasks: SystemTasks
    /// `pio_run` and `kill_jobs_task` bodies: the `pio` executable, grace window, job stopper.
    public let jobTasks: JobTasks
    /// How long the leader waits inside `POST /system/reboot` before enqueueing.
    let leaderRebootDelay: Duration
    /// Largest accepted `import_zipped_dot_pioreactor` request body; larger ones get 413.
    let importUploadLimit: Int
    /// Who may call from a browser (this unit's and the leader's names, `[ui] allowed_origins`).
    let crossSite: CrossSitePolicy
    /// The cluster's broker (bioreactor values are published there); none in tests.
    let cluster: ClusterPublisher
    /// Where import uploads and the pre-import DP backups go (`$TMPDIR`, as in the reference).
    let importScratchDirectory: URL

    var unitName: String { identity.name }

    /// The leader named in the merged config (`localhost` when absent), read per call
    /// so a config change is seen without a restart.
    var leaderHostname: String {
        ((try? config.merged().value("cluster.topology", "leader_hostname")) ?? nil) ?? "localhost"
    }

    var isLeader: Bool { leaderHostname == unitName }

    /// The DOT_PIOREACTOR import task over this unit's own paths and queue.
    var dotPioreactorImport: DotPioreactorImportTask {
        DotPioreactorImportTask(
            paths: paths, unitName: unitName, systemTasks: systemTasks, queue: tasks,
            backupRoot: importScratchDirectory, logger: logger)
    }
}

extension UnitServices {
    /// Prepares DOT_PIOREACTOR and RUN_PIOREACTOR (seeding on first run) and opens the stores.
    /// `dryRunSystemActions` forces recorded (never real) system actions, whatever the environment.
    public static func start(
        paths: UnitPaths, identity: UnitIdentity, logger: Logger, dryRunSystemActions: Bool = false, listeningPort: Int? = nil,
        settings: UnitServicesSettings = UnitServicesSettings(), cluster: ClusterPublisher = .none
    ) throws -> UnitServices {
        // A write killed mid-way (kill -9, power loss) leaves its temp file behind; clear those first.
        for root in [paths.dotPioreactor, paths.runPioreactor] {
            for leftover in AtomicFileLeftovers.remove(under: root) {
                logger.notice("removed \(leftover.path), left by an interrupted write")
            }
        }
        if try DotPioreactorSeeder.seed(paths: paths, unitName: identity.name) {
            logger.notice("seeded \(paths.dotPioreactor.path) with a default config, storage folders and UI descriptors")
        }
        try FileManager.default.createDirectory(at: paths.runCache, withIntermediateDirectories: true)

        let config = ConfigStore(paths: paths)
        let merged: MergedConfig?
        do {
            merged = try config.merged()
        } catch {
            merged = nil
            logger.error("config.ini could not be read (\(error.cause ?? error.error)); using defaults until it is fixed")
        }
        let (storage, warnings) = StorageLocations.resolve(config: merged, paths: paths)
        for warning in warnings { logger.warning("\(warning)") }

        var channels: [String: String] = [:]
        if let merged, let keys = try? merged.keys(in: "od_config.photodiode_channel") {
            for key in keys { channels[key] = (try? merged.value("od_config.photodiode_channel", key)) ?? nil }
        }
        let uiBase = PluginCatalog.defaultUIBaseURL(unitName: identity.name)
        let environment = ProcessInfo.processInfo.environment
        // Jobs we start find this server (the monitor's health check) through PIO_UI_PORT, known
        // at once for a fixed port and once bound for port 0.
        let port = ListeningPort(listeningPort)
        let persistent = try CacheDatabase(path: storage.persistentCache)
        let intermittent = try CacheDatabase(path: storage.temporaryCache)
        let jobStore = try JobMetadataStore(database: intermittent)
        let pio = settings.pioExecutable ?? JobLaunchCommand.pioExecutable(env: environment)
        let ledsOff: @Sendable () async throws -> Void = {
            let env = UpdateAppCommand.allowedEnv(process: port.environment(environment), overrides: ["EXPERIMENT": "$experiment"])
            await LEDsOffCommand.run(pio: pio, environment: env)
        }
        let models = ModelRegistry(paths: paths)
        let model: ReactorModel
        do {
            model = try models.unitModel(env: environment, testing: identity.testing)
        } catch {
            guard let standard = ReactorModel.builtIns.first(where: { $0.modelName == "pioreactor_40ml" && $0.modelVersion == "1.5" }) else {
                throw error
            }
            logger.error("\(error); using pioreactor_40ml 1.5")
            model = standard
        }
        var bioreactorDefaults: [String: String] = [:]
        if let merged, let keys = try? merged.keys(in: "bioreactor") {
            for key in keys { if let value = (try? merged.value("bioreactor", key)) ?? nil { bioreactorDefaults[key] = value } }
        }
        let tasks = TaskQueue(store: try TaskStore(fileURL: paths.runCache.appendingPathComponent("tasks.sqlite")), logger: logger)
        let actionsLog = paths.runPioreactor.appendingPathComponent("system_actions.log")
        let actions = dryRunSystemActions
            ? RecordingSystemActions(logFile: actionsLog)
            : SystemActionsSelection.select(env: environment, recordFile: actionsLog)
        if dryRunSystemActions || SystemActionsSelection.isDryRun(env: environment) {
            let why = environment["PIO_SYSTEM_ACTIONS"] == "dry-run" || environment["TESTING"] == "1" || dryRunSystemActions
                ? "dry-run" : "no Pioreactor HAT detected; PIO_SYSTEM_ACTIONS=real forces them"
            logger.notice("system actions (reboot, shutdown, clock, update, plugins, rm) are recorded to \(actionsLog.path), not run (\(why))")
        }

        return UnitServices(
            paths: paths,
            identity: identity,
            logger: logger,
            storage: storage,
            config: config,
            descriptors: DescriptorCatalog(paths: paths),
            models: models,
            files: FileBrowser(paths: paths),
            plugins: PluginCatalog(paths: paths, unitName: identity.name, uiBaseURL: uiBase),
            calibrationProtocols: CalibrationProtocols.all(photodiodeChannels: channels),
            calibrations: UnitCalibrations(
                store: CalibrationStore(paths: paths, logger: logger), active: .calibrations(in: persistent),
                unitName: identity.name, logger: logger, blocking: BlockingWork.executor),
            estimators: UnitEstimators(
                store: EstimatorStore(paths: paths, logger: logger), active: .estimators(in: persistent),
                unitName: identity.name, logger: logger, blocking: BlockingWork.executor),
            bioreactor: BioreactorValues(database: persistent, reactorCapacityMl: model.reactorCapacityML, configDefaults: bioreactorDefaults),
            jobs: jobStore,
            debounce: DebounceCache(database: intermittent, window: settings.debounceWindow, clock: settings.debounceClock),
            model: model,
            tasks: tasks,
            systemTasks: SystemTasks(actions: actions, paths: paths, unitName: identity.name, processEnv: environment, logger: logger),
            jobTasks: JobTasks(
                pioExecutable: pio, exitZeroSucceeds: settings.exitZeroSucceeds,
                stopper: settings.jobStopper ?? SignalJobStopper(store: jobStore, turnOffLEDs: ledsOff),
                processEnv: settings.jobEnvironment ?? environment, listeningPort: port, logger: logger),
            leaderRebootDelay: settings.leaderRebootDelay,
            importUploadLimit: settings.importUploadLimit,
            crossSite: CrossSitePolicy.forUnit(identity.name, config: merged),
            cluster: cluster,
            importScratchDirectory: settings.importScratchDirectory
        )
    }
}
