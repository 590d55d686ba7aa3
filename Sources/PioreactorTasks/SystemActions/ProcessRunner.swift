import PioreactorCore

/// Runs a system action's command to completion (spawn failures throw, like Python's `run`).
enum ProcessRunner {
    static func run(_ argv: [String], extraEnv: [String: String] = [:]) async throws -> SystemActionOutcome {
        let outcome = try await ShortCommand.run(argv, extraEnv: extraEnv)
        return SystemActionOutcome(exitCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr)
    }
}
