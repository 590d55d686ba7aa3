import Foundation
import PioreactorCore
import Synchronization
@testable import PioreactorTasks

/// A fresh temp directory, removed by `cleanup()`.
struct TempDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tasks-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var storeFile: URL { url.appendingPathComponent("cache/tasks.sqlite") }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    var reader: @Sendable () -> Date { { self.now } }
}

/// Holds tasks until opened.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}

/// Polls until the task is terminal or 10 s pass.
func terminalPoll(_ queue: TaskQueue, _ taskID: String) async throws -> TaskPoll {
    _ = try await queue.waitForResult(taskID: taskID, timeout: .seconds(10))
    return queue.poll(taskID: taskID)
}

/// Polls until `condition` holds for the poll or 10 s pass.
func pollUntil(_ queue: TaskQueue, _ taskID: String, _ condition: (TaskPoll) -> Bool) async throws -> TaskPoll {
    let deadline = ContinuousClock.now.advanced(by: .seconds(10))
    while true {
        let poll = queue.poll(taskID: taskID)
        if condition(poll) || ContinuousClock.now > deadline { return poll }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// System actions with scripted outcomes, for result mapping (`false`, "not installed").
struct ScriptedSystemActions: SystemActions {
    var outcome: SystemActionOutcome

    func reboot() async throws -> SystemActionOutcome { outcome }
    func shutdown() async throws -> SystemActionOutcome { outcome }
    func setClock(iso: String) async throws -> SystemActionOutcome { outcome }
    func syncClock() async throws -> SystemActionOutcome { outcome }
    func restartWebService() async throws -> SystemActionOutcome { outcome }
    func updateApp(argv: [String], env: [String: String]) async throws -> SystemActionOutcome { outcome }
    func installPlugin(name: String, source: String?) async throws -> SystemActionOutcome { outcome }
    func uninstallPlugin(name: String) async throws -> SystemActionOutcome { outcome }
    func removeFile(path: String) async throws -> SystemActionOutcome { outcome }
}
