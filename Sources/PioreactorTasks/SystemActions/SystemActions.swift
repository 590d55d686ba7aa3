import Foundation

/// What a system command left behind.
public struct SystemActionOutcome: Sendable, Equatable {
    public let exitCode: Int32
    public let stdout: String
    public let stderr: String

    public init(exitCode: Int32, stdout: String = "", stderr: String = "") {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
    }

    public var succeeded: Bool { exitCode == 0 }

    /// The outcome of an action that did nothing (dry-run).
    public static let recorded = SystemActionOutcome(exitCode: 0)
}

/// The seam between task bodies and the machine: power, clock, web service, updates,
/// plugins and file removal. Real on a Pioreactor; recorded in tests and dry-run.
public protocol SystemActions: Sendable {
    /// `sudo reboot`.
    func reboot() async throws -> SystemActionOutcome
    /// `sudo shutdown -h now`.
    func shutdown() async throws -> SystemActionOutcome
    /// `sudo date -s <iso>`.
    func setClock(iso: String) async throws -> SystemActionOutcome
    /// Stop chrony, `chronyd -q`, start chrony; the outcome of the last step.
    func syncClock() async throws -> SystemActionOutcome
    /// `sudo systemctl restart pioreactor-web.target`.
    func restartWebService() async throws -> SystemActionOutcome
    /// Runs the full `sudo systemd-run … pio update app …` command line built by `UpdateAppCommand`.
    func updateApp(argv: [String], env: [String: String]) async throws -> SystemActionOutcome
    /// `bash /usr/local/bin/install_pioreactor_plugin.sh <quoted name> <source or "">`.
    func installPlugin(name: String, source: String?) async throws -> SystemActionOutcome
    /// `bash /usr/local/bin/uninstall_pioreactor_plugin.sh <quoted name>`.
    func uninstallPlugin(name: String) async throws -> SystemActionOutcome
    /// `rm <path>` (no `-r`).
    func removeFile(path: String) async throws -> SystemActionOutcome
}

/// The command lines the real actions run (spec §3.10-3.12), kept in one place so tests can check them.
public enum SystemCommands {
    public static let reboot = ["sudo", "reboot"]
    public static let shutdown = ["sudo", "shutdown", "-h", "now"]
    public static func setClock(_ iso: String) -> [String] { ["sudo", "date", "-s", iso] }
    public static let syncClock = [
        ["sudo", "systemctl", "stop", "chrony"],
        ["sudo", "chronyd", "-q"],
        ["sudo", "systemctl", "start", "chrony"],
    ]
    public static let restartWebService = ["sudo", "systemctl", "restart", "pioreactor-web.target"]
    public static func installPlugin(name: String, source: String?) -> [String] {
        ["bash", "/usr/local/bin/install_pioreactor_plugin.sh", ShellQuote.quote(name), source ?? ""]
    }
    public static func uninstallPlugin(name: String) -> [String] {
        ["bash", "/usr/local/bin/uninstall_pioreactor_plugin.sh", ShellQuote.quote(name)]
    }
    public static func removeFile(_ path: String) -> [String] { ["rm", path] }
}

/// Chooses the system-actions implementation: real only on a Pioreactor, so the README's run
/// command on a laptop never serves a reboot endpoint that reboots the laptop.
public enum SystemActionsSelection {
    /// Dry-run when `PIO_SYSTEM_ACTIONS=dry-run` or `TESTING=1`; real when `PIO_SYSTEM_ACTIONS=real`;
    /// otherwise real only where a Pioreactor HAT is detected.
    public static func isDryRun(env: [String: String], hardware: PioreactorHardwareProbe = .system) -> Bool {
        if env["PIO_SYSTEM_ACTIONS"] == "dry-run" || env["TESTING"] == "1" { return true }
        if env["PIO_SYSTEM_ACTIONS"] == "real" { return false }
        return !hardware.isPioreactor(env: env)
    }

    /// Recording (into `recordFile`, normally `$RUN_PIOREACTOR/system_actions.log`) in dry-run, else real.
    public static func select(env: [String: String], recordFile: URL, hardware: PioreactorHardwareProbe = .system) -> any SystemActions {
        isDryRun(env: env, hardware: hardware) ? RecordingSystemActions(logFile: recordFile) : RealSystemActions()
    }
}

/// Whether this machine is a Pioreactor: `HAT_PRESENT=1`, or a HAT whose device-tree entry names
/// Pioreactor (the EEPROM Raspberry Pi firmware reads at boot). `PIO_HARDWARE=simulated` says no.
public struct PioreactorHardwareProbe: Sendable {
    /// Folder of the HAT's device-tree entries (`product`, `vendor`).
    public var hatFolder: String

    public init(hatFolder: String) { self.hatFolder = hatFolder }

    public static let system = PioreactorHardwareProbe(hatFolder: "/proc/device-tree/hat")

    public func isPioreactor(env: [String: String]) -> Bool {
        if env["PIO_HARDWARE"] == "simulated" { return false }
        if env["HAT_PRESENT"] == "1" { return true }
        return ["product", "vendor"].contains { name in
            guard let data = FileManager.default.contents(atPath: hatFolder + "/" + name) else { return false }
            return String(decoding: data, as: UTF8.self).localizedCaseInsensitiveContains("pioreactor")
        }
    }
}
