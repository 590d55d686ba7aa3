import Foundation
import Logging
import Synchronization
import Testing
@testable import PioreactorCore

@Suite struct UnitLogTests {
    func tempFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("unitlog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func fileLinesUseTheReferenceFormat() {
        let record = UnitLogRecord(task: "stirring", source: "app", level: .notice, message: "hello", date: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(record.fileLine.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} \[stirring\] NOTICE hello/) != nil)
        #expect(record.topicLevel == "notice")
    }

    @Test func payloadKeysAreInTheReferenceOrder() throws {
        let record = UnitLogRecord(task: "od_reading", source: "app", level: .warning, message: "a\r\nb \u{1B}[31mred\u{1B}[0m",
                                   date: Date(timeIntervalSince1970: 1_800_000_000.25))
        let payload = try JSONValue.parse(Data(record.payload.utf8))
        guard case .object(let object) = payload else { Issue.record("not an object"); return }
        #expect(object.entries.map(\.key) == ["taskName", "source", "message", "level", "task", "timestamp"])
        #expect(payload["message"] == "a\nb red")
        #expect(payload["level"] == "WARNING")
        #expect(payload["timestamp"] == "2027-01-15T08:00:00.250Z")
    }

    /// Python's `json.dumps` escapes non-ASCII (astral characters as surrogate pairs).
    @Test func payloadEscapesNonASCIILikePython() {
        let record = UnitLogRecord(task: "temperature_automation", source: "app", level: .info,
                                   message: "30.0℃ to 35.0℃ 🧫 é", date: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(record.payload.contains(#""message":"30.0\u2103 to 35.0\u2103 \ud83e\uddeb \u00e9""#))
        #expect(record.payload.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test func aRotatedFileIsReopened() throws {
        let folder = try tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("pioreactor.log").path
        let file = UnitLogFile(path: path)
        file.append("one")
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        file.append("two")
        #expect(try String(contentsOfFile: path + ".1", encoding: .utf8) == "one\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two\n")
        try FileManager.default.removeItem(atPath: path)
        file.append("three")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "three\n")
    }

    @Test func handlerWritesFileAndRemoteAndHonoursItsLevel() throws {
        let folder = try tempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("pioreactor.log").path
        let sinks = UnitLogSinks(file: UnitLogFile(path: path), consoleLevel: .critical)
        let published = Mutex<[UnitLogRecord]>([])
        sinks.setRemote { record in published.withLock { $0.append(record) } }
        var logger = Logger(label: "stirring") { UnitLogHandler(label: $0, source: "app", sinks: sinks) }
        logger.logLevel = .info
        logger.debug("hidden")
        logger.info("Updated target_rpm from 400.0 to 500.0.")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasSuffix(" [stirring] INFO Updated target_rpm from 400.0 to 500.0.") == true)
        #expect(published.withLock { $0.map(\.message) } == ["Updated target_rpm from 400.0 to 500.0."])
    }

    /// The MQTT client logs through a handler that never publishes: publishing about publishing
    /// would recurse.
    @Test func aLocalHandlerNeverPublishes() throws {
        let sinks = UnitLogSinks(file: nil, consoleLevel: .critical)
        let published = Mutex(0)
        sinks.setRemote { _ in published.withLock { $0 += 1 } }
        let local = Logger(label: "stirring") { UnitLogHandler(label: $0, source: "app", sinks: sinks, remote: false) }
        local.warning("broker away")
        #expect(published.withLock { $0 } == 0)
        Logger(label: "stirring") { UnitLogHandler(label: $0, source: "app", sinks: sinks) }.warning("job line")
        #expect(published.withLock { $0 } == 1)
    }

    @Test func configNamesTheFiles() throws {
        let config = try MergedConfig.build(sharedText: "[cluster.topology]\nleader_hostname=a\nleader_address=127.0.0.1\n[logging]\nlog_file=/tmp/a.log\nui_log_file=/tmp/b.log\nconsole_log_level=WARNING\n")
        #expect(UnitLogSinks(config: config).file?.path == "/tmp/a.log")
        #expect(UnitLogSinks(config: config).consoleLevel == .warning)
        #expect(UnitLogSinks.forWebServer(config: config).file?.path == "/tmp/b.log")
        #expect(UnitLogSinks(config: nil).file == nil)
    }
}
