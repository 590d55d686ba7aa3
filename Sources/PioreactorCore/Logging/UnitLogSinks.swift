import Foundation
import Logging
import Synchronization

/// Where a process's log records go: the unit log file, standard error (until a detached job
/// hands its output over to the log file) and, once connected, MQTT. Shared by every logger of
/// the process; set up once at start-up.
public final class UnitLogSinks: Sendable {
    /// The unit log file, nil when `[logging]` names none or it is not writable.
    public let file: UnitLogFile?
    /// Records at or above this level are written to standard error.
    public let consoleLevel: Logger.Level
    private let consoleOn = Atomic<Bool>(true)
    private let remote = Mutex<(@Sendable (UnitLogRecord) -> Void)?>(nil)

    public init(file: UnitLogFile?, consoleLevel: Logger.Level = .debug) {
        self.file = file
        self.consoleLevel = consoleLevel
    }

    /// The log file named in `[logging] <key>` (`log_file` for jobs, `ui_log_file` for the API).
    public convenience init(config: MergedConfig?, fileKey: String = "log_file") {
        let path = ((try? config?.value("logging", fileKey)) ?? nil).flatMap { $0.isEmpty ? nil : $0 }
        let console = ((try? config?.value("logging", "console_log_level")) ?? nil).flatMap(UnitLogSinks.level(named:))
        self.init(file: path.map(UnitLogFile.init(path:)), consoleLevel: console ?? .debug)
    }

    /// The web server's sinks: `[logging] ui_log_file`, else `log_file`.
    public static func forWebServer(config: MergedConfig?) -> UnitLogSinks {
        let ui = ((try? config?.value("logging", "ui_log_file")) ?? nil) ?? ""
        return UnitLogSinks(config: config, fileKey: ui.isEmpty ? "log_file" : "ui_log_file")
    }

    /// Sends every later record to `publish` as well (the MQTT log topic).
    public func setRemote(_ publish: (@Sendable (UnitLogRecord) -> Void)?) {
        remote.withLock { $0 = publish }
    }

    /// Stops writing to standard error (its descriptor now points at the log file itself).
    public func silenceConsole() {
        consoleOn.store(false, ordering: .relaxed)
    }

    func emit(_ record: UnitLogRecord, remotely: Bool, consoleLine: () -> String) {
        file?.append(record.fileLine)
        if consoleOn.load(ordering: .relaxed), record.level >= consoleLevel {
            FileHandle.standardError.write(Data((consoleLine() + "\n").utf8))
        }
        if remotely { remote.withLock { $0 }?(record) }
    }

    /// Python level names (`DEBUG`, `INFO`, `NOTICE`, `WARNING`, `ERROR`, `CRITICAL`).
    public static func level(named name: String) -> Logger.Level? {
        switch name.uppercased() {
        case "DEBUG": return .debug
        case "INFO": return .info
        case "NOTICE": return .notice
        case "WARNING", "WARN": return .warning
        case "ERROR": return .error
        case "CRITICAL": return .critical
        default: return nil
        }
    }
}

/// A swift-log handler writing through `UnitLogSinks`: the label is the record's `task`.
/// `remote: false` keeps records off MQTT: the MQTT client's own logger, which would otherwise
/// publish about publishing.
public struct UnitLogHandler: LogHandler {
    public var logLevel: Logger.Level = .debug
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let source: String
    private let sinks: UnitLogSinks
    private let remote: Bool

    public init(label: String, source: String, sinks: UnitLogSinks, remote: Bool = true) {
        self.label = label
        self.source = source
        self.sinks = sinks
        self.remote = remote
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let date = Date()
        let record = UnitLogRecord(task: label, source: source, level: event.level, message: "\(event.message)", date: date)
        sinks.emit(record, remotely: remote) {
            "\(UnitLogRecord.localTimestamp(date)) \(record.levelName.padding(toLength: 6, withPad: " ", startingAt: 0)) [\(label)] \(record.message)"
        }
    }
}
