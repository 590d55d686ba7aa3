/// A task's name and queue settings, so routes submit each system task the way the reference does.
public struct TaskSpec: Sendable, Equatable {
    public let name: String
    public let priority: Int
    public let lock: String?
    public let rateLimit: RateLimit?

    public init(name: String, priority: Int = TaskQueuePriority.normal, lock: String? = nil, rateLimit: RateLimit? = nil) {
        self.name = name
        self.priority = priority
        self.lock = lock
        self.rateLimit = rateLimit
    }

    public static let reboot = TaskSpec(name: "reboot", lock: TaskLockName.power, rateLimit: .powerActions)
    public static let shutdown = TaskSpec(name: "shutdown", lock: TaskLockName.power, rateLimit: .powerActions)
    public static let updateClock = TaskSpec(name: "update_clock", lock: TaskLockName.clock)
    public static let syncClock = TaskSpec(name: "sync_clock", lock: TaskLockName.clock)
    public static let restartWeb = TaskSpec(
        name: "restart_pioreactor_web_target", lock: TaskLockName.webRestart, rateLimit: .webRestart)
    public static let updateApp = TaskSpec(name: "pio_update_app", lock: TaskLockName.update, rateLimit: .updateApp)
    public static let installPlugin = TaskSpec(
        name: "install_plugin_task", lock: TaskLockName.plugins, rateLimit: .plugins)
    public static let uninstallPlugin = TaskSpec(
        name: "uninstall_plugin_task", lock: TaskLockName.plugins, rateLimit: .plugins)
    public static let removeFile = TaskSpec(name: "rm")
    public static let importDotPioreactor = TaskSpec(
        name: "import_dot_pioreactor_archive", lock: TaskLockName.importDotPioreactor)
    public static let killJobs = TaskSpec(name: "kill_jobs_task", priority: TaskQueuePriority.kill)
    public static let pioRun = TaskSpec(name: "pio_run", priority: TaskQueuePriority.run)
    public static let checkModelHardware = TaskSpec(name: "check_model_hardware", priority: TaskQueuePriority.hardwareCheck)
    public static let listPluginsInstalled = TaskSpec(name: "list_plugins_installed")
}

extension TaskQueue {
    /// Submits `work` with the spec's name, priority, lock and rate limit.
    @discardableResult
    public func submit(_ spec: TaskSpec, work: @escaping Work) async throws -> String {
        try await submit(name: spec.name, priority: spec.priority, lock: spec.lock, rateLimit: spec.rateLimit, work: work)
    }

    /// The route pattern "202 in_progress if `precheckLock` is held, else enqueue" in one actor step.
    public func submitUnlessLocked(_ precheckLock: String, _ spec: TaskSpec, work: @escaping Work) async throws -> Submission {
        try await submitUnlessLocked(
            precheckLock: precheckLock, name: spec.name, priority: spec.priority, lock: spec.lock,
            rateLimit: spec.rateLimit, work: work)
    }
}
