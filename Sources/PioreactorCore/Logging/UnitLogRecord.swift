import Foundation
import Logging

/// One log record as the reference renders it: a line of the unit log file and the JSON payload
/// published to `pioreactor/<unit>/<experiment>/logs/<source>/<level>` (jobs.md §6).
public struct UnitLogRecord: Sendable {
    /// The logger's name (`stirring`, `pioreactor-<unit>-api`, `background_tasks`).
    public var task: String
    /// `app` for jobs, `ui` for the web API, `huey` for tasks.
    public var source: String
    public var level: Logger.Level
    public var message: String
    public var date: Date

    public init(task: String, source: String, level: Logger.Level, message: String, date: Date = Date()) {
        self.task = task
        self.source = source
        self.level = level
        self.message = message
        self.date = date
    }

    /// Python's level names; swift-log's `trace` is below DEBUG and shown as DEBUG.
    public var levelName: String {
        switch level {
        case .trace, .debug: return "DEBUG"
        case .info: return "INFO"
        case .notice: return "NOTICE"
        case .warning: return "WARNING"
        case .error: return "ERROR"
        case .critical: return "CRITICAL"
        }
    }

    /// `%(asctime)s [%(name)s] %(levelname)-2s %(message)s` with `%Y-%m-%dT%H:%M:%S%z`.
    public var fileLine: String {
        "\(Self.localTimestamp(date)) [\(task)] \(levelName) \(message)"
    }

    /// Local time as `%Y-%m-%dT%H:%M:%S%z`, Python logging's `asctime` with the reference's datefmt.
    public static func localTimestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var local = tm()
        localtime_r(&seconds, &local)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The topic's last segment: the level in lowercase.
    public var topicLevel: String { levelName.lowercased() }

    /// The reference's payload, in its key order (Python 3.12+ adds `taskName`, always null
    /// outside asyncio tasks; the message has CR/LF normalised and ANSI escapes removed; non-ASCII
    /// is escaped, as the reference's `json.dumps` does).
    public var payload: String {
        JSONValue.object(JSONObject([
            ("taskName", .null),
            ("source", .string(source)),
            ("message", .string(Self.cleaned(message))),
            ("level", .string(levelName)),
            ("task", .string(task)),
            ("timestamp", .string(ISOTime.milliseconds(date))),
        ])).encodedASCII()
    }

    private static func cleaned(_ message: String) -> String {
        var text = message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        guard text.contains("\u{1B}") else { return text }
        text = text.replacingOccurrences(of: "\u{1B}\\[[0-?]*[ -/]*[@-~]", with: "", options: .regularExpression)
        return text.replacingOccurrences(of: "\u{1B}[@-Z\\\\-_]", with: "", options: .regularExpression)
    }
}
