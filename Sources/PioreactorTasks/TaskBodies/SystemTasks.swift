import Foundation
import Logging
import PioreactorCore

/// The bodies of the system tasks (spec §3.10-3.12). Each returns the poll's `result`
/// (`true`/`false`); submit them with the matching `TaskSpec` (lock, rate limit).
public struct SystemTasks: Sendable {
    public let actions: any SystemActions
    public let paths: UnitPaths
    public let unitName: String
    /// The worker's own environment, for the allowed env of the update command.
    public let processEnv: [String: String]
    private let logger: Logger

    public init(
        actions: any SystemActions, paths: UnitPaths, unitName: String,
        processEnv: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "pioreactor.tasks.system")
    ) {
        self.actions = actions
        self.paths = paths
        self.unitName = unitName
        self.processEnv = processEnv
        self.logger = logger
    }

    /// Task `reboot` (lock `power-lock`, rate limit `power-actions`); `wait` delays it (import uses 2 s).
    public func reboot(wait: Duration = .zero) async throws -> JSONValue {
        if wait > .zero { try await Task.sleep(for: wait) }
        logger.debug("Rebooting now")
        return .bool(try await actions.reboot().succeeded)
    }

    /// Task `shutdown` (lock `power-lock`, rate limit `power-actions`).
    public func shutdown() async throws -> JSONValue {
        logger.debug("Shutting down now")
        return .bool(try await actions.shutdown().succeeded)
    }

    /// Task `update_clock` (lock `clock-lock`), leader only; `value` is validated already.
    public func setClock(_ value: String) async throws -> JSONValue {
        .bool(try await actions.setClock(iso: value).succeeded)
    }

    /// Task `sync_clock` (lock `clock-lock`), workers.
    public func syncClock() async throws -> JSONValue {
        .bool(try await actions.syncClock().succeeded)
    }

    /// Task `restart_pioreactor_web_target` (lock `web-restart-lock`, rate limit `web-restart`).
    public func restartWebService() async throws -> JSONValue {
        logger.debug("Restarting pioreactor-web.target")
        return .bool(try await actions.restartWebService().succeeded)
    }

    /// The argv `pio_update_app` runs for a CLI (`args` then rendered `options`).
    public func updateAppArgv(cli: [String], transientUnit: String? = nil) -> (argv: [String], env: [String: String]) {
        let env = UpdateAppCommand.allowedEnv(process: processEnv)
        let argv = UpdateAppCommand.argv(
            transientUnit: transientUnit ?? UpdateAppCommand.transientUnitName(unit: unitName),
            env: env, pioExecutable: UpdateAppCommand.pioExecutable(env: processEnv), cli: cli)
        return (argv, env)
    }

    /// Task `pio_update_app` (lock `update-lock`, rate limit `update-app`): `true` when systemd-run
    /// started the transient unit, not when the update finished.
    public func updateApp(cli: [String]) async throws -> JSONValue {
        let (argv, env) = updateAppArgv(cli: cli)
        logger.debug("Executing `\(argv.map(ShellQuote.quote).joined(separator: " "))`")
        return .bool(try await actions.updateApp(argv: argv, env: env).succeeded)
    }

    /// Task `install_plugin_task` (lock `plugins-lock`, rate limit `plugins`).
    public func installPlugin(name: String, source: String?) async throws -> JSONValue {
        logger.debug("Installing plugin \(name).")
        let outcome = try await actions.installPlugin(name: name, source: source)
        if !outcome.succeeded {
            logger.error("Failed to install plugin \(name). See logs.")
            logger.debug("\(outcome.stdout)\n\(outcome.stderr)")
        }
        return .bool(outcome.succeeded)
    }

    /// Task `uninstall_plugin_task` (lock `plugins-lock`, rate limit `plugins`): a file plugin
    /// `DP/plugins/<name>.py` is deleted; otherwise the uninstall script runs, and
    /// "not installed" counts as success.
    public func uninstallPlugin(name: String) async throws -> JSONValue {
        logger.debug("Uninstalling plugin \(name).")
        if let file = localPluginFile(named: name) {
            do {
                try FileManager.default.removeItem(at: file)
                return true
            } catch {
                logger.debug("\(error)")
                return false
            }
        }
        let outcome = try await actions.uninstallPlugin(name: name)
        if outcome.stderr.contains("as it is not installed") {
            logger.warning("Unable to uninstall: plugin \(name) is not installed.")
            return true
        }
        if !outcome.succeeded {
            logger.error("Failed to uninstall plugin \(name). See logs.")
            logger.debug("\(outcome.stdout)\n\(outcome.stderr)")
        }
        return .bool(outcome.succeeded)
    }

    /// Task `rm`: `rm <path>` on a path the route already confined to DP.
    public func removeFile(path: String) async throws -> JSONValue {
        logger.debug("Deleting \(path).")
        return .bool(try await actions.removeFile(path: path).succeeded)
    }

    /// A `.py` file directly in the plugins folder whose stem is `name`.
    func localPluginFile(named name: String) -> URL? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: paths.plugins.path)) ?? []
        guard let match = entries.first(where: { $0.hasSuffix(".py") && String($0.dropLast(3)) == name }) else {
            return nil
        }
        let url = paths.plugins.appendingPathComponent(match)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        return url
    }
}
