import Subprocess

/// A short command run to completion (systemctl, a system action): the program is found on
/// `PATH` as Python's `subprocess.run` finds it, stdin is empty, stdout and stderr are collected
/// while it runs (so a chatty command never blocks on a full pipe). Jobs, which outlive their
/// caller, use `DetachedProcess` instead.
public enum ShortCommand {
    public struct Outcome: Sendable, Equatable {
        public let exitCode: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Per stream; a command that writes more fails with an error rather than eating memory.
    public static let outputLimit = 4 << 20

    /// Throws when the program cannot be started (not found, not executable) or writes more than
    /// `outputLimit`; a non-zero exit is an outcome. A signal's number stands as the exit code.
    public static func run(_ argv: [String], extraEnv: [String: String] = [:]) async throws -> Outcome {
        precondition(!argv.isEmpty, "a command needs a program")
        var updates: [Environment.Key: String?] = [:]
        for (key, value) in extraEnv { if let key = Environment.Key(rawValue: key) { updates[key] = value } }
        let result = try await Subprocess.run(
            .name(argv[0]), arguments: Arguments(Array(argv.dropFirst())),
            environment: updates.isEmpty ? .inherit : .inherit.updating(updates),
            output: .string(limit: outputLimit), error: .string(limit: outputLimit))
        let code: Int32
        switch result.terminationStatus {
        case .exited(let status): code = status
        case .signaled(let signal): code = signal
        }
        return Outcome(exitCode: code, stdout: result.standardOutput ?? "", stderr: result.standardError ?? "")
    }
}
