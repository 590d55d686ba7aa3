import Foundation
import PioreactorCore
import Testing
@testable import PioreactorJobs

/// A job with one settable float, one read-only setting and one persisted setting.
actor ProbeJob: BackgroundJob {
    nonisolated let jobName: String
    nonisolated let publishedSettings = [
        PublishedSettingSpec("level", datatype: "float", settable: true),
        PublishedSettingSpec("reading", datatype: "json"),
        PublishedSettingSpec("total", datatype: "float", persist: true),
    ]
    let failStart: Bool
    private(set) var disconnected = false
    private(set) var slept = false

    init(name: String = "probe_job", failStart: Bool = false) {
        jobName = name
        self.failStart = failStart
    }

    func start(_ runtime: JobRuntime) async throws {
        if failStart { throw JobFailure("boom") }
        await runtime.publish("level", .double(1))
        await runtime.publish("reading", .json(["a": 1, "b": true]))
        await runtime.publish("total", .double(2.5))
        await runtime.publish("flag", .bool(true))
    }

    func run(_ runtime: JobRuntime) async throws {
        while !Task.isCancelled { try await Task.sleep(nanoseconds: 20_000_000) }
    }

    func set(_ setting: String, text: String, runtime: JobRuntime) async throws {
        await runtime.update(setting, .double(try SettingText.double(text, setting: setting)))
    }

    func sleep(_ runtime: JobRuntime) async { slept = true }
    func disconnect(_ runtime: JobRuntime) async { disconnected = true }
}

@Suite(.serialized) struct JobRuntimeTests {
    func settings(_ store: JobMetadataStore, _ jobName: String) async throws -> JSONObject {
        try await store.settings(jobName: jobName)
    }

    @Test func registersPublishesAndCleansUp() async throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let context = try await unit.context()
        let job = ProbeJob()
        let runtime = JobRuntime(context: context, job: job)
        let running = Task { await runtime.run(trapSignals: false) }
        let store = try unit.store()
        #expect(try await eventually { try await settings(store, "probe_job")["$state"] == .string("ready") })
        let row = try #require(try await store.runningJobs(filter: .jobName("probe_job")).first)
        #expect(row["unit"] == .string("unit1"))
        #expect(row["experiment"] == .string("exp1"))
        #expect(row["job_source"] == .string("user"))
        #expect(row["leader"] == .string("pioleader"))
        #expect(row["pid"] == .int(Int64(getpid())))
        #expect(row["is_long_running_job"] == .int(0))
        let published = try await settings(store, "probe_job")
        #expect(published["level"] == .double(1))
        #expect(published["reading"] == .string(#"{"a":1,"b":true}"#))
        #expect(published["flag"] == .int(1))

        await runtime.requestStop()
        #expect(await running.value == 0)
        #expect(await job.disconnected)
        #expect(try await store.runningJobs(filter: .jobName("probe_job")).isEmpty)
        let jobId = await runtime.jobId
        let all = try await store.allJobs()
        #expect(all.first { $0["job_id"] == .int(jobId) }?["ended_at"]?.stringValue != nil)
        // Non-persist settings are gone; `$state` (persist) and `total` stay.
        let remaining = try await rawSettings(context, jobId)
        #expect(remaining["$state"] == "disconnected")
        #expect(remaining["total"] == "2.5")
        #expect(remaining["level"] == nil && remaining["reading"] == nil)
    }

    @Test func refusesASecondInstanceOfTheSameJob() async throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let context = try await unit.context()
        let first = JobRuntime(context: context, job: ProbeJob())
        let running = Task { await first.run(trapSignals: false) }
        let store = try unit.store()
        #expect(try await eventually { try await store.runningJobId(jobName: "probe_job") != nil })
        let second = JobRuntime(context: context, job: ProbeJob())
        #expect(await second.run(trapSignals: false) == 1)
        #expect(try await store.runningJobs(filter: .jobName("probe_job")).count == 1)
        await first.requestStop()
        #expect(await running.value == 0)
    }

    @Test func aFailingStartDisconnectsAndExitsNonZero() async throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let context = try await unit.context()
        let runtime = JobRuntime(context: context, job: ProbeJob(failStart: true))
        #expect(await runtime.run(trapSignals: false) == 1)
        let store = try unit.store()
        #expect(try await store.runningJobs().isEmpty)
        #expect(try await rawSettings(context, await runtime.jobId)["$state"] == "disconnected")
    }

    @Test func settingsChannelAppliesValidatesAndHandlesState() async throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let context = try await unit.context()
        let job = ProbeJob(name: "stirring")
        let runtime = JobRuntime(context: context, job: job)
        let running = Task { await runtime.run(trapSignals: false) }
        let store = try unit.store()
        #expect(try await eventually { try await settings(store, "stirring")["$state"] == .string("ready") })

        // The catalog decides what is settable for `stirring`.
        await #expect(throws: UnitError.self) { try await store.requestSettingChange(jobName: "stirring", settings: JSONObject([("measured_rpm", 1)])) }
        await #expect(throws: UnitError.self) { try await store.requestSettingChange(jobName: "stirring", settings: JSONObject([("nope", 1)])) }
        do {
            try await store.requestSettingChange(jobName: "od_reading", settings: JSONObject([("interval", 1)]))
            Issue.record("expected 404")
        } catch let error as UnitError {
            #expect(error.status == 404)
        }
        do {
            try await store.requestSettingChange(jobName: "stirring", settings: JSONObject([("measured_rpm", 1)]))
        } catch let error as UnitError {
            #expect(error.status == 400)
            #expect(error.error == "Unable to set measured_rpm in stirring. measured_rpm is read-only.")
        }

        // A directly queued request for ProbeJob's own settable setting is applied by the poll.
        let jobId = await runtime.jobId
        try await store.enqueueSettingRequests(jobId: jobId, [("level", "7.5")])
        #expect(try await eventually(timeout: 3) { try await settings(store, "stirring")["level"] == .double(7.5) })

        try await store.requestSettingChange(jobName: "stirring", settings: JSONObject([("$state", "sleeping")]))
        #expect(try await eventually(timeout: 3) { try await settings(store, "stirring")["$state"] == .string("sleeping") })
        #expect(await job.slept)
        try await store.requestSettingChange(jobName: "stirring", settings: JSONObject([("state", "disconnected")]))
        #expect(await running.value == 0)
        #expect(try await store.runningJobs().isEmpty)
    }

    @Test func experimentRules() throws {
        #expect(try JobEnvironment.resolve(["EXPERIMENT": "e"], longRunning: false).experiment == "e")
        #expect(try JobEnvironment.resolve(["TESTING": "1"], longRunning: false).experiment == "_testing_experiment")
        #expect(try JobEnvironment.resolve([:], longRunning: true).experiment == "$experiment")
        #expect(throws: JobFailure.self) { try JobEnvironment.resolve([:], longRunning: false) }
        #expect(try JobEnvironment.resolve(["EXPERIMENT": "e", "JOB_SOURCE": "experiment_profile"], longRunning: false).jobSource == "experiment_profile")
    }

    /// Settings rows of one job as text, including ended jobs.
    func rawSettings(_ context: JobContext, _ jobId: Int64) async throws -> [String: String] {
        let path = context.intermittent.path.path
        let output = try shell("/usr/bin/sqlite3", [path, "select setting, value from pio_job_published_settings where job_id=\(jobId)"])
        var result: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
            if parts.count == 2 { result[parts[0]] = parts[1] }
        }
        return result
    }
}

func shell(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
