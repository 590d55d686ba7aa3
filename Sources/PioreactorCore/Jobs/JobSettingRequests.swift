import Foundation
import GRDB

/// A pending `…/<setting>/set` for a running job, delivered without a broker.
public struct JobSettingRequest: Sendable, Equatable {
    public let requestId: Int64
    public let jobId: Int64
    public let setting: String
    /// The new value as text, cast by the job per the setting's datatype (jobs.md §4).
    public let value: String
}

/// The local settings channel: table `pio_job_setting_requests` of the intermittent file,
/// written by `requestSettingChange` and drained by the job's ~250 ms poll. MQTT may mirror it later.
extension JobMetadataStore {
    /// The tables this project owns in the intermittent file, created once per file. (The
    /// reference-shaped job tables are created as the reference creates them, see `init`.)
    /// `IF NOT EXISTS`: files written before the migrator have the table already.
    static var ownTablesMigrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("pio_job_setting_requests") { db in try db.execute(sql: settingRequestsSchema) }
        return migrator
    }

    static let settingRequestsSchema = """
        CREATE TABLE IF NOT EXISTS pio_job_setting_requests (
            request_id   INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id       INTEGER NOT NULL,
            setting      TEXT NOT NULL,
            value        TEXT,
            requested_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idx_pio_job_setting_requests_job_id ON pio_job_setting_requests(job_id);
        """

    /// Asks the running job `jobName` to change settings (`{"target_rpm": 400}`); returns its job_id.
    /// 404 when no such job runs; 400 for unknown or read-only settings (checked before anything is queued).
    @discardableResult
    public func requestSettingChange(
        jobName: String, settings: JSONObject, catalog: JobCatalog = .builtIn
    ) async throws -> Int64 {
        try await reconcileDeadJobs()
        guard let jobId = try await runningJobId(jobName: jobName) else {
            throw UnitError.notFound(
                "Job not running.", cause: "No running job named `\(jobName)` on this unit.",
                remediation: "Start the job first with POST /unit_api/jobs/run/job_name/\(jobName).")
        }
        let specs = catalog.jobs.filter { $0.jobName == jobName }.flatMap(\.allPublishedSettings)
        var requests: [(String, String?)] = []
        for (name, value) in settings {
            let setting = name == "state" ? "$state" : name
            guard let spec = specs.first(where: { $0.name == setting }) else {
                throw UnitError.badRequest(
                    "Unknown setting `\(name)` for \(jobName).", cause: "\(jobName) does not publish `\(name)`.",
                    remediation: "Use one of the job's settable settings from GET /unit_api/capabilities.")
            }
            guard spec.settable else {
                throw UnitError.badRequest("Unable to set \(name) in \(jobName). \(name) is read-only.")
            }
            guard Self.fits(value, datatype: spec.datatype, setting: setting) else {
                throw UnitError.badRequest(
                    "Invalid value for setting `\(name)` of \(jobName).",
                    cause: "Expected a \(spec.datatype) value, got \(value.encoded()).",
                    remediation: "Send a value of the setting's datatype (see GET /unit_api/capabilities).")
            }
            requests.append((setting, Self.settingText(value)))
        }
        try await enqueueSettingRequests(jobId: jobId, requests)
        return jobId
    }

    /// Whether a requested value can be read as the setting's datatype (the job re-checks
    /// ranges when it applies it).
    static func fits(_ value: JSONValue, datatype: String, setting: String) -> Bool {
        if setting == "$state" {
            return ["ready", "sleeping", "disconnected"].contains(value.stringValue ?? "")
        }
        switch (datatype, value) {
        case ("float", .int), ("float", .double), ("integer", .int): return true
        case ("float", .string(let text)): return PythonFloat.parse(text) != nil
        case ("integer", .double(let number)): return number.rounded() == number
        case ("integer", .string(let text)): return Int(text.trimmingCharacters(in: .whitespaces)) != nil
        case ("boolean", .bool): return true
        case ("boolean", .int(let number)): return number == 0 || number == 1
        case ("boolean", .string(let text)): return ["1", "0", "true", "false", "yes", "no", "on", "off"].contains(text.lowercased())
        case ("float", _), ("integer", _), ("boolean", _): return false
        default: return true  // string, json and struct settings take any value
        }
    }

    /// Queues raw `(setting, text)` requests for a job id (no validation).
    public func enqueueSettingRequests(jobId: Int64, _ requests: [(setting: String, value: String?)]) async throws {
        try await database.write { db in
            for request in requests {
                try db.execute(
                    sql: """
                        INSERT INTO pio_job_setting_requests (job_id, setting, value, requested_at)
                        VALUES (?, ?, ?, \(JobMetadataSchema.now))
                        """,
                    arguments: [jobId, request.setting, request.value])
            }
        }
    }

    /// Removes and returns the job's pending requests, oldest first.
    public func takeSettingRequests(jobId: Int64) async throws -> [JobSettingRequest] {
        try await database.write { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT request_id, setting, value FROM pio_job_setting_requests WHERE job_id = ? ORDER BY request_id",
                arguments: [jobId])
            try db.execute(sql: "DELETE FROM pio_job_setting_requests WHERE job_id = ?", arguments: [jobId])
            return rows.map {
                JobSettingRequest(requestId: $0[0], jobId: jobId, setting: $0[1], value: ($0[2] as String?) ?? "")
            }
        }
    }

    /// The `/set` payload text of a JSON value: strings as-is, numbers as decimal text, JSON otherwise.
    static func settingText(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return JSONValue.pythonFloatRepr(number)
        case .array, .object: return value.encoded()
        }
    }
}
