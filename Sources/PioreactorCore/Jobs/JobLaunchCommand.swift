import Foundation

/// The `pio run …` command line and child environment of `POST /jobs/run/job_name/{job}`
/// (spec §3.3 step 4): `<pio> run [--config-override S K V]… <job> <args…> <rendered options…>`.
public struct JobLaunchCommand: Sendable, Equatable {
    public let argv: [String]
    /// The request's `env` with `TESTING` forced to this unit's mode; filtered when the task spawns.
    public let env: [String: String]

    public init(argv: [String], env: [String: String]) {
        self.argv = argv
        self.env = env
    }

    /// Builds the command from a decoded `ArgsOptionsEnvsConfigOverrides` body.
    /// `job_name` is passed through unvalidated, as in the reference.
    public static func make(
        jobName: String, body: ArgsOptionsEnvs, pioExecutable: String, testing: Bool
    ) throws(UnitError) -> JobLaunchCommand {
        var argv = [pioExecutable, "run"]
        for (index, override) in body.configOverrides.enumerated() {
            // The reference splices any length in; a non-triple only breaks the child's CLI parse.
            guard override.count == 3 else {
                throw UnitError(400, "Each config override must be [section, key, value]",
                                cause: "Received \(override.count) items at $.config_overrides[\(index)].",
                                remediation: "Send config_overrides as a list of [section, key, value] string triples.")
            }
            argv += ["--config-override"] + override
        }
        argv.append(jobName)
        argv += body.args
        argv += body.renderedOptions()
        var env: [String: String] = [:]
        for (key, value) in body.env { env[key] = value }
        env["TESTING"] = testing ? "1" : "0"
        return JobLaunchCommand(argv: argv, env: env)
    }

    /// `$PIO_EXECUTABLE`, else this program's own path made absolute (children get no `PATH`).
    public static func pioExecutable(
        env: [String: String], argv0: String = CommandLine.arguments.first ?? "pio",
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        if let configured = env["PIO_EXECUTABLE"], !configured.isEmpty { return configured }
        if argv0.hasPrefix("/") { return URL(fileURLWithPath: argv0).standardizedFileURL.path }
        if argv0.contains("/") {
            return URL(fileURLWithPath: currentDirectory).appendingPathComponent(argv0).standardizedFileURL.path
        }
        for directory in (env["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/" + argv0
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "/usr/local/bin/pio"
    }
}
