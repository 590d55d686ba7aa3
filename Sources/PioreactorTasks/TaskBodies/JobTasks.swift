import Foundation
import Logging
import PioreactorCore

/// The bodies of `pio_run` and `kill_jobs_task` (spec §3.3). Submit them with `TaskSpec.pioRun`
/// (priority 50) and `TaskSpec.killJobs` (priority 100).
public struct JobTasks: Sendable {
    /// Absolute path of the `pio` CLI children run (`$PIO_EXECUTABLE`); children get no `PATH`.
    public var pioExecutable: String
    /// How long a new child is watched for a fast failure.
    public var graceWindow: Duration
    /// Careful: a child that exits 0 within the window succeeded (`{"ok":true,"exit_code":0}`).
    /// Reference: it fails with `… Exit code 0.`.
    public var exitZeroSucceeds: Bool
    /// Stops jobs for `kill_jobs_task`; the job runtime provides the real one.
    public var stopper: any JobStopper
    /// The worker's own environment, overlaid by the request's `env` before filtering (spec §1.8).
    public var processEnv: [String: String]
    /// The server's port, passed on as `PIO_UI_PORT` once known.
    public let listeningPort: ListeningPort
    private let logger: Logger

    public init(
        pioExecutable: String, graceWindow: Duration = .seconds(1), exitZeroSucceeds: Bool = true,
        stopper: any JobStopper,
        processEnv: [String: String] = ProcessInfo.processInfo.environment, listeningPort: ListeningPort = ListeningPort(),
        logger: Logger = Logger(label: "pioreactor.tasks.jobs")
    ) {
        self.pioExecutable = pioExecutable
        self.graceWindow = graceWindow
        self.exitZeroSucceeds = exitZeroSucceeds
        self.stopper = stopper
        self.processEnv = processEnv
        self.listeningPort = listeningPort
        self.logger = logger
    }

    /// The command for `POST /jobs/run/job_name/{job}` with this unit's executable.
    public func launchCommand(jobName: String, body: ArgsOptionsEnvs, testing: Bool) throws(UnitError) -> JobLaunchCommand {
        try JobLaunchCommand.make(jobName: jobName, body: body, pioExecutable: pioExecutable, testing: testing)
    }

    /// Task `pio_run`: spawn detached, watch the grace window. Still running: `{"ok":true}`;
    /// spawn failure: `{"ok":false,"argv":[…],"error":"[Errno 2] …"}` (a success, as the reference
    /// reports it); an early exit fails the task with `Command exited during startup grace window. …`.
    public func runJob(_ command: JobLaunchCommand) async throws -> JSONValue {
        let env = UpdateAppCommand.allowedEnv(process: listeningPort.environment(processEnv), overrides: command.env)
        logger.debug("Executing `\(command.argv.map(ShellQuote.quote).joined(separator: " "))`, env=\(env)")
        switch await DetachedProcess.start(argv: command.argv, environment: env, graceWindow: graceWindow) {
        case .running:
            return ["ok": true]
        case .spawnFailed(_, let message):
            logger.error("Failed to spawn \(command.argv)")
            return .object(JSONObject([
                ("ok", false),
                ("argv", .array(command.argv.map { .string($0) })),
                ("error", .string(message)),
            ]))
        case .exited(let code, let output):
            if code == 0 && exitZeroSucceeds {
                return .object(JSONObject([("ok", true), ("exit_code", 0)]))
            }
            var message = "Command exited during startup grace window. Exit code \(code)."
            if !output.isEmpty { message += " " + output }
            throw TaskFailure(message)
        }
    }

    /// Task `kill_jobs_task` for `POST /jobs/stop`: `true`, or `false` when stopping raised.
    public func killJobs(matching filter: JobStopFilter) async -> JSONValue {
        do {
            let count = try await stopper.stopJobs(matching: filter)
            logger.debug("Stopped \(count) job(s).")
            return true
        } catch {
            logger.error("Stopping jobs failed: \(error)")
            return false
        }
    }

    /// Task `kill_jobs_task` with `all_jobs=True` for `POST /jobs/stop/all`.
    public func killAllJobs() async -> JSONValue {
        do {
            let count = try await stopper.stopAllJobs()
            logger.debug("Stopped \(count) job(s).")
            return true
        } catch {
            logger.error("Stopping all jobs failed: \(error)")
            return false
        }
    }
}
