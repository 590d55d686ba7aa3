import Foundation
import Testing
@testable import PioreactorCore

/// Files written by the Python reference must read correctly here, and the reverse.
@Suite("ReferenceInterop", .enabled(if: PythonReference.isAvailable, "needs the Python reference venv"))
struct ReferenceInteropTests {
    let ownPid = Int64(ProcessInfo.processInfo.processIdentifier)

    @Test func swiftReadsWhatPythonWrote() async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        let python = try PythonReference(directory: temp.url)
        _ = try python.run("""
            from pioreactor.utils import local_persistent_storage, local_intermittent_storage
            from pioreactor.utils.job_manager import JobManager
            with local_persistent_storage("bioreactor") as c:
                c[("exp1", "current_volume_ml")] = 12.5
                c[("expé ℃", "alt_media_fraction")] = 0.25
            with local_persistent_storage("active_calibrations") as c:
                c["media_pump"] = "pump_cal_1"
            with local_persistent_storage("misc") as c:
                c["int"] = 3
                c["bool"] = True
                c["bytes"] = b"4.5"
                c["text"] = "on"
                c["json"] = '{"2": 0.0812}'
                assert c.set_if_absent("once", 1.0)
            with local_intermittent_storage("pwm_dc") as c:
                c[17] = 33.3
            with local_intermittent_storage("debounce") as c:
                c["stirring"] = 1000.0
            with JobManager() as jm:
                a = jm.register_and_set_running("pio01", "exp1", "stirring", "user", \(ownPid), "leader1", False)
                jm.upsert_setting(a, "$state", "ready")
                jm.upsert_setting(a, "target_rpm", 500.0)
                jm.upsert_setting(a, "enable_dodging_od", False)
                jm.upsert_setting(a, "duty_cycle", 33)
                jm.upsert_setting(a, "measured_rpm", {"measured_rpm": 498.2, "timestamp": "2025-01-01T00:00:00Z"})
                b = jm.register_and_set_running("pio01", "$experiment", "monitor", "user", \(ownPid), "leader1", True)
                c = jm.register_and_set_running("pio01", "exp1", "od_reading", "experiment_profile", \(ownPid), "leader1", False)
                jm.set_not_running(c)
            """)

        let persistent = try CacheDatabase(path: python.persistentCache)
        let intermittent = try CacheDatabase(path: python.intermittentCache)

        let bioreactor = persistent.cache("bioreactor")
        #expect(try await bioreactor.get(.tuple(["exp1", "current_volume_ml"])) == .real(12.5))
        #expect(try await bioreactor.getFloat(.tuple(["expé ℃", "alt_media_fraction"])) == 0.25)
        #expect(Set(try await bioreactor.keys()) == [.tuple(["exp1", "current_volume_ml"]), .tuple(["expé ℃", "alt_media_fraction"])])
        let values = BioreactorValues(database: persistent, reactorCapacityMl: 20)
        #expect(try await values.get(experiment: "exp1").encoded()
            == #"{"values":{"current_volume_ml":12.5,"efflux_tube_volume_ml":14.0,"alt_media_fraction":0.0}}"#)

        #expect(try await ActiveDeviceNames.calibrations(in: persistent).name(for: "media_pump") == "pump_cal_1")

        let misc = persistent.cache("misc")
        #expect(try await misc.get(.text("int")) == .integer(3))
        #expect(try await misc.getBool(.text("bool")) == true)
        #expect(try await misc.get(.text("bytes")) == .blob(Data("4.5".utf8)))
        #expect(try await misc.getFloat(.text("bytes")) == 4.5)
        #expect(try await misc.getBool(.text("text")) == true)
        #expect(try await misc.getJSON(.text("json")) == ["2": 0.0812])
        #expect(try await misc.setIfAbsent(.text("once"), .real(2)) == false)

        #expect(try await intermittent.cache("pwm_dc").getFloat(.int(17)) == 33.3)
        let debounce = DebounceCache(database: intermittent)
        #expect(try await debounce.isRateLimited(jobName: "stirring", now: 1000.5) == true)
        #expect(try await debounce.isRateLimited(jobName: "stirring", now: 1001.5) == false)

