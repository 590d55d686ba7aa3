import Foundation
import Hummingbird
import HummingbirdTesting
import PioreactorCore
import Testing
@testable import UnitAPI

@Suite struct JobAndBioreactorRoutesTests {
    @Test func emptyTablesAnswerEmptyListsAnd404s() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            for uri in ["/unit_api/jobs", "/unit_api/jobs/running", "/unit_api/jobs/running/stirring",
                        "/unit_api/jobs/running/experiments/exp1", "/unit_api/long_running_jobs/running"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.text == "[]", "\(uri)")
                }
            }
            try await client.execute(uri: "/unit_api/jobs/settings/job_name/stirring", method: .get) { response in
                expectError(response, 404, error: "No settings found for job.")
            }
            try await client.execute(uri: "/unit_api/jobs/settings/job_name/stirring/setting/$state", method: .get) { response in
                expectError(response, 404, error: "Setting not found.")
            }
            try await client.execute(uri: "/unit_api/jobs/settings/job_name/stirring", method: .patch, body: ByteBuffer(string: "{}")) { response in
                expectError(response, 400, error: "Missing settings.", cause: "Expected a JSON object under `settings` with one or more settings.",
                            remediation: #"Submit a payload like {"settings": {"target_rpm": 400}}."#)
            }
            try await client.execute(uri: "/unit_api/jobs/settings/job_name/stirring", method: .patch,
                                     body: ByteBuffer(string: #"{"settings": {"target_rpm": 400}}"#)) { response in
                #expect(response.status == .notFound)
                #expect(response.json["error"] == "Job not running.")
            }
        }
    }

    @Test func runningJobsAndTheirSettings() async throws {
        let unit = try TestUnit(name: "pio01")
        defer { unit.remove() }
        let jobs = unit.services.jobs
        let pid = Int64(getpid())
        let stirring = try await jobs.register(unit: "pio01", experiment: "exp1", jobName: "stirring", jobSource: "user", pid: pid, leader: "leader1", isLongRunningJob: false)
        try await jobs.publishSetting(jobId: stirring, setting: "$state", value: .text("ready"))
        try await jobs.publishSetting(jobId: stirring, setting: "target_rpm", value: .real(500))
        try await jobs.publishSetting(jobId: stirring, setting: "enable_dodging_od", value: .integer(0))
        _ = try await jobs.register(unit: "pio01", experiment: "$experiment", jobName: "monitor", jobSource: "user", pid: pid, leader: "leader1", isLongRunningJob: true)
        // A job whose process is gone is never reported as running.
        _ = try await jobs.register(unit: "pio01", experiment: "exp1", jobName: "od_reading", jobSource: "user", pid: 999_999_999, leader: "leader1", isLongRunningJob: false)

        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/jobs/running", method: .get) { response in
                let rows = response.json.arrayValue ?? []
                #expect(rows.map { $0["job_name"] } == ["stirring", "monitor"])
                #expect(rows.first?.objectValue?.keys == ["job_id", "unit", "experiment", "job_name", "job_source", "started_at",
                                                          "is_running", "leader", "pid", "is_long_running_job", "ended_at"])
                #expect(rows.first?["is_running"] == .int(1))
            }
            try await client.execute(uri: "/unit_api/jobs/running/experiments/exp1", method: .get) { response in
                #expect(response.json.arrayValue?.map { $0["job_name"] } == ["stirring"])
            }
            try await client.execute(uri: "/unit_api/long_running_jobs/running", method: .get) { response in
                #expect(response.json.arrayValue?.map { $0["job_name"] } == ["monitor"])
            }
            try await client.execute(uri: "/unit_api/jobs", method: .get) { response in
                let rows = response.json.arrayValue ?? []
                #expect(rows.count == 3)
                #expect(rows.first?.objectValue?.keys == ["job_id", "job_name", "experiment", "job_source", "unit", "started_at", "ended_at"])
            }
            try await client.execute(uri: "/unit_api/jobs/settings/job_name/stirring", method: .get) { response in
                #expect(response.text == #"{"settings":{"$state":"ready","target_rpm":500.0,"enable_dodging_od":0}}"#)
            }
            try await client.execute(uri: "/unit_api/jobs/settings/job_name/stirring/setting/%24state", method: .get) { response in
                #expect(response.text == #"{"$state":"ready"}"#)
            }
            let patches: [(String, Int, String?)] = [
                (#"{"settings": {"target_rpm": 450}}"#, 200, nil),
                (#"{"settings": {"target_rpm": "fast"}}"#, 400, "Invalid value for setting `target_rpm` of stirring."),
                (#"{"settings": {"measured_rpm": 1}}"#, 400, "Unable to set measured_rpm in stirring. measured_rpm is read-only."),
                (#"{"settings": {"nonsense": 1}}"#, 400, "Unknown setting `nonsense` for stirring."),
                (#"{"settings": {"$state": "exploded"}}"#, 400, "Invalid value for setting `$state` of stirring."),
            ]
            for (body, status, error) in patches {
                try await client.execute(uri: "/unit_api/jobs/settings/job_name/stirring", method: .patch, body: ByteBuffer(string: body)) { response in
                    #expect(Int(response.status.code) == status, "\(body): \(response.text)")
                    if let error { #expect(response.json["error"] == .string(error)) }
                }
            }
        }
    }

    @Test func bioreactorValuesValidateEverythingBeforeStoring() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/bioreactor/experiments/exp1", method: .get) { response in
                #expect(response.text == #"{"values":{"current_volume_ml":14.0,"efflux_tube_volume_ml":14.0,"alt_media_fraction":0.0}}"#)
            }
            let missing = (error: "Missing bioreactor values.", cause: "Expected a JSON object under `values` with one or more bioreactor settings.",
                           remediation: #"Submit a payload like {"values": {"current_volume_ml": 12.5}}."#)
            for body in ["", "nonsense", #"{"values": {}}"#, #"{"values": 3}"#, "{}"] {
                try await client.execute(uri: "/unit_api/bioreactor/experiments/exp1", method: .patch, body: ByteBuffer(string: body)) { response in
                    expectError(response, 400, error: missing.error, cause: missing.cause, remediation: missing.remediation)
                }
            }
            let cases: [(String, String)] = [
                (#"{"values": {"current_volume_ml": 12, "foo": 1}}"#, "'foo'"),
                (#"{"values": {"current_volume_ml": "x"}}"#, "Invalid value for bioreactor variable `current_volume_ml`."),
                (#"{"values": {"current_volume_ml": 99}}"#, "Value for bioreactor variable `current_volume_ml` must be <= 40.0."),
                (#"{"values": {"alt_media_fraction": -1}}"#, "Value for bioreactor variable `alt_media_fraction` must be >= 0.0."),
            ]
            for (body, message) in cases {
                try await client.execute(uri: "/unit_api/bioreactor/experiments/exp1", method: .patch, body: ByteBuffer(string: body)) { response in
                    expectError(response, 400, error: message)
                }
            }
            try await client.execute(uri: "/unit_api/bioreactor/experiments/exp1", method: .patch,
                                     body: ByteBuffer(string: #"{"values": {"current_volume_ml": "12.5", "alt_media_fraction": 0.25}}"#)) { response in
                #expect(response.text == #"{"status":"success"}"#)
            }
            try await client.execute(uri: "/unit_api/bioreactor/experiments/exp1", method: .get) { response in
                #expect(response.text == #"{"values":{"current_volume_ml":12.5,"efflux_tube_volume_ml":14.0,"alt_media_fraction":0.25}}"#)
            }
            try await client.execute(uri: "/unit_api/bioreactor/experiments/other", method: .get) { response in
                #expect(response.json["values"]?["current_volume_ml"] == .double(14.0))
            }
        }
    }
}
