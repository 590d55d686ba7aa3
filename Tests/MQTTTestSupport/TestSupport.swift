import Logging
import PioreactorMQTT
import Synchronization

// Helpers shared by the MQTT tests; public so they can move into a shared test-support target
// (which then needs the swift-log `Logging` product as a dependency).

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns the final result.
public func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}

extension TestBroker {
    /// Client settings for this broker; pass another password to test rejection.
    public func settings(clientId: String, password: String = TestBroker.password) -> MQTTConnectionSettings {
        MQTTConnectionSettings(
            host: "127.0.0.1", port: port, username: TestBroker.username, password: password,
            useTLS: false, keepaliveSeconds: 10, clientId: clientId
        )
    }
}

/// Keeps every log event so tests can assert on what was logged and at which level.
public final class LogRecorder: Sendable {
    public struct Entry: Sendable {
        public let level: Logger.Level
        public let message: String
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    /// A logger (at trace level) whose events all land in this recorder.
    public func logger(_ label: String = "mqtt-test") -> Logger {
        var logger = Logger(label: label) { _ in RecordingLogHandler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    public func record(_ entry: Entry) {
        entries.withLock { $0.append(entry) }
    }

    /// Everything recorded, as "[level] message" lines (handy in failure messages).
    public var all: [String] { entries.withLock { $0.map { "[\($0.level)] \($0.message)" } } }

    public func messages(at level: Logger.Level) -> [String] {
        entries.withLock { $0.filter { $0.level == level }.map(\.message) }
    }

    public func count(at level: Logger.Level) -> Int {
        messages(at: level).count
    }
}

/// The `LogHandler` behind `LogRecorder.logger`.
public struct RecordingLogHandler: LogHandler {
    public let recorder: LogRecorder
    public var logLevel: Logger.Level = .trace
    public var metadata: Logger.Metadata = [:]

    public init(recorder: LogRecorder) {
        self.recorder = recorder
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        recorder.record(.init(level: event.level, message: event.message.description))
    }
}

/// Drains a subscription stream in the background into an array tests can poll.
public final class MessageCollector: Sendable {
    private final class Store: Sendable {
        let messages = Mutex<[MQTTMessage]>([])
    }

    private let store = Store()
    private let task: Task<Void, Never>

    public init(_ stream: AsyncStream<MQTTMessage>) {
        task = Task { [store] in
            for await message in stream {
                store.messages.withLock { $0.append(message) }
            }
        }
    }

    deinit {
        task.cancel()
    }

    public var messages: [MQTTMessage] { store.messages.withLock { $0 } }
    public var texts: [String] { messages.map(\.text) }
}

/// A thread-safe counter for callbacks such as `onConnect`.
public final class Counter: Sendable {
    private let value = Mutex(0)
    public init() {}
    public func increment() { value.withLock { $0 += 1 } }
    public var current: Int { value.withLock { $0 } }
}
