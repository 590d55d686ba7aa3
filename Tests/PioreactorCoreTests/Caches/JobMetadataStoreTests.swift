import Foundation
import GRDB
import Testing
@testable import PioreactorCore

@Suite("JobMetadataStore")
struct JobMetadataStoreTests {
    let ownPid = Int64(ProcessInfo.processInfo.processIdentifier)

    func withStore(_ body: (JobMetadataStore) async throws -> Void) async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        try await body(try JobMetadataStore(database: try CacheDatabase(path: temp.file("run/cache/int.sqlite"))))
    }

    func insertRow(_ store: JobMetadataStore, name: String, startedAt: String, running: Bool = true,
                   experiment: String = "exp1", pid: Int64, longRunning: Bool = false) throws {
        try store.database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO pio_job_metadata (unit, experiment, job_name, job_source, started_at, is_running, leader, pid, is_long_running_job, ended_at)
                VALUES ('pio01', ?, ?, 'user', ?, ?, 'leader1', ?, ?, ?)
                """, arguments: [experiment, name, startedAt, running ? 1 : 0, pid, longRunning ? 1 : 0,
                                 (running ? nil : "2026-01-01T00:00:09.000Z") as String?])
        }
    }

    @Test func freshFileHasTheSchemaAndEmptyListings() async throws {
        try await withStore { (store: JobMetadataStore) async throws in
            #expect(try await store.allJobs().isEmpty)
            #expect(try await store.runningJobs().isEmpty)
            #expect(try await store.settings(jobName: "stirring").isEmpty)
            #expect(try await store.setting(jobName: "stirring", setting: "$state") == nil)
            let names = try await store.database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE '%pio_job%' ORDER BY name")
            }
            #expect(names == [
                "idx_pio_job_metadata_is_running", "idx_pio_job_metadata_is_running_experiment",
                "idx_pio_job_metadata_job_name", "idx_pio_job_published_settings_job_id",
                "idx_pio_job_published_settings_setting_job_id", "idx_pio_job_setting_requests_job_id",
                "pio_job_metadata", "pio_job_published_settings", "pio_job_setting_requests",
                "sqlite_autoindex_pio_job_published_settings_1",
            ])
            let columns = try await store.database.pool.read { db in try db.columns(in: "pio_job_metadata").map(\.name) }
            #expect(columns == ["job_id", "unit", "experiment", "job_name", "job_source", "started_at", "is_running",
                                "leader", "pid", "is_long_running_job", "ended_at"])
        }
    }

    /// A file from before the migrator already holds the settings-request table: it opens, and
    /// requests still go through it.
    @Test func aFileWithTheRequestTableFromBeforeTheMigratorOpens() async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        let database = try CacheDatabase(path: temp.file("run/cache/int.sqlite"))
        try await database.pool.write { db in try db.execute(sql: JobMetadataStore.settingRequestsSchema) }
        let store = try JobMetadataStore(database: database)
        _ = try JobMetadataStore(database: database)  // a second process opening the same file
        try await store.enqueueSettingRequests(jobId: 7, [("target_rpm", "400")])
        #expect(try await store.takeSettingRequests(jobId: 7).map(\.value) == ["400"])
    }

    @Test func allJobsHasSevenKeysNewestFirst() async throws {
        try await withStore { (store: JobMetadataStore) async throws in
            try insertRow(store, name: "old", startedAt: "2026-01-01T00:00:01.000Z", running: false, pid: ownPid)
            try insertRow(store, name: "new", startedAt: "2026-01-01T00:00:03.000Z", pid: ownPid)
            try insertRow(store, name: "mid", startedAt: "2026-01-01T00:00:02.000Z", pid: ownPid)
            let jobs = try await store.allJobs()
            #expect(jobs.map { $0["job_name"] } == ["new", "mid", "old"])
            #expect(jobs[0].keys == ["job_id", "job_name", "experiment", "job_source", "unit", "started_at", "ended_at"])
            #expect(jobs[0]["ended_at"] == .null)
            #expect(jobs[2]["ended_at"] == "2026-01-01T00:00:09.000Z")
            #expect(JSONValue.object(jobs[1]).encoded()
                == #"{"job_id":3,"job_name":"mid","experiment":"exp1","job_source":"user","unit":"pio01","started_at":"2026-01-01T00:00:02.000Z","ended_at":null}"#)
        }
    }

    @Test func registerAndRunningFilters() async throws {
        try await withStore { (store: JobMetadataStore) async throws in
            let stirring = try await store.register(unit: "pio01", experiment: "exp1", jobName: "stirring",
                                                    pid: ownPid, leader: "leader1")
            _ = try await store.register(unit: "pio01", experiment: "exp2", jobName: "od_reading",
                                         jobSource: "experiment_profile", pid: ownPid, leader: "leader1")
            _ = try await store.register(unit: "pio01", experiment: "$experiment", jobName: "monitor",
                                         pid: ownPid, leader: "leader1", isLongRunningJob: true)
            let all = try await store.runningJobs()
            #expect(all.count == 3)
            let row = try #require(all.first)
            #expect(row.keys == ["job_id", "unit", "experiment", "job_name", "job_source", "started_at", "is_running",
                                 "leader", "pid", "is_long_running_job", "ended_at"])
            #expect(row["job_id"] == .int(stirring))
            #expect(row["is_running"] == .int(1))
            #expect(row["is_long_running_job"] == .int(0))
            #expect(row["pid"] == .int(ownPid))
            #expect(row["ended_at"] == .null)
            let startedAt = try #require(row["started_at"]?.stringValue)
            #expect(startedAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)

            #expect(try await store.runningJobs(filter: .jobName("od_reading")).map { $0["job_source"] } == ["experiment_profile"])
            #expect(try await store.runningJobs(filter: .experiment("exp1")).map { $0["job_name"] } == ["stirring"])
            #expect(try await store.runningJobs(filter: .longRunning).map { $0["job_name"] } == ["monitor"])
            #expect(try await store.runningJobs(filter: .jobName("nope")).isEmpty)
            #expect(try await store.runningJobId(jobName: "stirring") == stirring)

            try await store.markEnded(jobId: stirring)
            #expect(try await store.runningJobs(filter: .jobName("stirring")).isEmpty)
            #expect(try await store.runningJobId(jobName: "stirring") == nil)
            let ended = try await store.allJobs().first { $0["job_id"] == .int(stirring) }
            #expect(ended?["ended_at"]?.stringValue?.hasSuffix("Z") == true)
        }
    }

    @Test func settingsKeepStoredTypesAndMerge() async throws {
        try await withStore { (store: JobMetadataStore) async throws in
            let first = try await store.register(unit: "u", experiment: "e", jobName: "stirring", pid: ownPid, leader: "l")
            try await store.publishSetting(jobId: first, setting: "$state", value: .text("ready"))
            try await store.publishSetting(jobId: first, setting: "target_rpm", value: .real(500))
            try await store.publishSetting(jobId: first, setting: "enable_dodging_od", value: .integer(0))
            try await store.publishSetting(jobId: first, setting: "measured_rpm", value: .text(#"{"measured_rpm":498.2}"#))
            try await store.publishSetting(jobId: first, setting: "blob", value: .blob(Data("hi".utf8)))
            let settings = try await store.settings(jobName: "stirring")
            #expect(JSONValue.object(settings).encoded()
                == #"{"$state":"ready","target_rpm":500.0,"enable_dodging_od":0,"measured_rpm":"{\"measured_rpm\":498.2}","blob":"hi"}"#)
            #expect(try await store.setting(jobName: "stirring", setting: "$state") == "ready")
            #expect(try await store.setting(jobName: "stirring", setting: "target_rpm") == .double(500))
            #expect(try await store.setting(jobName: "stirring", setting: "missing") == nil)
            #expect(try await store.setting(jobName: "od_reading", setting: "$state") == nil)

            // A second running job with the same name: its values win on shared keys.
            let second = try await store.register(unit: "u", experiment: "e2", jobName: "stirring", pid: ownPid, leader: "l")
            try await store.publishSetting(jobId: second, setting: "target_rpm", value: .real(600))
            try await store.publishSetting(jobId: second, setting: "extra", value: .integer(7))
            let merged = try await store.settings(jobName: "stirring")
            #expect(merged["target_rpm"] == .double(600))
            #expect(merged["extra"] == .int(7))
            #expect(merged["$state"] == "ready")

            // Ended jobs' settings are not listed.
            try await store.markEnded(jobId: second)
            #expect(try await store.settings(jobName: "stirring")["target_rpm"] == .double(500))
        }
    }

    @Test func publishUpsertsAndNilDeletes() async throws {
        try await withStore { (store: JobMetadataStore) async throws in
            let job = try await store.register(unit: "u", experiment: "e", jobName: "stirring", pid: ownPid, leader: "l")
            try await store.publishSetting(jobId: job, setting: "duty_cycle", value: .integer(30))
            // Age the timestamps so an update is visible without sleeping.
            try await store.database.pool.write { db in
                try db.execute(sql: "UPDATE pio_job_published_settings SET created_at='2000-01-01T00:00:00.000Z', updated_at='2000-01-01T00:00:00.000Z'")
            }
            try await store.publishSetting(jobId: job, setting: "duty_cycle", value: .real(33.5))
            let row = try store.database.pool.read { db in
                try Row.fetchOne(db, sql: "SELECT value, created_at, updated_at, proposed_value FROM pio_job_published_settings")
            }
            let found = try #require(row)
            #expect(found["value"] as Double == 33.5)
            #expect(found["created_at"] as String == "2000-01-01T00:00:00.000Z")
            #expect(found["updated_at"] as String != "2000-01-01T00:00:00.000Z")
            #expect((found["proposed_value"] as DatabaseValue).isNull)
            try await store.publishSetting(jobId: job, setting: "duty_cycle", value: nil)
            #expect(try await store.settings(jobName: "stirring").isEmpty)
        }
    }

    @Test func publishingForAnUnknownJobFailsOnTheForeignKey() async throws {
        try await withStore { (store: JobMetadataStore) async throws in
            await #expect(throws: DatabaseError.self) {
                try await store.publishSetting(jobId: 999, setting: "$state", value: .text("ready"))
            }
        }
    }

    @Test func markEndedKeepsPersistSettingsOnly() async throws {
        try await withStore { (store: JobMetadataStore) async throws in
            let job = try await store.register(unit: "u", experiment: "e", jobName: "dosing_automation", pid: ownPid, leader: "l")
            try await store.publishSetting(jobId: job, setting: "$state", value: .text("ready"))
            try await store.publishSetting(jobId: job, setting: "media_throughput", value: .real(1.5))
            try await store.publishSetting(jobId: job, setting: "duration", value: .real(20))
            try await store.publishSetting(jobId: job, setting: "$state", value: .text("disconnected"))
            try await store.markEnded(jobId: job, removingSettings: ["duration"])
            let remaining = try await store.database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT setting || '=' || value FROM pio_job_published_settings ORDER BY setting")
            }
            #expect(remaining == ["$state=disconnected", "media_throughput=1.5"])
        }
    }

    @Test func deadPidsAreReconciledBeforeRunningReads() async throws {
        try await withStore { (store: JobMetadataStore) async throws in
            let sleeper = Process()
            sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
            sleeper.arguments = ["30"]
            try sleeper.run()
            let deadJob = try await store.register(unit: "u", experiment: "e", jobName: "stirring",
                                                   pid: Int64(sleeper.processIdentifier), leader: "l")
            let liveJob = try await store.register(unit: "u", experiment: "e", jobName: "monitor", pid: ownPid,
                                                   leader: "l", isLongRunningJob: true)
            try await store.publishSetting(jobId: deadJob, setting: "$state", value: .text("ready"))
            #expect(try await store.runningJobs().count == 2)
            #expect(try await store.setting(jobName: "stirring", setting: "$state") == "ready")

            // SIGKILL: the test runner's blocked-signal mask may be inherited, so SIGTERM can hang.
            kill(sleeper.processIdentifier, SIGKILL)
            sleeper.waitUntilExit()

            #expect(try await store.setting(jobName: "stirring", setting: "$state") == nil)
            #expect(try await store.runningJobs().map { $0["job_id"] } == [.int(liveJob)])
            let ended = try await store.allJobs().first { $0["job_id"] == .int(deadJob) }
            #expect(ended?["ended_at"]?.isNull == false)
            #expect(try await store.reconcileDeadJobs().isEmpty)
        }
    }

    @Test func stopSelections() async throws {
        try await withStore { (store: JobMetadataStore) async throws in
            for (name, long) in [("stirring", false), ("media_pump", false), ("dosing_automation", false),
                                 ("monitor", true), ("led_intensity", false)] {
                try await store.register(unit: "u", experiment: "exp1", jobName: name, pid: ownPid, leader: "l",
                                         isLongRunningJob: long)
            }
            let all = try await store.jobsToStopAll().map(\.jobName)
            #expect(all.first == "media_pump")
            #expect(Set(all) == ["stirring", "media_pump", "dosing_automation", "led_intensity"])
            #expect(try await store.jobsToStop(experiment: "exp1").count == 5)
            #expect(try await store.jobsToStop(jobName: "monitor").map(\.pid) == [ownPid])
            #expect(try await store.jobsToStop(jobName: "stirring", experiment: "other").isEmpty)
            #expect(try await store.jobsToStop().isEmpty)
        }
    }

    @Test func concurrentRegistrationsAndReads() async throws {
        try await withStore { (store: JobMetadataStore) async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let job = try await store.register(unit: "u", experiment: "e", jobName: "job\(index % 5)",
                                                           pid: ownPid, leader: "l")
                        try await store.publishSetting(jobId: job, setting: "$state", value: .text("ready"))
                        _ = try await store.runningJobs(filter: .jobName("job0"))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.allJobs().count == 100)
            #expect(try await store.settings(jobName: "job3")["$state"] == "ready")
        }
    }
}
