import Foundation
import PioreactorCore
@testable import PioreactorJobs

/// A throwaway unit: the reference fixture copied under a UUID temp folder, with its own
/// RUN_PIOREACTOR, and an environment that points jobs at it.
struct TempUnit {
    let root: URL
    let dot: URL
    let run: URL
    let env: [String: String]

    init(speedup: Double = 50, experiment: String = "exp1") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString)")
        dot = root.appendingPathComponent("dot")
        run = root.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: "/work/shared/reference/fixture-dot-pioreactor"), to: dot)
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        // The unit log goes in the temp folder, not /var/log.
        let config = dot.appendingPathComponent("config.ini")
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "=/var/log/pioreactor.log", with: "=" + root.appendingPathComponent("pioreactor.log").path)
        try text.write(to: config, atomically: true, encoding: .utf8)
        env = [
            "DOT_PIOREACTOR": dot.path, "RUN_PIOREACTOR": run.path, "PIO_UNIT_NAME": "unit1",
            "EXPERIMENT": experiment, "PIO_SIM_SPEEDUP": String(speedup), "HOME": root.path,
        ]
    }

    /// The unit log file (`[logging] log_file`).
    var logFile: URL { root.appendingPathComponent("pioreactor.log") }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func context(jobName: String = "test") async throws -> JobContext {
        // In-process jobs need no broker; spawned `pio run` processes connect to the configured one.
        try await JobContext.make(env: env.merging(["PIO_MQTT": "off"]) { $1 }, jobName: jobName, longRunning: false)
    }

    /// The job tables, opened like `pio kill` does.
    func store() throws -> JobMetadataStore { try JobKiller.openStore(env: env) }
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
func eventually(timeout: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(nanoseconds: 50_000_000)
    }
    return try await condition()
}
