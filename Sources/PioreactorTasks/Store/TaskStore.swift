import Foundation
import GRDB
import PioreactorCore
import Synchronization

/// Durable task rows and rate-limit counters in one SQLite file (WAL), e.g.
/// `$RUN_PIOREACTOR/cache/tasks.sqlite`. Safe to share between concurrent tasks.
///
/// This process is the file's only writer, so every row is also kept in memory: polls (the
/// hot path, clients poll every task) never touch SQLite. Each write updates memory only after
/// its transaction committed, so memory never shows a state the file does not hold.
public final class TaskStore: Sendable {
    /// The error stored for tasks a previous process left queued or executing.
    public static let interruptedMessage = "Task was interrupted: the unit API restarted while it was running."

    public let fileURL: URL
    let pool: DatabasePool
    private let rows: Mutex<[String: TaskRecord]>

    /// Opens (creating if needed) the store, and fails every task a previous process left unfinished:
    /// their closures died with that process.
    public init(fileURL: URL, busyTimeout: TimeInterval = 5, now: Date = Date()) throws {
        self.fileURL = fileURL
        try FileManager.default.createDirectory(
            at: fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "tasks"
        pool = try DatabasePool(path: fileURL.path, configuration: configuration)
        try Self.migrator.migrate(pool)
        let finishedAt = ISOTime.milliseconds(now)
        try pool.write { db in
            try db.execute(
                sql: """
                    UPDATE tasks SET state = 'failed', error = ?, finished_at = ?
                    WHERE state IN ('queued', 'executing')
                    """,
                arguments: [Self.interruptedMessage, finishedAt])
        }
        let stored = try pool.read { db in try TaskRecord.fetchAll(db, sql: "SELECT * FROM tasks") }
        rows = Mutex(Dictionary(stored.map { ($0.taskID, $0) }, uniquingKeysWith: { _, last in last }))
    }

    /// Closes the database; later calls throw.
    public func close() throws {
        try pool.close()
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tasks (
                        task_id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        state TEXT NOT NULL,
                        result TEXT,
                        error TEXT,
                        created_at TEXT NOT NULL,
                        finished_at TEXT
                    );
                    CREATE INDEX tasks_finished_at ON tasks (finished_at);
                    CREATE TABLE rate_limits (
                        key TEXT PRIMARY KEY NOT NULL,
                        window INTEGER NOT NULL,
                        count INTEGER NOT NULL
                    );
                    """)
        }
        return migrator
    }

    // MARK: Task rows

    /// Persists a new `queued` row.
    public func insertQueued(taskID: String, name: String, at date: Date) async throws {
        let createdAt = ISOTime.milliseconds(date)
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO tasks (task_id, name, state, created_at) VALUES (?, ?, 'queued', ?)",
                arguments: [taskID, name, createdAt])
        }
        let record = TaskRecord(taskID: taskID, name: name, state: .queued, createdAt: createdAt)
        rows.withLock { $0[taskID] = record }
    }

    /// Marks a row `executing`.
    public func markExecuting(taskID: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE tasks SET state = 'executing' WHERE task_id = ?", arguments: [taskID])
        }
        rows.withLock { $0[taskID] = $0[taskID]?.updating(state: .executing) }
    }

    /// Stores a returned value.
    public func markSucceeded(taskID: String, result: JSONValue, at date: Date) async throws {
        try await finish(taskID: taskID, state: .succeeded, result: result, error: nil, at: date)
    }

    /// Stores a failure message, shown verbatim as the poll's `error`.
    public func markFailed(taskID: String, error: String, at date: Date) async throws {
        try await finish(taskID: taskID, state: .failed, result: nil, error: error, at: date)
    }

    /// Reference mode: stores a lock failure that polls as `running` forever.
    public func markLocked(taskID: String, lock: String, at date: Date) async throws {
        try await finish(taskID: taskID, state: .locked, result: nil, error: "TaskLockedException('\(lock)')", at: date)
    }

    private func finish(taskID: String, state: TaskState, result: JSONValue?, error: String?, at date: Date) async throws {
        let finishedAt = ISOTime.milliseconds(date)
        let resultText = result?.encoded()
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE tasks SET state = ?, result = ?, error = ?, finished_at = ? WHERE task_id = ?",
                arguments: [state.rawValue, resultText, error, finishedAt, taskID])
        }
        rows.withLock {
            $0[taskID] = $0[taskID]?.updating(state: state, result: result, error: error, finishedAt: finishedAt)
        }
    }

    /// The row for an id, or nil when unknown (or pruned).
    public func record(taskID: String) -> TaskRecord? {
        rows.withLock { $0[taskID] }
    }

    /// Deletes finished rows older than `date`; returns how many went.
    @discardableResult
    public func prune(finishedBefore date: Date) async throws -> Int {
        let cutoff = ISOTime.milliseconds(date)
        let removed = try await pool.write { db in
            try String.fetchAll(
                db,
                sql: """
                    DELETE FROM tasks
                    WHERE state NOT IN ('queued', 'executing') AND finished_at IS NOT NULL AND finished_at < ?
                    RETURNING task_id
                    """,
                arguments: [cutoff])
        }
        rows.withLock { for id in removed { $0[id] = nil } }
        return removed.count
    }

    // MARK: Rate limits

    /// Counts one attempt against `limit` (rejected attempts count too) and says whether it may run.
    public func recordAttempt(against limit: RateLimit, at date: Date) async throws -> Bool {
        let window = limit.window(at: date)
        return try await pool.write { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT window, count FROM rate_limits WHERE key = ?", arguments: [limit.key])
            var count: Int64 = 0
            if let row, (row["window"] as Int64) == window { count = row["count"] }
            count += 1
            try db.execute(
                sql: """
                    INSERT INTO rate_limits (key, window, count) VALUES (?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET window = excluded.window, count = excluded.count
                    """,
                arguments: [limit.key, window, count])
            return count <= Int64(limit.limit)
        }
    }
}
