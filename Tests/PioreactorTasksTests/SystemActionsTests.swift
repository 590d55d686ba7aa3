import Foundation
import PioreactorCore
import Testing
@testable import PioreactorTasks

@Suite struct SystemActionsTests {
    @Test func recordingWritesOneJSONLinePerAction() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let logFile = temp.url.appendingPathComponent("run/system_actions.log")
        let actions = RecordingSystemActions(logFile: logFile)
        #expect(try await actions.reboot() == SystemActionOutcome(exitCode: 0))
        _ = try await actions.setClock(iso: "2025-01-31T12:34:56Z")
        _ = try await actions.installPlugin(name: "my plugin", source: nil)
        _ = try await actions.updateApp(argv: ["sudo", "systemd-run"], env: ["TESTING": "1", "DEBUG": "x"])
        let target = temp.url.appendingPathComponent("keep.txt")
        try Data("x".utf8).write(to: target)
        _ = try await actions.removeFile(path: target.path)
        #expect(FileManager.default.fileExists(atPath: target.path), "dry-run must not delete")

        let text = try String(contentsOf: logFile, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(text.hasSuffix("\n"))
        let first = try JSONValue.parse(String(lines[0]))
        #expect(first.objectValue?.keys == ["action", "args", "at"])
        #expect(first["action"] == "reboot")
        #expect(first["args"]?.encoded() == "{}")
        let at = try #require(first["at"]?.stringValue)
        #expect(at.count == 24 && at.hasSuffix("Z") && at.contains("."))
        let records = try actions.recordedActions()
        #expect(records.map { $0["action"] } == ["reboot", "set_clock", "install_plugin", "update_app", "remove_file"])
        #expect(records[1]["args"]?.encoded() == #"{"value":"2025-01-31T12:34:56Z"}"#)
        #expect(records[2]["args"]?.encoded() == #"{"name":"my plugin","source":null}"#)
        #expect(records[3]["args"]?.encoded() == #"{"argv":["sudo","systemd-run"],"env":{"DEBUG":"x","TESTING":"1"}}"#)
        #expect(records[4]["args"]?["path"] == .string(target.path))
    }

    @Test func concurrentRecordsStayWholeLines() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let actions = RecordingSystemActions(logFile: temp.url.appendingPathComponent("system_actions.log"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 { group.addTask { _ = try await actions.syncClock() } }
            try await group.waitForAll()
        }
        #expect(try actions.recordedActions().count == 50)
    }

    @Test func selectionPicksRecordingInDryRunAndTesting() {
        let file = URL(fileURLWithPath: "/tmp/none.log")
        #expect(SystemActionsSelection.select(env: ["PIO_SYSTEM_ACTIONS": "dry-run"], recordFile: file) is RecordingSystemActions)
        #expect(SystemActionsSelection.select(env: ["TESTING": "1"], recordFile: file) is RecordingSystemActions)
        // Only inspected, never run.
        #expect(SystemActionsSelection.select(env: ["PIO_SYSTEM_ACTIONS": "real", "TESTING": "0"], recordFile: file) is RealSystemActions)
    }

    /// With nothing said, actions are real only on a Pioreactor (a HAT that names it).
    @Test func theDefaultDependsOnTheHardware() throws {
        let file = URL(fileURLWithPath: "/tmp/none.log")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let noHAT = PioreactorHardwareProbe(hatFolder: folder.appendingPathComponent("missing").path)
        #expect(SystemActionsSelection.select(env: [:], recordFile: file, hardware: noHAT) is RecordingSystemActions)
        #expect(SystemActionsSelection.select(env: ["HAT_PRESENT": "1"], recordFile: file, hardware: noHAT) is RealSystemActions)
        #expect(SystemActionsSelection.select(env: ["PIO_SYSTEM_ACTIONS": "real"], recordFile: file, hardware: noHAT) is RealSystemActions)

        try Data("Pioreactor HAT\0".utf8).write(to: folder.appendingPathComponent("product"))
        let pioreactor = PioreactorHardwareProbe(hatFolder: folder.path)
        #expect(SystemActionsSelection.select(env: [:], recordFile: file, hardware: pioreactor) is RealSystemActions)
        #expect(SystemActionsSelection.select(env: ["PIO_HARDWARE": "simulated"], recordFile: file, hardware: pioreactor) is RecordingSystemActions)
        #expect(SystemActionsSelection.select(env: ["TESTING": "1"], recordFile: file, hardware: pioreactor) is RecordingSystemActions)
    }

    @Test func realCommandLinesMatchTheSpec() {
        #expect(SystemCommands.reboot == ["sudo", "reboot"])
        #expect(SystemCommands.shutdown == ["sudo", "shutdown", "-h", "now"])
        #expect(SystemCommands.setClock("2025-01-31T12:34:56Z") == ["sudo", "date", "-s", "2025-01-31T12:34:56Z"])
        #expect(SystemCommands.syncClock.last == ["sudo", "systemctl", "start", "chrony"])
        #expect(SystemCommands.syncClock[1] == ["sudo", "chronyd", "-q"])
        #expect(SystemCommands.restartWebService == ["sudo", "systemctl", "restart", "pioreactor-web.target"])
        #expect(SystemCommands.installPlugin(name: "pioreactor-air-bubbler", source: nil)
            == ["bash", "/usr/local/bin/install_pioreactor_plugin.sh", "pioreactor-air-bubbler", ""])
        #expect(SystemCommands.installPlugin(name: "x", source: "https://h/x.zip").last == "https://h/x.zip")
        #expect(SystemCommands.uninstallPlugin(name: "a b") == ["bash", "/usr/local/bin/uninstall_pioreactor_plugin.sh", "'a b'"])
        #expect(SystemCommands.removeFile("/p/f.txt") == ["rm", "/p/f.txt"])
    }

    @Test func shellQuoteMatchesPythonShlex() {
        #expect(ShellQuote.quote("") == "''")
        #expect(ShellQuote.quote("my_plugin-1.0") == "my_plugin-1.0")
        #expect(ShellQuote.quote("a;rm -rf /") == "'a;rm -rf /'")
        #expect(ShellQuote.quote("it's") == #"'it'"'"'s'"#)
        #expect(ShellQuote.quote("é") == "'é'")
    }
}
