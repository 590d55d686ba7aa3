import Foundation
import GRDB

/// The job tables `pio_job_metadata` and `pio_job_published_settings` of the intermittent
/// SQLite file (storage.md §4): registration and settings for jobs, listings for the API.
public struct JobMetadataStore: Sendable {
    public let database: CacheDatabase

    /// Creates both tables and all indexes if missing, so listings work before any job ran, and
    /// this project's own tables through their migrator.
    public init(database: CacheDatabase) throws {
        self.database = database
        try database.pool.write { db in try db.execute(sql: JobMetadataSchema.createStatements) }
        try Self.ownTablesMigrator.migrate(database.pool)
    }

    // MARK: API reads

    /// `GET /jobs`: every row as the 7 keys job_id, job_name, experiment, job_source, unit,
    /// started_at, ended_at; newest `started_at` first.
    public func allJobs() async throws -> [JSONObject] {
        try await database.rows("""
            SELECT job_id, job_name, experiment, job_source, unit, started_at, ended_at
            FROM pio_job_metadata
            ORDER BY started_at DESC
            """).objects
    }

    /// `GET /jobs/running…`: full rows (all columns in table order) of running jobs, after
    /// marking jobs whose process is gone as ended.
    public func runningJobs(filter: RunningJobsFilter = .all) async throws -> [JSONObject] {
        // Same SQL text as the reference, so SQLite returns rows in the same order.
        let (sql, arguments): (String, [CacheValue]) = switch filter {
        case .all: ("SELECT * FROM pio_job_metadata where is_running=1", [])
        case .jobName(let name): ("SELECT * FROM pio_job_metadata where is_running=1 and job_name=?", [.text(name)])
        case .experiment(let experiment):
            ("SELECT * FROM pio_job_metadata where is_running=1 and experiment = (?)", [.text(experiment)])
        case .longRunning: ("SELECT * FROM pio_job_metadata where is_running=1 and is_long_running_job=1", [])
        }
        return try await readReconciled(sql, arguments).objects
    }

    /// `GET /jobs/settings/job_name/{job_name}`: published settings of running jobs with that
    /// name (`$state` included; the later row wins on a shared name). Empty means 404.
    public func settings(jobName: String) async throws -> JSONObject {
        let found = try await readReconciled("""
            SELECT s.setting, s.value FROM
                pio_job_published_settings s
                JOIN pio_job_metadata m
                    on m.job_id = s.job_id
                WHERE m.is_running=1 AND m.job_name=(?);
            """, [.text(jobName)])
        var settings = JSONObject()
        for row in found.rows {
            guard case .text(let setting) = row[0] else { continue }
            settings[setting] = row[1].asJSON
        }
        return settings
    }

    /// `GET …/setting/{setting}`: the value, `.null` for a stored NULL, nil when not found (404).
    public func setting(jobName: String, setting: String) async throws -> JSONValue? {
        try await readReconciled("""
            SELECT s.setting, s.value FROM
                pio_job_published_settings s
                JOIN pio_job_metadata m
                    on m.job_id = s.job_id
                WHERE m.is_running=1 AND m.job_name=(?) AND setting = (?)
            """, [.text(jobName), .text(setting)]).rows.first.map { $0[1].asJSON }
    }

