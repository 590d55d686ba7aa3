import Foundation
import PioreactorCore
import Testing
@testable import PioreactorJobs

/// Spawns the built `pio` binary as a real job process and watches the job tables.
@Suite(.serialized) struct PioProcessTests {
    static var pioURL: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pio")
    }

    /// Starts `pio <arguments>`; the caller must terminate it.
    func spawn(_ arguments: [String], env: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = Self.pioURL
        process.arguments = arguments
        process.environment = env.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits up to `timeout` s for exit; SIGKILLs on timeout so no process outlives the test.
    func waitForExit(_ process: Process, timeout: Double) async throws -> Bool {
        let exited = try await eventually(timeout: timeout) { !process.isRunning }
        if !exited { kill(process.processIdentifier, SIGKILL) }
        return exited
    }

    func measuredRPM(_ store: JobMetadataStore) async throws -> Double? {
        guard case .string(let text)? = try await store.setting(jobName: "stirring", setting: "measured_rpm") else { return nil }
        return try JSONValue.parse(Data(text.utf8))["measured_rpm"]?.numberValue
    }

    @Test func stirringRunsConvergesTakesSettingsAndStopsOnSIGTERM() async throws {
        let unit = try TempUnit(speedup: 50)
        defer { unit.remove() }
        let process = try spawn(["run", "stirring", "--target-rpm", "400"], env: unit.env)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let store = try unit.store()

        #expect(try await eventually(timeout: 15) {
            try await store.setting(jobName: "stirring", setting: "$state") == .string("ready")
        })
        let row = try #require(try await store.runningJobs(filter: .jobName("stirring")).first)
        #expect(row["pid"] == .int(Int64(process.processIdentifier)))
        #expect(row["experiment"] == .string("exp1"))
        #expect(try await store.setting(jobName: "stirring", setting: "target_rpm") == .double(400))
        #expect(try await eventually(timeout: 20) {
            guard let rpm = try await measuredRPM(store) else { return false }
            return abs(rpm - 400) <= 25
        })

        // Change target_rpm through the settings channel: applied within ~1 s.
        try await store.requestSettingChange(jobName: "stirring", settings: JSONObject([("target_rpm", .double(600))]))
        #expect(try await eventually(timeout: 1.5) {
            try await store.setting(jobName: "stirring", setting: "target_rpm") == .double(600)
        })
        #expect(try await eventually(timeout: 30) {
            guard let rpm = try await measuredRPM(store) else { return false }
            return abs(rpm - 600) <= 30
        })

        kill(process.processIdentifier, SIGTERM)
        #expect(try await waitForExit(process, timeout: 5))
        #expect(process.terminationStatus == 0)
        let jobs = try await store.allJobs()
        #expect(jobs.first?["ended_at"]?.stringValue != nil)
        #expect(try await store.runningJobs().isEmpty)
        #expect(try await store.settings(jobName: "stirring").isEmpty)
        // Actuator off: the simulator's stirring channel has no duty cycle left.
        let state = try Data(contentsOf: unit.run.appendingPathComponent("simulator/state.json"))
        #expect(try JSONValue.parse(state)["pwmDutyCycles"]?.objectValue?.isEmpty == true)
    }

    @Test func aSecondStirringIsRefusedAndPioKillStopsTheFirst() async throws {
        let unit = try TempUnit(speedup: 50)
        defer { unit.remove() }
        let first = try spawn(["run", "stirring"], env: unit.env)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        let store = try unit.store()
        #expect(try await eventually(timeout: 15) {
            try await store.setting(jobName: "stirring", setting: "$state") == .string("ready")
        })
        let second = try spawn(["run", "stirring"], env: unit.env)
        #expect(try await waitForExit(second, timeout: 10))
        #expect(second.terminationStatus == 1)
        #expect(try await store.runningJobs(filter: .jobName("stirring")).count == 1)

        let killer = try spawn(["kill", "--job-name", "stirring"], env: unit.env)
        #expect(try await waitForExit(killer, timeout: 10))
        #expect(try await waitForExit(first, timeout: 5))
        #expect(try await store.runningJobs().isEmpty)
    }

    @Test func killAllJobsSkipsLongRunningJobs() async throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let store = try unit.store()
        // A long-running row owned by this (live) test process must survive --all-jobs.
        let id = try await store.register(
            unit: "unit1", experiment: "$experiment", jobName: "monitor", pid: Int64(getpid()), leader: "pioleader",
            isLongRunningJob: true)
        #expect(try await JobKiller.kill(allJobs: true, env: unit.env) == 0)
        #expect(try await store.runningJobId(jobName: "monitor") == id)
        #expect(try await JobKiller.kill(env: unit.env) == 0)
    }

    @Test func configOverrideReachesTheJobAndNothingIsWritten() async throws {
        let unit = try TempUnit(speedup: 50)
        defer { unit.remove() }
        let configBefore = try Data(contentsOf: unit.dot.appendingPathComponent("config.ini"))
        let process = try spawn(
            ["run", "--config-override", "stirring.config", "initial_target_rpm", "333",
             "--config-override", "new.section", "key", "v", "stirring"], env: unit.env)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let store = try unit.store()
        #expect(try await eventually(timeout: 15) {
            try await store.setting(jobName: "stirring", setting: "$state") == .string("ready")
        })
        #expect(try await store.setting(jobName: "stirring", setting: "target_rpm") == .double(333))
        kill(process.processIdentifier, SIGTERM)
        #expect(try await waitForExit(process, timeout: 10))
        #expect(try Data(contentsOf: unit.dot.appendingPathComponent("config.ini")) == configBefore)
        // The job logged to the unit log file in the reference's line format.
        let log = try String(contentsOf: unit.logFile, encoding: .utf8)
        #expect(log.contains(" [stirring] "))
        #expect(log.split(separator: "\n").allSatisfy { $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} \[[^\]]+\] [A-Z]+ "#, options: .regularExpression) != nil })
    }

    @Test func aMalformedConfigOverrideIsAUsageError() async throws {
        let unit = try TempUnit(speedup: 50)
        defer { unit.remove() }
        let process = try spawn(["run", "--config-override", "stirring.config", "pwm_hz", "stirring"], env: unit.env)
        #expect(try await waitForExit(process, timeout: 10))
        #expect(process.terminationStatus != 0)
        #expect(try await unit.store().runningJobs(filter: .jobName("stirring")).isEmpty)
    }
}
