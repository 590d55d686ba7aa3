import Foundation
import Logging
import PioreactorCore

/// The in-process, SQLite-backed task queue behind the 202 endpoints (spec §1.4-1.5):
/// a bounded worker pool, priorities, named locks and fixed-window rate limits.
public actor TaskQueue {
    /// What a task does; its value becomes the poll's `result`.
    public typealias Work = @Sendable () async throws -> JSONValue

    public struct Options: Sendable {
        /// Tasks below `bypassPriority` share this many workers.
        public var maxConcurrent: Int
        /// Tasks at or above this priority (kill/stop) start at once, outside the pool limit.
        public var bypassPriority: Int
        /// Careful: `running` while executing. Reference: `pending`.
        public var reportExecutingAsRunning: Bool
        /// Careful: a lock failure is `failed` with `unable to acquire lock <name>`.
        /// Reference: it reads as `running` forever.
        public var lockFailureAsFailed: Bool

        public init(
            maxConcurrent: Int = 10, bypassPriority: Int = TaskQueuePriority.kill,
            reportExecutingAsRunning: Bool = true, lockFailureAsFailed: Bool = true
        ) {
            self.maxConcurrent = max(1, maxConcurrent)
            self.bypassPriority = bypassPriority
            self.reportExecutingAsRunning = reportExecutingAsRunning
            self.lockFailureAsFailed = lockFailureAsFailed
        }
    }

    /// The answer of a submit guarded by a route-level lock pre-check.
    public enum Submission: Sendable, Equatable {
        case accepted(taskID: String)
        /// The lock was held: answer `202 {"status":"in_progress","lock":…}` without a task.
        case inProgress(lock: String)
    }

    private struct QueuedTask: Sendable {
        let id: String
        let name: String
        let priority: Int
        let lock: String?
        let rateLimit: RateLimit?
        let work: Work
    }

    public nonisolated let store: TaskStore
    public nonisolated let options: Options
    private nonisolated let now: @Sendable () -> Date
    private nonisolated let logger: Logger

    private var waiting: [QueuedTask] = []
    private var poolRunning = 0
    private var active = 0
    private var heldLocks: Set<String> = []
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    public init(
        store: TaskStore, options: Options = Options(),
        logger: Logger = Logger(label: "pioreactor.tasks"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.options = options
        self.logger = logger
        self.now = now
    }

    // MARK: Submitting

    /// Persists a `queued` task and schedules it; returns its new lowercase UUID4 id at once.
    @discardableResult
    public func submit(
        name: String, priority: Int = TaskQueuePriority.normal, lock: String? = nil,
        rateLimit: RateLimit? = nil, work: @escaping Work
    ) async throws -> String {
        let task = QueuedTask(
            id: UUID().uuidString.lowercased(), name: name, priority: priority,
            lock: lock, rateLimit: rateLimit, work: work)
        try await store.insertQueued(taskID: task.id, name: name, at: now())
        enqueue(task)
        return task.id
    }

    /// The route-level pre-check and submit: if `precheckLock` is held, nothing is enqueued.
    /// The check runs on the actor before any suspension, so two racing calls see a consistent lock table.
    public func submitUnlessLocked(
        precheckLock: String, name: String, priority: Int = TaskQueuePriority.normal,
        lock: String? = nil, rateLimit: RateLimit? = nil, work: @escaping Work
    ) async throws -> Submission {
        if heldLocks.contains(precheckLock) { return .inProgress(lock: precheckLock) }
        let id = try await submit(name: name, priority: priority, lock: lock, rateLimit: rateLimit, work: work)
        return .accepted(taskID: id)
    }

    /// Whether a task currently holds the named lock (for the routes' 202 `in_progress` pre-check).
    public func isLocked(_ name: String) -> Bool { heldLocks.contains(name) }

    /// How many tasks wait for a worker (not yet started).
    public var waitingCount: Int { waiting.count }

    // MARK: Reading results

    /// The §1.4 poll answer for an id (unknown ids are pending forever).
    public nonisolated func poll(taskID: String) -> TaskPoll {
        let record = store.record(taskID: taskID)
        return TaskPoll.make(taskID: taskID, record: record, executingAsRunning: options.reportExecutingAsRunning)
    }

    /// Waits until the task is terminal, up to `timeout`; nil on timeout.
    public nonisolated func waitForResult(taskID: String, timeout: Duration) async throws -> TaskOutcome? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var delay = Duration.milliseconds(5)
        while true {
            if let record = store.record(taskID: taskID), record.state.isTerminal {
                switch record.state {
                case .succeeded: return .succeeded(record.result ?? .null)
                case .locked: return .failed("task is locked and already running.")
                default: return .failed(record.error ?? "")
                }
            }
            let remaining = clock.now.duration(to: deadline)
            if remaining <= .zero { return nil }
            try await Task.sleep(for: min(delay, remaining))
            delay = min(delay * 2, .milliseconds(100))
        }
    }

    /// Submits and waits, for endpoints that block on a task (e.g. the plugin listing, 10 s).
    public func run(
        name: String, priority: Int = TaskQueuePriority.normal, timeout: Duration, work: @escaping Work
    ) async throws -> TaskOutcome? {
        let id = try await submit(name: name, priority: priority, work: work)
        return try await waitForResult(taskID: id, timeout: timeout)
    }

    /// Returns once no task is waiting or executing.
    public func waitUntilIdle() async {
        if active == 0 && waiting.isEmpty { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    // MARK: Pruning

    /// Deletes finished tasks older than `maxAge`; returns how many.
    @discardableResult
    public nonisolated func prune(maxAge: TimeInterval) async throws -> Int {
        try await store.prune(finishedBefore: now().addingTimeInterval(-maxAge))
    }

    /// Prunes every `interval` until cancelled; run it as a background task or service.
    public nonisolated func runPruning(maxAge: TimeInterval = 7 * 24 * 3600, every interval: Duration = .seconds(3600)) async {
        while !Task.isCancelled {
            do {
                let removed = try await prune(maxAge: maxAge)
                if removed > 0 { logger.debug("Pruned \(removed) old task results.") }
            } catch {
                logger.warning("Task pruning failed: \(error)")
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    // MARK: Scheduling

    private func enqueue(_ task: QueuedTask) {
        // Highest priority first, FIFO within a priority.
        let index = waiting.firstIndex(where: { $0.priority < task.priority }) ?? waiting.endIndex
        waiting.insert(task, at: index)
        startRunnable()
    }

    private func startRunnable() {
        while let head = waiting.first {
            let bypasses = head.priority >= options.bypassPriority
            guard bypasses || poolRunning < options.maxConcurrent else { return }
            waiting.removeFirst()
            if !bypasses { poolRunning += 1 }
            active += 1
            Task.detached { [self] in
                await self.execute(head)
                await self.finished(head, usedPool: !bypasses)
            }
        }
    }

    private func finished(_ task: QueuedTask, usedPool: Bool) {
        if usedPool { poolRunning -= 1 }
        active -= 1
        startRunnable()
        if active == 0 && waiting.isEmpty {
            let waiters = idleWaiters
            idleWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    private func acquire(_ lock: String) -> Bool {
        heldLocks.insert(lock).inserted
    }

    private func release(_ lock: String) {
        heldLocks.remove(lock)
    }

    /// Runs one task: rate limit, then lock, then the work; every outcome is stored.
    private nonisolated func execute(_ task: QueuedTask) async {
        var heldLock: String?
        do {
            if let limit = task.rateLimit, try await !store.recordAttempt(against: limit, at: now()) {
                try await store.markFailed(taskID: task.id, error: limit.exceededMessage, at: now())
                return
            }
            if let lock = task.lock {
                guard await acquire(lock) else {
                    if options.lockFailureAsFailed {
                        try await store.markFailed(taskID: task.id, error: "unable to acquire lock \(lock)", at: now())
                    } else {
                        try await store.markLocked(taskID: task.id, lock: lock, at: now())
                    }
                    return
                }
                heldLock = lock
            }
            try await runHoldingLock(task)
        } catch {
            // Only the store can fail here; the row stays as it was until the next restart marks it.
            logger.error("Task \(task.name) \(task.id) could not record its state: \(error)")
        }
        if let heldLock { await release(heldLock) }
    }

    private nonisolated func runHoldingLock(_ task: QueuedTask) async throws {
        try await store.markExecuting(taskID: task.id)
        let value: JSONValue
        do {
            value = try await task.work()
        } catch {
            let message = TaskFailure.storedMessage(for: error)
            logger.debug("Task \(task.name) \(task.id) failed: \(message)")
            try await store.markFailed(taskID: task.id, error: message, at: now())
            return
        }
        try await store.markSucceeded(taskID: task.id, result: value, at: now())
    }
}
