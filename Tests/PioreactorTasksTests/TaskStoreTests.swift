import Foundation
import PioreactorCore
import Testing
@testable import PioreactorTasks

@Suite struct TaskStoreTests {
    @Test func resultsSurviveCloseAndReopen() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let store = try TaskStore(fileURL: temp.storeFile)
        let queue = TaskQueue(store: store)
        let ok = try await queue.submit(name: "ok") { ["ok": true, "n": 1.5] }
        let bad = try await queue.submit(name: "bad") { throw TaskFailure("Exit code 2.") }
        await queue.waitUntilIdle()
        let okBefore = queue.poll(taskID: ok)
        let badBefore = queue.poll(taskID: bad)
        #expect(okBefore.httpStatus == 200)
        #expect(badBefore.body["error"] == "Exit code 2.")
        try store.close()

        let reopened = TaskQueue(store: try TaskStore(fileURL: temp.storeFile))
        #expect(reopened.poll(taskID: ok) == okBefore)
        #expect(reopened.poll(taskID: bad) == badBefore)
        #expect(reopened.poll(taskID: ok).body["result"]?.encoded() == #"{"ok":true,"n":1.5}"#)
    }

    @Test func unfinishedTasksBecomeFailedOnReopen() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let store = try TaskStore(fileURL: temp.storeFile)
        try await store.insertQueued(taskID: "queued-1", name: "q", at: Date())
        try await store.insertQueued(taskID: "running-1", name: "r", at: Date())
        try await store.markExecuting(taskID: "running-1")
        try await store.insertQueued(taskID: "done-1", name: "d", at: Date())
        try await store.markSucceeded(taskID: "done-1", result: true, at: Date())
        #expect(store.record(taskID: "running-1")?.state == .executing)
        try store.close()

        let reopened = try TaskStore(fileURL: temp.storeFile)
        for id in ["queued-1", "running-1"] {
            let poll = TaskPoll.make(taskID: id, record: reopened.record(taskID: id))
            #expect(poll.httpStatus == 200)
            #expect(poll.body["status"] == "failed")
            #expect(poll.body["error"] == "Task was interrupted: the unit API restarted while it was running.")
        }
        #expect(reopened.record(taskID: "done-1")?.state == .succeeded)
        #expect(reopened.record(taskID: "done-1")?.result == true)
    }

    @Test func pruningRemovesOnlyOldFinishedRows() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let store = try TaskStore(fileURL: temp.storeFile)
        let queue = TaskQueue(store: store, now: clock.reader)
        let old = try await queue.submit(name: "old") { 1 }
        await queue.waitUntilIdle()
        try await store.insertQueued(taskID: "still-queued", name: "q", at: clock.now)

        clock.advance(by: 8 * 24 * 3600)
        let recent = try await queue.submit(name: "recent") { 2 }
        await queue.waitUntilIdle()

        let removed = try await queue.prune(maxAge: 7 * 24 * 3600)
        #expect(removed == 1)
        #expect(store.record(taskID: old) == nil)
        #expect(queue.poll(taskID: old).body["status"] == "pending")
        #expect(store.record(taskID: recent)?.state == .succeeded)
        #expect(store.record(taskID: "still-queued")?.state == .queued)
        #expect(try await queue.prune(maxAge: 7 * 24 * 3600) == 0)
    }

    @Test func backgroundPruningRunsAndStopsOnCancel() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let queue = TaskQueue(store: try TaskStore(fileURL: temp.storeFile), now: clock.reader)
        let id = try await queue.submit(name: "old") { 1 }
        await queue.waitUntilIdle()
        clock.advance(by: 3600)
        let pruner = Task { await queue.runPruning(maxAge: 60, every: .milliseconds(10)) }
        let poll = try await pollUntil(queue, id) { $0.body["status"] == "pending" }
        pruner.cancel()
        await pruner.value
        #expect(poll.body["status"] == "pending")
    }

    @Test func rateLimitCountsEveryAttemptInFixedWindows() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let store = try TaskStore(fileURL: temp.storeFile)
        let limit = RateLimit.powerActions
        let start = Date(timeIntervalSince1970: 1_800_000_000)  // a multiple of 15
        #expect(try await store.recordAttempt(against: limit, at: start))
        #expect(try await !store.recordAttempt(against: limit, at: start.addingTimeInterval(14.9)))
        #expect(try await store.recordAttempt(against: limit, at: start.addingTimeInterval(15)))
        // Another key keeps its own budget.
        #expect(try await store.recordAttempt(against: .webRestart, at: start.addingTimeInterval(15)))
        try store.close()
        // Counters are durable: a restart does not reset the window.
        let reopened = try TaskStore(fileURL: temp.storeFile)
        #expect(try await !reopened.recordAttempt(against: limit, at: start.addingTimeInterval(16)))
    }

    @Test func openFailsForUnwritableLocation() throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let blocker = temp.url.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        #expect(throws: (any Error).self) { try TaskStore(fileURL: blocker.appendingPathComponent("tasks.sqlite")) }
    }
}

@Suite struct TaskStoreForeignRowTests {
    /// A row this process did not write (a result that is not JSON) opens as failed, never as a
    /// store that cannot open; and the in-memory rows come from the file, not from this process.
    @Test func unreadableResultOpensAsFailed() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let store = try TaskStore(fileURL: temp.storeFile)
        try await store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO tasks (task_id, name, state, result, created_at, finished_at)
                VALUES ('broken', 'x', 'succeeded', '{not json', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z')
                """)
        }
        #expect(store.record(taskID: "broken") == nil)
        try store.close()

        let reopened = try TaskStore(fileURL: temp.storeFile)
        let poll = TaskPoll.make(taskID: "broken", record: reopened.record(taskID: "broken"))
        #expect(poll.body["status"] == "failed")
        #expect(poll.body["error"] == .string(TaskRecord.unreadableResultMessage))
    }
}