    /// The newest running job id with this name, nil when none runs.
    public func runningJobId(jobName: String) async throws -> Int64? {
        try await database.read { db in
            try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT job_id FROM pio_job_metadata
                WHERE job_name = ? AND is_running = 1
                ORDER BY started_at DESC LIMIT 1
                """), arguments: [jobName])
        }
    }

    /// Running jobs for `/jobs/stop`: every non-nil filter must match (AND); long-running jobs
    /// included. Pumps/PWM/heating first, like the reference. No filter selects nothing.
    public func jobsToStop(
        jobName: String? = nil, experiment: String? = nil, jobSource: String? = nil, jobId: Int64? = nil
    ) async throws -> [StoppableJob] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let jobName { clauses.append("job_name = ?"); arguments += [jobName] }
        if let experiment { clauses.append("experiment = ?"); arguments += [experiment] }
        if let jobSource { clauses.append("job_source = ?"); arguments += [jobSource] }
        if let jobId { clauses.append("job_id = ?"); arguments += [jobId] }
        guard !clauses.isEmpty else { return [] }
        let sql = """
            SELECT job_id, job_name, pid,
                CASE
                    WHEN job_name LIKE '%pump%' THEN 1
                    WHEN job_name LIKE '%temperature%' THEN 1
                    WHEN job_name LIKE '%heat%' THEN 1
                    WHEN job_name LIKE '%pwm%' THEN 1
                    WHEN job_name LIKE '%_automation' THEN 2
                    WHEN job_name = 'led_intensity' THEN 100
                END as priority
            FROM pio_job_metadata
            WHERE is_running=1 AND \(clauses.joined(separator: " AND "))
            ORDER BY priority
            """
        return try await fetchStoppable(sql: sql, arguments: arguments)
    }

    /// Running jobs for `/jobs/stop/all`: all except long-running ones, pumps/PWM first.
    public func jobsToStopAll() async throws -> [StoppableJob] {
        try await fetchStoppable(sql: """
            SELECT job_id, job_name, pid,
                CASE
                    WHEN job_name LIKE '%pump%' THEN 1
                    WHEN job_name LIKE '%pwm%' THEN 1
                    WHEN job_name LIKE '%temperature%' THEN 2
                    WHEN job_name LIKE '%heat%' THEN 2
                    WHEN job_name LIKE '%_automation' THEN 3
                    ELSE 5
                END as priority
            FROM pio_job_metadata WHERE is_running=1 AND is_long_running_job=0
            ORDER BY priority
            """, arguments: [])
    }

    // MARK: job writes

    /// Registers a running job (`is_running=1`, `started_at` now) and returns its job_id.
    @discardableResult
    public func register(
        unit: String, experiment: String, jobName: String, jobSource: String = "user",
        pid: Int64, leader: String, isLongRunningJob: Bool = false
    ) async throws -> Int64 {
        try await database.write { db in
            try db.execute(sql: """
                INSERT INTO pio_job_metadata (started_at, is_running, job_source, experiment, unit, job_name, \
                leader, pid, is_long_running_job, ended_at) \
                VALUES (\(JobMetadataSchema.now), 1, ?, ?, ?, ?, ?, ?, ?, NULL)
                """, arguments: [jobSource, experiment, unit, jobName, leader, pid, isLongRunningJob ? 1 : 0])
            return db.lastInsertedRowID
        }
    }

    /// Upserts a published setting on (setting, job_id); nil or `.null` deletes the row.
    /// An insert sets created_at and updated_at, an update only updated_at.
    public func publishSetting(jobId: Int64, setting: String, value: CacheValue?) async throws {
        try await database.write { db in
            guard let value, value != .null else {
                try db.execute(
                    sql: "DELETE FROM pio_job_published_settings WHERE setting = ? and job_id = ?",
                    arguments: [setting, jobId])
                return
            }
            try db.execute(sql: """
                INSERT INTO pio_job_published_settings (setting, value, job_id, created_at, updated_at)
                VALUES (:setting, :value, :job_id, \(JobMetadataSchema.now), \(JobMetadataSchema.now))
                    ON CONFLICT (setting, job_id) DO
                    UPDATE SET value = :value, updated_at = \(JobMetadataSchema.now)
                """, arguments: ["setting": setting, "value": value.databaseValue, "job_id": jobId])
        }
    }

    /// Job exit: deletes the named (non-persist) settings, then sets is_running=0 and ended_at.
    public func markEnded(jobId: Int64, removingSettings settings: [String] = []) async throws {
        try await database.write { db in
            for setting in settings {
                try db.execute(
                    sql: "DELETE FROM pio_job_published_settings WHERE setting = ? and job_id = ?",
                    arguments: [setting, jobId])
            }
            try Self.setNotRunning(db, jobId: jobId, onlyIfRunning: false)
        }
    }

    /// Whether a running row has this pid (the reference's `does_pid_exist`: is the caller part
    /// of a registered job?).
    public func hasRunningJob(pid: Int64) async throws -> Bool {
        try await database.read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM pio_job_metadata WHERE pid=? and is_running=1"), arguments: [pid]) ?? false
        }
    }

    /// Marks running rows whose pid no longer exists as ended; returns their job ids.
    /// `led_intensity` rows are skipped: their pid is a finished CLI process by design, and the row
    /// means "LEDs are on" until a stop clears it (jobs.md §1).
    @discardableResult
    public func reconcileDeadJobs() async throws -> [Int64] {
        let dead = try await deadRunningJobIds()
        try await markNotRunning(dead)
        return dead
    }

    /// `sql` on a reconciled table: jobs whose process is gone are marked as ended first (a
    /// write only when one died).
    private func readReconciled(_ sql: String, _ arguments: [CacheValue]) async throws -> DirectRows {
        try await reconcileDeadJobs()
        return try await database.rows(sql, arguments)
    }

    /// Running rows (but led_intensity's, see above) whose process is gone.
    private func deadRunningJobIds() async throws -> [Int64] {
        try await database.rows("SELECT job_id, pid FROM pio_job_metadata WHERE is_running=1 AND job_name != 'led_intensity'")
            .rows.compactMap { row in
                // A row without an integer pid (only a foreign writer makes one) is left alone.
                guard case .integer(let jobId) = row[0], case .integer(let pid) = row[1] else { return nil }
                return ProcessLiveness.isAlive(pid) ? nil : jobId
            }
    }

    private func markNotRunning(_ jobIds: [Int64]) async throws {
        guard !jobIds.isEmpty else { return }
        try await database.write { db in
            for jobId in jobIds { try Self.setNotRunning(db, jobId: jobId, onlyIfRunning: true) }
        }
    }

    // MARK: helpers

    /// `onlyIfRunning` keeps reconciliation from overwriting the ended_at a job wrote itself.
    private static func setNotRunning(_ db: Database, jobId: Int64, onlyIfRunning: Bool) throws {
        let guardClause = onlyIfRunning ? " AND is_running=1" : ""
        try db.execute(
            sql: "UPDATE pio_job_metadata SET is_running=0, ended_at=\(JobMetadataSchema.now) WHERE job_id=?\(guardClause)",
            arguments: [jobId])
    }

    private func fetchStoppable(sql: String, arguments: StatementArguments) async throws -> [StoppableJob] {
        try await database.read { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map {
                StoppableJob(jobId: $0["job_id"], jobName: $0["job_name"], pid: $0["pid"])
            }
        }
    }
}
