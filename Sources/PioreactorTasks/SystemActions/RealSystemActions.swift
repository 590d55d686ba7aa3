/// Runs the real commands. Never used in tests: it reboots machines.
public struct RealSystemActions: SystemActions {
    public init() {}

    public func reboot() async throws -> SystemActionOutcome {
        try await ProcessRunner.run(SystemCommands.reboot)
    }

    public func shutdown() async throws -> SystemActionOutcome {
        try await ProcessRunner.run(SystemCommands.shutdown)
    }

    public func setClock(iso: String) async throws -> SystemActionOutcome {
        try await ProcessRunner.run(SystemCommands.setClock(iso))
    }

    public func syncClock() async throws -> SystemActionOutcome {
        var last = SystemActionOutcome(exitCode: 0)
        // The reference ignores the first two exit codes and reports the last.
        for command in SystemCommands.syncClock {
            last = try await ProcessRunner.run(command)
        }
        return last
    }

    public func restartWebService() async throws -> SystemActionOutcome {
        try await ProcessRunner.run(SystemCommands.restartWebService)
    }

    public func updateApp(argv: [String], env: [String: String]) async throws -> SystemActionOutcome {
        try await ProcessRunner.run(argv, extraEnv: env)
    }

    public func installPlugin(name: String, source: String?) async throws -> SystemActionOutcome {
        try await ProcessRunner.run(SystemCommands.installPlugin(name: name, source: source))
    }

    public func uninstallPlugin(name: String) async throws -> SystemActionOutcome {
        try await ProcessRunner.run(SystemCommands.uninstallPlugin(name: name))
    }

    public func removeFile(path: String) async throws -> SystemActionOutcome {
        try await ProcessRunner.run(SystemCommands.removeFile(path))
    }
}
