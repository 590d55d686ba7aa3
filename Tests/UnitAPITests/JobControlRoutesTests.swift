import Foundation
import HummingbirdTesting
import PioreactorCore
import PioreactorTasks
import Synchronization
import Testing
@testable import UnitAPI

/// A fake `pio` written to a temp folder, to see what `pio_run` spawns and how it reports.
struct FakePio {
    let folder: URL
    let executable: URL

    init(script: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fake-pio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        executable = folder.appendingPathComponent("pio")
        try ("#!/bin/sh\n" + script.replacingOccurrences(of: "$DIR", with: folder.path) + "\n").write(to: executable, atomically: true, encoding: .utf8)
        chmod(executable.path, 0o755)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func lines(_ name: String) -> [String] {
        ((try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}

/// Remembers what the stop tasks asked for.
final class RecordingJobStopper: JobStopper {
    let calls = Mutex<[String]>([])
    let failing: Bool

    init(failing: Bool = false) { self.failing = failing }

    func stopJobs(matching filter: JobStopFilter) async throws -> Int {
        calls.withLock { $0.append("stop \(filter.jobName ?? "-") \(filter.experiment ?? "-") \(filter.jobSource ?? "-") \(filter.jobID.map(String.init) ?? "-")") }
        if failing { throw TaskFailure("database is locked") }
        return 1
    }

    func stopAllJobs() async throws -> Int {
        calls.withLock { $0.append("all") }
        return 0
    }
}

@Suite struct JobControlRoutesTests {
    static func unit(with pio: FakePio, processEnv: [String: String] = [:], exitZeroSucceeds: Bool = true) throws -> TestUnit {
        var settings = UnitServicesSettings()
        settings.pioExecutable = pio.executable.path
        settings.jobEnvironment = processEnv
        settings.exitZeroSucceeds = exitZeroSucceeds
        return try TestUnit(settings: settings)
    }

    static func unit(_ change: (inout UnitServicesSettings) -> Void) throws -> TestUnit {
        var settings = UnitServicesSettings()
        change(&settings)
        return try TestUnit(settings: settings)
    }

    @Test func spawnsTheArgvWithTheFilteredEnv() async throws {
        let pio = try FakePio(script: #"printf '%s\n' "$@" > $DIR/argv; env > $DIR/env; exit 0"#)
        defer { pio.remove() }
        let unit = try Self.unit(with: pio, processEnv: ["SECRET_TOKEN": "x", "MODEL_NAME": "pioreactor_40ml", "HOSTNAME": "None"])
        defer { unit.remove() }
        try await unit.withClient { client in
            let body = #"""
                {"args":["x"],"options":{"target_rpm":400,"some_flag":null},
                 "env":{"EXPERIMENT":"exp1","JOB_SOURCE":"user","TESTING":"1","FOO":"bar"},
                 "config_overrides":[["stirring.config","pwm_hz","100"]]}
                """#
            let result = try await client.result(of: try await client.send("/jobs/run/job_name/stirring", body: body))
            // Careful mode: a clean exit inside the grace window is a success.
            #expect(result["status"] == "succeeded")
            #expect(result["result"] == .object(JSONObject([("ok", true), ("exit_code", 0)])))
        }
        #expect(pio.lines("argv") == ["run", "--config-override", "stirring.config", "pwm_hz", "100", "stirring", "x", "--target-rpm", "400", "--some-flag"])
        let env = Set(pio.lines("env"))
        #expect(env.isSuperset(of: ["EXPERIMENT=exp1", "JOB_SOURCE=user", "TESTING=0", "MODEL_NAME=pioreactor_40ml"]))
        #expect(!env.contains { $0.hasPrefix("SECRET_TOKEN=") || $0.hasPrefix("FOO=") || $0.hasPrefix("HOSTNAME=") })
    }

    @Test func stillRunningAfterTheGraceWindowIsOk() async throws {
        let pio = try FakePio(script: "exec /bin/sleep 3")
        defer { pio.remove() }
        let unit = try Self.unit(with: pio)
        defer { unit.remove() }
        try await unit.withClient { client in
            let result = try await client.result(of: try await client.send("/jobs/run/job_name/stirring", .patch, body: "{}"))
            #expect(result["result"] == ["ok": true])
        }
    }

    @Test func nonZeroExitInTheWindowFailsWithTheOutput() async throws {
        let pio = try FakePio(script: #"echo "Error: No such option: --bogus" >&2; exit 2"#)
        defer { pio.remove() }
        let unit = try Self.unit(with: pio)
        defer { unit.remove() }
        try await unit.withClient { client in
            let result = try await client.result(of: try await client.send("/jobs/run/job_name/stirring", body: #"{"options":{"bogus":1}}"#))
            #expect(result["status"] == "failed")
            #expect(result["error"] == "Command exited during startup grace window. Exit code 2. Error: No such option: --bogus")
            #expect(result["cause"] == "Huey task failed with an exception.")
        }
    }

    @Test func referenceModeFailsEvenOnExitZero() async throws {
        let pio = try FakePio(script: "exit 0")
        defer { pio.remove() }
        let unit = try Self.unit(with: pio, exitZeroSucceeds: false)
        defer { unit.remove() }
        try await unit.withClient { client in
            let result = try await client.result(of: try await client.send("/jobs/run/job_name/led_intensity", body: "{}"))
            #expect(result["error"] == "Command exited during startup grace window. Exit code 0.")
        }
    }

    @Test func spawnFailureIsASucceededTaskWithOkFalse() async throws {
        let unit = try Self.unit { $0.pioExecutable = "/nonexistent/pio" }
        defer { unit.remove() }
        try await unit.withClient { client in
            let result = try await client.result(of: try await client.send("/jobs/run/job_name/stirring", body: #"{"args":["a"]}"#))
            #expect(result["status"] == "succeeded")
            #expect(result["result"]?.encoded() == #"{"ok":false,"argv":["/nonexistent/pio","run","stirring","a"],"error":"[Errno 2] No such file or directory: '/nonexistent/pio'"}"#)
        }
    }

    @Test func runBodyErrorsAre400() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            #expect(try await client.send("/jobs/run/job_name/stirring1").status == .badRequest)
            #expect(try await client.send("/jobs/run/job_name/stirring2", body: "[]").json["error"] == "Expected `object`, got `array`")
            #expect(try await client.send("/jobs/run/job_name/stirring3", body: #"{"env":{"A":1}}"#).status == .badRequest)
            #expect(try await client.send("/jobs/run/job_name/stirring4", body: #"{"config_overrides":[["a",1,"c"]]}"#).status == .badRequest)
            #expect(try await client.send("/jobs/run/job_name/stirring5", body: #"{"config_overrides":[["a","b"]]}"#).status == .badRequest)
            expectError(try await client.send("/jobs/run/job_name/stirring6", .get), 405, error: "The method is not allowed for the requested URL.")
        }
    }

    @Test func runIsDebouncedPerJobName() async throws {
        // A long window, so a slow machine cannot let the second request through; the 1 s
        // window itself is tested on DebounceCache with explicit times.
        let unit = try Self.unit { $0.debounceWindow = 3600 }
        defer { unit.remove() }
        try await unit.withClient { client in
            // Even a request that fails later counts.
            #expect(try await client.send("/jobs/run/job_name/od_reading", body: "[]").status == .badRequest)
            expectError(try await client.send("/jobs/run/job_name/od_reading", body: "{}"), 429, error: "Too many requests, please try again later.")
            #expect(try await client.send("/jobs/run/job_name/other_job", body: "[]").status == .badRequest)
        }
    }

    @Test func dosesThatWouldOverfillAreRefused() async throws {
        // The per-name debounce (1 s) runs on a clock the test steps, instead of sleeping past it.
        let clock = SteppedClock()
        let unit = try Self.unit {
            $0.pioExecutable = "/nonexistent/pio"
            $0.debounceClock = clock.now
        }
        defer { unit.remove() }
        try await unit.withClient { client in
            #expect(try await client.send("/bioreactor/experiments/exp1", .patch, body: #"{"values":{"current_volume_ml":12.0}}"#).status == .ok)
            // 20 mL model: threshold 18 mL.
            let env = #""env":{"EXPERIMENT":"exp1","MODEL_NAME":"pioreactor_20ml","MODEL_VERSION":"1.5"}"#
            expectError(try await client.send("/jobs/run/job_name/add_media", body: #"{"options":{"ml":6.0},\#(env)}"#), 400,
                        error: "Requested dose would meet or exceed the reactor safety threshold.",
                        remediation: "Reduce the requested volume or remove waste before dosing again.")
            #expect(try await client.send("/jobs/run/job_name/add_alt_media", body: #"{"options":{"ml":"5.9"},\#(env)}"#).status == .accepted)
            clock.advance(1.1)
            #expect(try await client.send("/jobs/run/job_name/add_media", body: #"{"options":{"ml":"lots"},\#(env)}"#).status == .badRequest)
            clock.advance(1.1)
            // No experiment, a duration dose, or an unknown model pair: not checked.
            #expect(try await client.send("/jobs/run/job_name/add_media", body: #"{"options":{"ml":60}}"#).status == .accepted)
            #expect(try await client.send("/jobs/run/job_name/remove_waste", body: #"{"options":{"ml":60},\#(env)}"#).status == .accepted)
        }
    }

    @Test func stopNeedsAFilterAndPassesIt() async throws {
        let stopper = RecordingJobStopper()
        let unit = try Self.unit { $0.jobStopper = stopper }
        defer { unit.remove() }
        try await unit.withClient { client in
            for body in [nil, "{}", #"{"experiment":""}"#, #"{"job_id":0}"#] {
                let response = try await client.send("/jobs/stop", body: body)
                expectError(response, 400, error: "No job filter specified")
                #expect(response.text == #"{"error":"No job filter specified","status":400,"cause":"No job filter specified"}"#)
            }
            #expect(try await client.send("/jobs/stop", body: "{bad").status == .badRequest)
            #expect(try await client.send("/jobs/stop", body: "[1]").status == .badRequest)
            let response = try await client.send("/jobs/stop", .patch, body: #"{"job_name":"stirring","experiment":"exp1","job_id":3}"#)
            #expect(try await client.result(of: response)["result"] == true)
        }
        #expect(stopper.calls.withLock { $0 } == ["stop stirring exp1 - 3"])
    }

    @Test func stopAllAndStopFailures() async throws {
        let stopper = RecordingJobStopper(failing: true)
        let unit = try Self.unit { $0.jobStopper = stopper }
        defer { unit.remove() }
        try await unit.withClient { client in
            let accepted = try await client.send("/jobs/stop/all", body: "ignored")
            #expect(try await client.result(of: accepted)["result"] == true)
            let filtered = try await client.send("/jobs/stop", body: #"{"job_source":"user"}"#)
            #expect(try await client.result(of: filtered)["result"] == false)
        }
        #expect(stopper.calls.withLock { $0 } == ["all", "stop - - user -"])
    }

    @Test func defaultStopperStopsNothingAndSucceeds() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            let accepted = try await client.send("/jobs/stop/all")
            #expect(try await client.result(of: accepted)["result"] == true)
        }
    }
}
