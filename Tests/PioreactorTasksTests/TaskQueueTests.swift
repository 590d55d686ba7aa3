import Foundation
import PioreactorCore
import Synchronization
import Testing
@testable import PioreactorTasks

@Suite struct TaskQueueTests {
    @Test func pollFollowsQueuedExecutingSucceeded() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let queue = TaskQueue(store: try TaskStore(fileURL: temp.storeFile), options: .init(maxConcurrent: 1))
        let gate = Gate()
        let first = try await queue.submit(name: "slow") { await gate.wait(); return "done" }
        let second = try await queue.submit(name: "next") { false }
        #expect(first.count == 36 && first == first.lowercased())
        #expect(UUID(uuidString: first) != nil)

        let running = try await pollUntil(queue, first) { $0.body["status"] == "running" }
        #expect(running.httpStatus == 202)
        #expect(running.body.objectValue?.keys == ["task_id", "result_url_path", "status"])
        let waiting = queue.poll(taskID: second)
        #expect(waiting.httpStatus == 202)
        #expect(waiting.body["status"] == "pending")

        await gate.open()
        let done = try await terminalPoll(queue, first)
        #expect(done.httpStatus == 200)
        #expect(done.body["result"] == "done")
        #expect(try await terminalPoll(queue, second).body["result"] == false)
        // Reads do not consume results.
        #expect(queue.poll(taskID: first) == done)
    }

    @Test func executingReadsPendingInReferenceMode() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let queue = TaskQueue(
            store: try TaskStore(fileURL: temp.storeFile), options: .init(reportExecutingAsRunning: false))
        let gate = Gate()
        let id = try await queue.submit(name: "slow") { await gate.wait(); return true }
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while queue.store.record(taskID: id)?.state != .executing, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(queue.store.record(taskID: id)?.state == .executing)
        #expect(queue.poll(taskID: id).body["status"] == "pending")
        await gate.open()
        await queue.waitUntilIdle()
    }

    @Test func thrownErrorsAreStoredAsMessages() async throws {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom happened" } }
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let queue = TaskQueue(store: try TaskStore(fileURL: temp.storeFile))
        let a = try await queue.submit(name: "a") { throw TaskFailure("Command exited during startup grace window. Exit code 0. run stirring") }
        let b = try await queue.submit(name: "b") { throw Boom() }
        let c = try await queue.submit(name: "c") { throw UnitError.badRequest("Timed out.") }
        #expect(try await terminalPoll(queue, a).body["error"] == "Command exited during startup grace window. Exit code 0. run stirring")
        #expect(try await terminalPoll(queue, b).body["error"] == "boom happened")
        #expect(try await terminalPoll(queue, c).body["error"] == "Timed out.")
    }

    @Test func heldLockFailsTheSecondTaskAndShowsInPreCheck() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let queue = TaskQueue(store: try TaskStore(fileURL: temp.storeFile))
        let gate = Gate()
        let first = try await queue.submit(name: "update", lock: "update-lock") { await gate.wait(); return true }
        _ = try await pollUntil(queue, first) { $0.body["status"] == "running" }
        #expect(await queue.isLocked("update-lock"))
        #expect(await !queue.isLocked("power-lock"))

        let second = try await queue.submit(name: "update", lock: "update-lock") { Issue.record("must not run"); return true }
        let refused = try await terminalPoll(queue, second)
        #expect(refused.httpStatus == 200)
        #expect(refused.body["status"] == "failed")
        #expect(refused.body["error"] == "unable to acquire lock update-lock")

        let guarded = try await queue.submitUnlessLocked(TaskLockName.update, .updateApp) { true }
        #expect(guarded == .inProgress(lock: "update-lock"))

        await gate.open()
        #expect(try await terminalPoll(queue, first).body["result"] == true)
        await queue.waitUntilIdle()
        #expect(await !queue.isLocked("update-lock"))
        let later = try await queue.submitUnlessLocked(TaskLockName.update, TaskSpec(name: "u", lock: TaskLockName.update)) { 7 }
        guard case .accepted(let id) = later else { Issue.record("expected a task id"); return }
        #expect(try await terminalPoll(queue, id).body["result"] == 7)
    }

    @Test func referenceModeLockFailureReadsRunning() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let queue = TaskQueue(
            store: try TaskStore(fileURL: temp.storeFile), options: .init(lockFailureAsFailed: false))
        let gate = Gate()
        let first = try await queue.submit(name: "p", lock: "plugins-lock") { await gate.wait(); return true }
        _ = try await pollUntil(queue, first) { $0.body["status"] == "running" }
        let second = try await queue.submit(name: "p", lock: "plugins-lock") { true }
        let locked = try await pollUntil(queue, second) { $0.body["error"] != nil }
        #expect(locked.httpStatus == 202)
        #expect(locked.body["status"] == "running")
        #expect(locked.body["error"] == "task is locked and already running.")
        await gate.open()
        await queue.waitUntilIdle()
    }

    @Test func rateLimitRejectsSecondCallInSameWindow() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))  // a window start for per=15
        let queue = TaskQueue(store: try TaskStore(fileURL: temp.storeFile), now: clock.reader)
        let runs = Mutex(0)
        let work: TaskQueue.Work = { runs.withLock { $0 += 1 }; return true }

        let first = try await queue.submit(.shutdown, work: work)
        #expect(try await terminalPoll(queue, first).body["result"] == true)
        let second = try await queue.submit(.reboot, work: work)
        let rejected = try await terminalPoll(queue, second)
        #expect(rejected.httpStatus == 200)
        #expect(rejected.body["status"] == "failed")
        #expect(rejected.body["error"] == #"RateLimitExceeded('Rate limit exceeded on "power-actions"')"#)
        #expect(runs.withLock { $0 } == 1)

        // A rejected attempt counts, and a new window starts fresh.
        clock.advance(by: 14)
        let third = try await queue.submit(.reboot, work: work)
        #expect(try await terminalPoll(queue, third).body["status"] == "failed")
        clock.advance(by: 1)
        let fourth = try await queue.submit(.reboot, work: work)
        #expect(try await terminalPoll(queue, fourth).body["result"] == true)
        #expect(runs.withLock { $0 } == 2)
    }

    @Test func rateLimitConstantsMatchSpec() {
        #expect(RateLimit.plugins == RateLimit(key: "plugins", limit: 1, per: 60))
        #expect(RateLimit.updateApp == RateLimit(key: "update-app", limit: 1, per: 60))
        #expect(RateLimit.powerActions == RateLimit(key: "power-actions", limit: 1, per: 15))
        #expect(RateLimit.webRestart == RateLimit(key: "web-restart", limit: 1, per: 15))
        #expect(RateLimit.plugins.exceededMessage == #"RateLimitExceeded('Rate limit exceeded on "plugins"')"#)
        #expect(TaskSpec.installPlugin.rateLimit == TaskSpec.uninstallPlugin.rateLimit)
        #expect(TaskSpec.reboot.lock == "power-lock" && TaskSpec.shutdown.rateLimit == .powerActions)
    }

    @Test func killPriorityRunsWhileThePoolIsSaturated() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let queue = TaskQueue(store: try TaskStore(fileURL: temp.storeFile), options: .init(maxConcurrent: 2))
        let gate = Gate()
        let slow1 = try await queue.submit(name: "slow") { await gate.wait(); return 1 }
        let slow2 = try await queue.submit(name: "slow") { await gate.wait(); return 2 }
        _ = try await pollUntil(queue, slow1) { $0.body["status"] == "running" }
        _ = try await pollUntil(queue, slow2) { $0.body["status"] == "running" }
        let normal = try await queue.submit(name: "normal") { 3 }
        let kill = try await queue.submit(.killJobs) { true }

        let killed = try await terminalPoll(queue, kill)
        #expect(killed.body["result"] == true)
        #expect(queue.poll(taskID: slow1).body["status"] == "running")
        #expect(queue.poll(taskID: slow2).body["status"] == "running")
        #expect(queue.poll(taskID: normal).body["status"] == "pending")
        #expect(await queue.waitingCount == 1)

        await gate.open()
        #expect(try await terminalPoll(queue, normal).body["result"] == 3)
    }

    @Test func higherPriorityFirstThenFIFO() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let queue = TaskQueue(store: try TaskStore(fileURL: temp.storeFile), options: .init(maxConcurrent: 1))
        let gate = Gate()
        let order = Mutex<[String]>([])
        try await queue.submit(name: "blocker") { await gate.wait(); return nil }
        for (label, priority) in [("a0", 0), ("b50", 50), ("c0", 0), ("d50", 50), ("e10", 10)] {
            try await queue.submit(name: label, priority: priority) { order.withLock { $0.append(label) }; return nil }
        }
        await gate.open()
        await queue.waitUntilIdle()
        #expect(order.withLock { $0 } == ["b50", "d50", "e10", "a0", "c0"])
    }

    @Test func twoHundredTasksAllFinishAndStayReadable() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let queue = TaskQueue(store: try TaskStore(fileURL: temp.storeFile))
        let ids = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<200 {
                group.addTask {
                    let id = try await queue.submit(name: "n\(index)", priority: index % 3 * 10) {
                        try await Task.sleep(for: .milliseconds(Int.random(in: 0...5)))
                        if index % 7 == 0 { throw TaskFailure("bad \(index)") }
                        return .int(Int64(index))
                    }
                    return (index, id)
                }
            }
            var ids: [Int: String] = [:]
            for try await (index, id) in group { ids[index] = id }
            return ids
        }
        #expect(Set(ids.values).count == 200)
        await queue.waitUntilIdle()
        for (index, id) in ids {
            let poll = queue.poll(taskID: id)
            #expect(poll.httpStatus == 200)
            if index % 7 == 0 {
                #expect(poll.body["error"] == .string("bad \(index)"))
            } else {
                #expect(poll.body["result"] == .int(Int64(index)))
            }
        }
    }

    @Test func waitForResultTimesOutAndReturnsOutcomes() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let queue = TaskQueue(store: try TaskStore(fileURL: temp.storeFile))
        let gate = Gate()
        let slow = try await queue.submit(name: "slow") { await gate.wait(); return "late" }
        #expect(try await queue.waitForResult(taskID: slow, timeout: .milliseconds(50)) == nil)
        #expect(try await queue.waitForResult(taskID: "unknown", timeout: .milliseconds(20)) == nil)
        await gate.open()
        #expect(try await queue.waitForResult(taskID: slow, timeout: .seconds(5)) == .succeeded("late"))
        let listed = try await queue.run(name: "list_plugins_installed", timeout: .seconds(5)) { [] }
        #expect(listed == .succeeded([]))
        let failed = try await queue.run(name: "x", timeout: .seconds(5)) { throw TaskFailure("nope") }
        #expect(failed == .failed("nope"))
    }

    @Test func submitFailsWhenTheStoreIsClosed() async throws {
        let temp = try TempDirectory()
        defer { temp.cleanup() }
        let store = try TaskStore(fileURL: temp.storeFile)
        let queue = TaskQueue(store: store)
        try store.close()
        await #expect(throws: (any Error).self) { try await queue.submit(name: "x") { true } }
    }
}
