import Foundation
import PioreactorCore
import Synchronization

/// Dry-run actions: each call appends `{"action","args","at"}` as one JSON line to `logFile`
/// and reports exit 0 without touching the machine.
public final class RecordingSystemActions: SystemActions {
    public let logFile: URL
    private let appendLock = Mutex(())

    public init(logFile: URL) {
        self.logFile = logFile
    }

    public func reboot() async throws -> SystemActionOutcome {
        try record("reboot")
    }

    public func shutdown() async throws -> SystemActionOutcome {
        try record("shutdown")
    }

    public func setClock(iso: String) async throws -> SystemActionOutcome {
        try record("set_clock", [("value", .string(iso))])
    }

    public func syncClock() async throws -> SystemActionOutcome {
        try record("sync_clock")
    }

    public func restartWebService() async throws -> SystemActionOutcome {
        try record("restart_web_service")
    }

    public func updateApp(argv: [String], env: [String: String]) async throws -> SystemActionOutcome {
        let sortedEnv = JSONObject(env.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        return try record("update_app", [("argv", .array(argv.map { .string($0) })), ("env", .object(sortedEnv))])
    }

    public func installPlugin(name: String, source: String?) async throws -> SystemActionOutcome {
        try record("install_plugin", [("name", .string(name)), ("source", source.map { .string($0) } ?? .null)])
    }

    public func uninstallPlugin(name: String) async throws -> SystemActionOutcome {
        try record("uninstall_plugin", [("name", .string(name))])
    }

    public func removeFile(path: String) async throws -> SystemActionOutcome {
        try record("remove_file", [("path", .string(path))])
    }

    /// The recorded lines so far, parsed (for tests and diagnostics).
    public func recordedActions() throws -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: logFile.path) else { return [] }
        return try String(decoding: data, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map { line in try JSONValue.parse(String(line)) }
    }

    private func record(_ action: String, _ args: [(String, JSONValue)] = []) throws -> SystemActionOutcome {
        let line: JSONValue = .object(JSONObject([
            ("action", .string(action)),
            ("args", .object(JSONObject(args))),
            ("at", .string(ISOTime.milliseconds())),
        ]))
        try appendLock.withLock { _ in try append(line.encoded() + "\n") }
        return .recorded
    }

    /// An append-only log: O_APPEND keeps each line whole even with several writers.
    private func append(_ text: String) throws {
        try FileManager.default.createDirectory(
            at: logFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(logFile.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RecordingFailure(operation: "open \(logFile.path)", code: errno) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw RecordingFailure(operation: "append \(logFile.path)", code: errno) }
    }
}

/// The action log could not be written.
public struct RecordingFailure: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let code: Int32
    public var description: String { "\(operation): \(String(cString: strerror(code))) (errno \(code))" }
}
