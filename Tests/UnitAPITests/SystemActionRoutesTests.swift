import Foundation
import HummingbirdTesting
import PioreactorCore
import Testing

@Suite struct SystemActionRoutesTests {
    static let powerLock = "power-lock"

    @Test func rebootEnqueuesAndRecords() async throws {
        let unit = try TestUnit(settings: .rebootDelay(.zero))
        defer { unit.remove() }
        try await unit.withClient { client in
            let response = try await client.send("/system/reboot")
            #expect(response.json["unit"] == "pioleader")
            let result = try await client.result(of: response)
            #expect(result["status"] == "succeeded")
            #expect(result["result"] == true)
        }
        #expect(unit.recordedActionNames() == ["reboot"])
    }

    @Test func leaderWaitsBeforeEnqueueingAWorkerDoesNot() async throws {
        let leader = try TestUnit(settings: .rebootDelay(.milliseconds(400)))
        defer { leader.remove() }
        try await leader.withClient { client in
            let start = ContinuousClock.now
            let response = try await client.send("/system/reboot", .patch)
            #expect(ContinuousClock.now - start >= .milliseconds(400))
            #expect(response.status == .accepted)
        }
        let worker = try TestUnit(name: "worker1", settings: .rebootDelay(.seconds(30)))
        defer { worker.remove() }
        try await worker.withClient { client in
            let start = ContinuousClock.now
            let response = try await client.send("/system/reboot")
            #expect(response.status == .accepted)
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }

    @Test func secondPowerActionInTheWindowIsRateLimited() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            let first = try await client.result(of: try await client.send("/system/shutdown"))
            let second = try await client.result(of: try await client.send("/system/shutdown"))
            // Both land in one 15 s window unless the test straddles a window edge.
            let results = [first, second].map { $0["status"]?.stringValue ?? "" }
            #expect(results.contains("succeeded"))
            if results == ["succeeded", "failed"] {
                #expect(second["error"] == #"RateLimitExceeded('Rate limit exceeded on "power-actions"')"#)
            }
        }
        #expect(unit.recordedActionNames().filter { $0 == "shutdown" }.count >= 1)
    }

    @Test func heldLocksAnswerInProgressWithoutATask() async throws {
        let unit = try TestUnit(settings: .rebootDelay(.zero))
        defer { unit.remove() }
        let releasePower = try await unit.holdLock(Self.powerLock)
        let releaseUpdate = try await unit.holdLock("update-lock")
        let releaseClock = try await unit.holdLock("clock-lock")
        let releaseWeb = try await unit.holdLock("web-restart-lock")
        try await unit.withClient { client in
            expectInProgress(try await client.send("/system/reboot"), lock: Self.powerLock)
            expectInProgress(try await client.send("/system/shutdown", .patch), lock: Self.powerLock)
            expectInProgress(try await client.send("/system/update"), lock: "update-lock")
            // The pre-check runs before target validation.
            expectInProgress(try await client.send("/system/update/firmware"), lock: "update-lock")
            expectInProgress(try await client.send("/system/utc_clock", body: "not json"), lock: "clock-lock")
            expectInProgress(try await client.send("/system/web_server/restart"), lock: "web-restart-lock")
        }
        for release in [releasePower, releaseUpdate, releaseClock, releaseWeb] { release() }
        await unit.services.tasks.waitUntilIdle()
        #expect(unit.recordedActions().isEmpty)
    }

    @Test func updateAppRunsTheCLIWithArgsThenOptions() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            let body = #"{"args":["-y"],"options":{"branch":"dev","no_deps":null},"env":{"IGNORED":"1"}}"#
            let result = try await client.result(of: try await client.send("/system/update/app", body: body))
            #expect(result["result"] == true)
        }
        let argv = unit.recordedActions().first?["args"]?["argv"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(Array(argv.prefix(2)) == ["sudo", "systemd-run"])
        #expect(Array(argv.suffix(6)) == ["update", "app", "-y", "--branch", "dev", "--no-deps"])
        #expect(!argv.contains { $0.contains("IGNORED") })
    }

    @Test func updateErrors() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            let badTarget = try await client.send("/system/update/firmware", body: "{}")
            expectError(badTarget, 404, error: "Invalid target")
            #expect(badTarget.text == #"{"error":"Invalid target","status":404,"cause":"Invalid target"}"#)
            // Typed body: the reference's 500s are 400s here.
            let empty = try await client.send("/system/update")
            #expect(empty.status == .badRequest)
            let wrongType = try await client.send("/system/update", body: #"{"args":"x"}"#)
            expectError(wrongType, 400, error: "Expected `array`, got `str` - at `$.args`",
                        cause: "Request body did not match the expected schema.",
                        remediation: "Send a JSON object with optional args (list of strings), options (object) and env (object of strings).")
        }
        #expect(unit.recordedActions().isEmpty)
    }

    @Test func leaderSetsTheClockFromTheBody() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            expectError(try await client.send("/system/utc_clock"), 400, error: "utc_clock_time field is required",
                        cause: "Request body is empty or not JSON.", remediation: "Send JSON with a 'utc_clock_time' field.")
            expectError(try await client.send("/system/utc_clock", body: #"{"utc_clock_time":""}"#), 400,
                        error: "utc_clock_time field is required", cause: "Missing 'utc_clock_time' value in JSON payload.",
                        remediation: "Provide an ISO 8601 timestamp in 'utc_clock_time'.")
            expectError(try await client.send("/system/utc_clock", body: #"{"utc_clock_time":"2025-01-31T12:34:56+00:00"}"#), 400,
                        error: "Invalid utc_clock_time format. Use ISO 8601.",
                        cause: "Unable to parse '2025-01-31T12:34:56+00:00' as ISO 8601.",
                        remediation: "Use an ISO 8601 timestamp, e.g. 2025-01-31T12:34:56Z.")
            let ok = try await client.send("/system/utc_clock", .patch, body: #"{"utc_clock_time":"2025-01-31T12:34:56.123Z"}"#)
            #expect(try await client.result(of: ok)["result"] == true)
        }
        #expect(unit.recordedActions().first?["action"] == "set_clock")
        #expect(unit.recordedActions().first?["args"]?["value"] == "2025-01-31T12:34:56.123Z")
    }

    @Test func workerIgnoresTheBodyAndSyncs() async throws {
        let unit = try TestUnit(name: "worker1")
        defer { unit.remove() }
        try await unit.withClient { client in
            let response = try await client.send("/system/utc_clock", body: "garbage")
            #expect(try await client.result(of: response)["result"] == true)
        }
        #expect(unit.recordedActionNames() == ["sync_clock"])
    }

    @Test func webServerRestartIsLeaderOnly() async throws {
        let worker = try TestUnit(name: "worker1")
        defer { worker.remove() }
        try await worker.withClient { client in
            expectError(try await client.send("/system/web_server/restart"), 403, error: "This endpoint is only available on the leader.")
        }
        let leader = try TestUnit()
        defer { leader.remove() }
        try await leader.withClient { client in
            let accepted = try await client.send("/system/web_server/restart", .patch)
            #expect(try await client.result(of: accepted)["result"] == true)
        }
        #expect(leader.recordedActionNames() == ["restart_web_service"])
    }

    @Test func removeFileChecksInOrder() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            expectError(try await client.send("/system/remove_file", body: "{}"), 400, error: "filepath field is required",
                        cause: "Request JSON missing 'filepath'.", remediation: "Include a 'filepath' field in the JSON payload.")
            let malformed = try await client.send("/system/remove_file", body: "{")
            #expect(malformed.status == .badRequest)
            expectError(try await client.send("/system/remove_file", body: #"{"filepath":"../outside.txt"}"#), 403,
                        error: "Access to this path is not allowed", cause: "Requested path is outside the .pioreactor directory.",
                        remediation: "Provide a path within the .pioreactor directory.")
            expectError(try await client.send("/system/remove_file", body: #"{"filepath":"/etc/passwd"}"#), 403,
                        error: "Access to this path is not allowed", cause: "Requested path is outside the .pioreactor directory.",
                        remediation: "Provide a path within the .pioreactor directory.")
            let ok = try await client.send("/system/remove_file", .patch, body: #"{"filepath":"plugins/relay_blinker.py"}"#)
            #expect(try await client.result(of: ok)["result"] == true)

            try Data().write(to: unit.dot.appendingPathComponent("DISALLOW_UI_FILE_SYSTEM"))
            // The flag wins over everything, even a body that would be a 400.
            expectError(try await client.send("/system/remove_file"), 403, error: "DISALLOW_UI_FILE_SYSTEM is present",
                        cause: "File system operations are disabled on this unit.",
                        remediation: "Remove DISALLOW_UI_FILE_SYSTEM or run the action locally via SSH.")
        }
        let removed = unit.recordedActions().map { $0["args"]?["path"]?.stringValue ?? "" }
        #expect(removed.count == 1)
        #expect(removed.first?.hasSuffix("/dot/plugins/relay_blinker.py") == true)
        #expect(removed.first?.hasPrefix("/") == true)
    }

    @Test func hardwareCheckValidatesThenReportsSkippedOrOk() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            expectError(try await client.send("/hardware/check", body: "not json"), 400, error: "Missing model_name or model_version",
                        cause: "Request JSON missing model_name or model_version.",
                        remediation: "Provide both model_name and model_version in the JSON payload.")
            expectError(try await client.send("/hardware/check", body: #"{"model_name":"x","model_version":"1.0"}"#), 400,
                        error: "Model name or version not found in available models.", cause: "Unknown model 'x' with version '1.0'.",
                        remediation: "Use a model_name and model_version from the registered models list.")
            let response = try await client.send("/hardware/check", body: #"{"model_name":"pioreactor_40ml","model_version":"1.5"}"#)
            let result = try await client.result(of: response)
            #expect(result["status"] == "succeeded")
            // No HAT on a test machine: a skipped answer with a reason (a real HAT would probe I2C).
            if !FileManager.default.fileExists(atPath: "/proc/device-tree/hat/product_ver"), ProcessInfo.processInfo.environment["HARDWARE"] == nil {
                #expect(result["result"] == ["status": "skipped", "reason": "HAT not found"])
            }
        }
        let testing = try TestUnit(testing: true)
        defer { testing.remove() }
        try await testing.withClient { client in
            // Testing mode mocks HAT 1.2 with every I2C device answering, as the reference does.
            let response = try await client.send("/hardware/check", .patch, body: #"{"model_name":"pioreactor_40ml","model_version":"1.5"}"#)
            #expect(try await client.result(of: response)["result"] == ["status": "ok"])
        }
    }
}
