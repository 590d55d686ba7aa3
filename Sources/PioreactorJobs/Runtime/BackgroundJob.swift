import PioreactorCore

/// One job's behaviour; `JobRuntime` owns registration, `$state`, settings and cleanup.
public protocol BackgroundJob: Actor {
    nonisolated var jobName: String { get }
    /// Long-running jobs use `$experiment` and survive `/jobs/stop/all`.
    nonisolated var isLongRunning: Bool { get }
    /// Managed actions (pumps) publish only `$state` and skip the duplicate check.
    nonisolated var isManagedAction: Bool { get }
    /// Declared settings (from JobCatalog), without `$state`.
    nonisolated var publishedSettings: [PublishedSettingSpec] { get }
    /// Settings the reference starts as None: cleared (empty retained payload) at init, so a value
    /// retained from an earlier run is not shown until the first new one.
    nonisolated var clearedAtStart: [String] { get }

    /// Job-specific initialisation, run in state `init`; throwing aborts the job (exit 1).
    func start(_ runtime: JobRuntime) async throws
    /// The work: background jobs loop until cancelled; returning ends the job.
    func run(_ runtime: JobRuntime) async throws
    /// Applies a settable setting from its `/set` text; throw `JobFailure` to reject it.
    func set(_ setting: String, text: String, runtime: JobRuntime) async throws
    /// `ready → sleeping`: pause actuators.
    func sleep(_ runtime: JobRuntime) async
    /// `sleeping → ready`: resume.
    func wake(_ runtime: JobRuntime) async
    /// `→ disconnected`: actuators off, locks released.
    func disconnect(_ runtime: JobRuntime) async
}

extension BackgroundJob {
    public nonisolated var isLongRunning: Bool { false }
    public nonisolated var isManagedAction: Bool { false }
    public nonisolated var clearedAtStart: [String] { [] }
    public func set(_ setting: String, text: String, runtime: JobRuntime) async throws {
        throw JobFailure("Unable to set \(setting) in \(jobName).")
    }
    public func sleep(_ runtime: JobRuntime) async {}
    public func wake(_ runtime: JobRuntime) async {}
}
