import Foundation

/// The `systemd-run` command line of `pio_update_app` (spec §3.12): the update runs in its own
/// transient unit so it survives a restart of the API.
public enum UpdateAppCommand {
    /// Environment keys a task may pass on to the commands it runs: the reference's `ALLOWED_ENV`,
    /// plus our own settings a job needs to find the same unit (runtime folder, unit name,
    /// simulator speed, system-actions mode, the server's port).
    public static let allowedEnvKeys: Set<String> = [
        "EXPERIMENT", "JOB_SOURCE", "TESTING", "HOSTNAME", "HARDWARE", "ACTIVE", "FIRMWARE", "DEBUG",
        "MODEL_NAME", "MODEL_VERSION", "SKIP_PLUGINS", "DOT_PIOREACTOR", "GLOBAL_CONFIG", "LOCAL_CONFIG",
        "HAT_PRESENT",
        "RUN_PIOREACTOR", "PIO_UNIT_NAME", "PIO_SIM_SPEEDUP", "PIO_SYSTEM_ACTIONS", "PIO_HARDWARE", "PIO_UI_PORT", "PIO_MQTT",
    ]

    /// The process env overlaid with `overrides`, kept to allowed keys with a real value
    /// (empty and the literal `None` are dropped).
    public static func allowedEnv(process: [String: String], overrides: [String: String] = [:]) -> [String: String] {
        process.merging(overrides) { _, new in new }
            .filter { allowedEnvKeys.contains($0.key) && !$0.value.isEmpty && $0.value != "None" }
    }

    /// `pio-update-<unit>-<32 lowercase hex>`.
    public static func transientUnitName(unit: String, hex: String = randomHex()) -> String {
        "pio-update-\(unit)-\(hex)"
    }

    /// 32 lowercase hex digits, like Python's `uuid4().hex`.
    public static func randomHex() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// The full argv: `sudo systemd-run --unit=… --collect --property=… [--setenv=K=V sorted] <pio> update app <cli…>`.
    public static func argv(
        transientUnit: String, env: [String: String], pioExecutable: String, cli: [String]
    ) -> [String] {
        var argv = [
            "sudo", "systemd-run", "--unit=\(transientUnit)", "--collect",
            "--property=User=pioreactor",
            "--property=WorkingDirectory=/home/pioreactor",
            "--property=EnvironmentFile=/etc/pioreactor.env",
        ]
        for (key, value) in env.sorted(by: { $0.key < $1.key }) {
            argv.append("--setenv=\(key)=\(value)")
        }
        return argv + [pioExecutable, "update", "app"] + cli
    }

    /// `$PIO_EXECUTABLE`, or `/usr/local/bin/pio` when unset.
    public static func pioExecutable(env: [String: String]) -> String {
        if let value = env["PIO_EXECUTABLE"], !value.isEmpty { return value }
        return "/usr/local/bin/pio"
    }
}