        let jobs = try JobMetadataStore(database: intermittent)
        let history = try await jobs.allJobs()
        #expect(history.count == 3)
        #expect(history.allSatisfy { $0.keys.count == 7 })
        #expect(try await jobs.runningJobs().map { $0["job_name"] } == ["stirring", "monitor"])
        #expect(try await jobs.runningJobs(filter: .longRunning).map { $0["is_long_running_job"] } == [.int(1)])
        let settings = try await jobs.settings(jobName: "stirring")
        #expect(JSONValue.object(settings).encoded()
            == #"{"$state":"ready","target_rpm":500.0,"enable_dodging_od":0,"duty_cycle":33,"measured_rpm":"{\"measured_rpm\":498.2,\"timestamp\":\"2025-01-01T00:00:00Z\"}"}"#)
        #expect(try await jobs.settings(jobName: "od_reading").isEmpty)
    }

    @Test func pythonReadsWhatSwiftWrote() async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        let python = try PythonReference(directory: temp.url)
        let persistent = try CacheDatabase(path: python.persistentCache)
        let intermittent = try CacheDatabase(path: python.intermittentCache)

        let bioreactor = BioreactorValues(database: persistent, reactorCapacityMl: 40)
        try await bioreactor.set(experiment: "expé \"q\" ℃", values: ["current_volume_ml": "12.5", "alt_media_fraction": 0.5])
        try await ActiveDeviceNames.estimators(in: persistent).setName("fused1", for: "od_fused")
        try await intermittent.cache("pwm_locks").set(.int(17), .text("123:456"))
        _ = try await DebounceCache(database: intermittent).isRateLimited(jobName: "add_media", now: 1234.5)
        let jobs = try JobMetadataStore(database: intermittent)
        let job = try await jobs.register(unit: "pio01", experiment: "exp1", jobName: "stirring", jobSource: "user",
                                          pid: ownPid, leader: "leader1")
        try await jobs.publishSetting(jobId: job, setting: "$state", value: .text("ready"))
        try await jobs.publishSetting(jobId: job, setting: "target_rpm", value: .real(400))
        let ended = try await jobs.register(unit: "pio01", experiment: "exp1", jobName: "od_reading", pid: ownPid, leader: "leader1")
        try await jobs.markEnded(jobId: ended)

        let output = try python.run("""
            import json
            from pioreactor.utils import local_persistent_storage, local_intermittent_storage
            from pioreactor.utils.job_manager import JobManager
            from pioreactor.bioreactor import get_all_bioreactor_values
            out = {}
            with local_persistent_storage("bioreactor") as c:
                out["volume"] = c.getfloat(("expé \\"q\\" ℃", "current_volume_ml"))
                out["keys"] = sorted(list(k) for k in c.iterkeys())
            out["all"] = get_all_bioreactor_values("expé \\"q\\" ℃")
            with local_persistent_storage("active_estimators") as c:
                out["estimator"] = c["od_fused"]
            with local_intermittent_storage("pwm_locks") as c:
                out["lock"] = c[17]
            with local_intermittent_storage("debounce") as c:
                out["debounce"] = c.getfloat("add_media")
            with JobManager() as jm:
                out["state"] = jm.get_setting_from_running_job("stirring", "$state")
                out["rpm"] = jm.get_setting_from_running_job("stirring", "target_rpm")
                out["history"] = [list(r) for r in jm.list_job_history()]
                out["running"] = [r[0] for r in jm.list_jobs(all_jobs=True)]
            print(json.dumps(out))
            """)
        let result = try JSONValue.parse(output)
        #expect(result["volume"] == 12.5)
        #expect(result["keys"] == [["expé \"q\" ℃", "alt_media_fraction"], ["expé \"q\" ℃", "current_volume_ml"]])
        #expect(result["all"]?.encoded() == #"{"current_volume_ml":12.5,"efflux_tube_volume_ml":14.0,"alt_media_fraction":0.5}"#)
        #expect(result["estimator"] == "fused1")
        #expect(result["lock"] == "123:456")
        #expect(result["debounce"] == 1234.5)
        #expect(result["state"] == "ready")
        #expect(result["rpm"] == 400.0)
        #expect(result["running"] == ["stirring"])
        let history = try #require(result["history"]?.arrayValue)
        #expect(history.count == 2)
        let endedRow = try #require(history.first { $0.arrayValue?[1] == "od_reading" }?.arrayValue)
        #expect(endedRow[6].stringValue?.hasSuffix("Z") == true)
    }
}
