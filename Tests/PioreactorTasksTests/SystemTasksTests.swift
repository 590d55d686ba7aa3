import Foundation
import PioreactorCore
import Testing
@testable import PioreactorTasks

@Suite struct SystemTasksTests {
    func makeTasks(_ temp: TempDirectory, actions: (any SystemActions)? = nil, env: [String: String] = [:]) -> SystemTasks {
        let paths = UnitPaths(
            dotPioreactor: temp.url.appendingPathComponent("dot"), runPioreactor: temp.url.appendingPathComponent("run"))
        return SystemTasks(
            actions: actions ?? RecordingSystemActions(logFile: paths.runPioreactor.appendingPathComponent("system_actions.log")),
            paths: paths, unitName: "pio01", processEnv: env)
    }

    @Test func powerClockAndWebTasksReturnTrueAndRecord() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let tasks = makeTasks(temp)
        #expect(try await tasks.reboot() == true)
        #expect(try await tasks.shutdown() == true)
        #expect(try await tasks.setClock("2025-01-31T12:34:56Z") == true)
        #expect(try await tasks.syncClock() == true)
        #expect(try await tasks.restartWebService() == true)
        #expect(try await tasks.removeFile(path: "/x/y") == true)
        let recorded = try (tasks.actions as! RecordingSystemActions).recordedActions().map { $0["action"] }
        #expect(recorded == ["reboot", "shutdown", "set_clock", "sync_clock", "restart_web_service", "remove_file"])
    }

    @Test func nonZeroExitGivesFalse() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let tasks = makeTasks(temp, actions: ScriptedSystemActions(outcome: SystemActionOutcome(exitCode: 1, stderr: "nope")))
        #expect(try await tasks.reboot() == false)
        #expect(try await tasks.setClock("2025-01-31T12:34:56Z") == false)
        #expect(try await tasks.installPlugin(name: "x", source: nil) == false)
        #expect(try await tasks.uninstallPlugin(name: "x") == false)
        #expect(try await tasks.updateApp(cli: []) == false)
        #expect(try await tasks.removeFile(path: "/dir") == false)
    }

    @Test func updateArgvFollowsSystemdRunLayout() throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let tasks = makeTasks(temp, env: [
            "TESTING": "1", "HOSTNAME": "pio01", "PATH": "/usr/bin", "DEBUG": "", "ACTIVE": "None",
            "PIO_EXECUTABLE": "/opt/pioreactor/venv/bin/pio",
        ])
        let (argv, env) = tasks.updateAppArgv(cli: ["--branch", "develop"], transientUnit: "pio-update-pio01-abc")
        #expect(env == ["TESTING": "1", "HOSTNAME": "pio01"])
        #expect(argv == [
            "sudo", "systemd-run", "--unit=pio-update-pio01-abc", "--collect",
            "--property=User=pioreactor", "--property=WorkingDirectory=/home/pioreactor",
            "--property=EnvironmentFile=/etc/pioreactor.env",
            "--setenv=HOSTNAME=pio01", "--setenv=TESTING=1",
            "/opt/pioreactor/venv/bin/pio", "update", "app", "--branch", "develop",
        ])
        let unit = tasks.updateAppArgv(cli: []).argv[2]
        #expect(unit.wholeMatch(of: /--unit=pio-update-pio01-[0-9a-f]{32}/) != nil)
        #expect(UpdateAppCommand.pioExecutable(env: [:]) == "/usr/local/bin/pio")
    }

    @Test func updateAppRecordsTheArgv() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let tasks = makeTasks(temp, env: ["MODEL_NAME": "pioreactor_40ml"])
        #expect(try await tasks.updateApp(cli: ["-v", "26.1.0"]) == true)
        let records = try (tasks.actions as! RecordingSystemActions).recordedActions()
        let record = try #require(records.first)
        #expect(record["action"] == "update_app")
        let argv = (record["args"]?["argv"]?.arrayValue ?? []).compactMap { $0.stringValue }
        #expect(argv.suffix(5) == ["/usr/local/bin/pio", "update", "app", "-v", "26.1.0"])
        #expect(argv.contains("--setenv=MODEL_NAME=pioreactor_40ml"))
        #expect(record["args"]?["env"]?.encoded() == #"{"MODEL_NAME":"pioreactor_40ml"}"#)
    }

    @Test func uninstallDeletesAFilePluginWithoutTheScript() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let tasks = makeTasks(temp, actions: ScriptedSystemActions(outcome: SystemActionOutcome(exitCode: 9)))
        try FileManager.default.createDirectory(at: tasks.paths.plugins, withIntermediateDirectories: true)
        let file = tasks.paths.plugins.appendingPathComponent("my_plugin.py")
        try Data("__plugin_name__ = 'x'\n".utf8).write(to: file)
        let other = tasks.paths.plugins.appendingPathComponent("my_plugin_two.py")
        try Data().write(to: other)
        #expect(try await tasks.uninstallPlugin(name: "my_plugin") == true)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(FileManager.default.fileExists(atPath: other.path))
        // No file left: the script runs and its exit 9 means false.
        #expect(try await tasks.uninstallPlugin(name: "my_plugin") == false)
    }

    @Test func uninstallOfAMissingPackageCountsAsSuccess() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let notInstalled = SystemActionOutcome(
            exitCode: 1, stderr: "WARNING: Skipping pioreactor-x as it is not installed.")
        #expect(try await makeTasks(temp, actions: ScriptedSystemActions(outcome: notInstalled)).uninstallPlugin(name: "pioreactor-x") == true)
        let recording = makeTasks(temp)
        #expect(try await recording.uninstallPlugin(name: "pioreactor-x") == true)
        let records = try (recording.actions as! RecordingSystemActions).recordedActions()
        let record = try #require(records.first)
        #expect(record.encoded().contains(#""action":"uninstall_plugin","args":{"name":"pioreactor-x"}"#))
    }

    @Test func installRecordsNameAndSource() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let tasks = makeTasks(temp)
        #expect(try await tasks.installPlugin(name: "pioreactor-air-bubbler", source: "https://x/y.whl") == true)
        let records = try (tasks.actions as! RecordingSystemActions).recordedActions()
        let record = try #require(records.first)
        #expect(record["args"]?.encoded() == #"{"name":"pioreactor-air-bubbler","source":"https://x/y.whl"}"#)
    }

    @Test func tasksRunThroughTheQueueWithTheirSpecs() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let tasks = makeTasks(temp)
        // A fixed clock keeps both calls in one 15 s rate-limit window.
        let fixed = Date(timeIntervalSince1970: 1_800_000_000)
        let queue = TaskQueue(store: try TaskStore(fileURL: temp.storeFile), now: { fixed })
        let first = try await queue.submit(.shutdown) { try await tasks.shutdown() }
        #expect(try await terminalPoll(queue, first).body["result"] == true)
        let second = try await queue.submit(.reboot) { try await tasks.reboot() }
        #expect(try await terminalPoll(queue, second).body["error"] == #"RateLimitExceeded('Rate limit exceeded on "power-actions"')"#)
        let recorded = try (tasks.actions as! RecordingSystemActions).recordedActions()
        #expect(recorded.map { $0["action"] } == ["shutdown"])
    }
}
