import Foundation
import Hummingbird
import HummingbirdTesting
import PioreactorCore
import Testing

@Suite struct CatalogAndEstimatorRoutesTests {
    @Test func descriptorsCapabilitiesAndProtocols() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/jobs/descriptors", method: .get) { response in
                #expect(response.headers[.cacheControl] == "public, max-age=5")
                #expect(response.json.arrayValue?.compactMap { $0["job_name"]?.stringValue } == ["stirring", "od_reading", "dosing_automation", "self_test"])
            }
            try await client.execute(uri: "/unit_api/automations/descriptors/dosing", method: .get) { response in
                #expect(response.json.arrayValue?.first?.objectValue?.keys == ["display_name", "automation_name", "description", "source", "fields"])
            }
            try await client.execute(uri: "/unit_api/automations/descriptors/nope", method: .get) { response in
                expectError(response, 400, error: "Not a valid automation type", remediation: "choose one of 'temperature', 'dosing', 'led'")
            }
            try await client.execute(uri: "/unit_api/capabilities", method: .get) { response in
                let entries = response.json.arrayValue ?? []
                #expect(entries.contains { $0["job_name"] == "stirring" })
                #expect(entries.first?.objectValue?.keys == ["job_name", "help", "arguments", "options", "published_settings", "cli_example"])
            }
            try await client.execute(uri: "/unit_api/calibration_protocols", method: .get) { response in
                #expect(response.headers[.cacheControl] == "public, max-age=10")
                let ids = response.json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                #expect(ids.contains("media_pump_duration_based"))
                #expect(ids.contains("od90_standards"))
            }
        }
    }

    @Test func estimatorsListGetActivateAndDelete() async throws {
        let unit = try TestUnit(name: "pio01")
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/estimators", method: .get) { response in
                let fused = response.json["od_fused"]?.arrayValue?.first
                #expect(fused?.objectValue?.keys.suffix(3) == ["is_active", "pioreactor_unit", "device"])
            }
            try await client.execute(uri: "/unit_api/estimators/none", method: .get) { response in
                #expect(response.text == "[]")
            }
            try await client.execute(uri: "/unit_api/active_estimators/od_fused/od-fused-2026-02", method: .patch) { response in
                #expect(response.text == #"{"status":"success"}"#)
            }
            try await client.execute(uri: "/unit_api/active_estimators", method: .get) { response in
                let active = response.json["od_fused"]
                #expect(active?["is_active"] == true)
                #expect(active?["device"] == nil, "no device key in the active map")
            }
            try await client.execute(uri: "/unit_api/estimators/od_fused/missing", method: .get) { response in
                expectError(response, 404, error: "Estimator 'missing' not found for device 'od_fused'.", cause: "Estimator file is missing from disk.",
                            remediation: "List available estimators for this device and retry.")
            }
            try await client.execute(uri: "/unit_api/estimators/od_fused/od-fused-2026-02", method: .delete) { response in
                #expect(response.text == #"{"msg":"Estimator 'od-fused-2026-02' for device 'od_fused' deleted successfully."}"#)
            }
            try await client.execute(uri: "/unit_api/active_estimators", method: .get) { response in
                #expect(response.text == "{}")
            }
            try await client.execute(uri: "/unit_api/estimators/od_fused/..%2F..%2F..%2Fconfig", method: .delete) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(FileManager.default.fileExists(atPath: unit.dot.appendingPathComponent("config.ini").path))
    }

    @Test func webServerStatusIsLeaderOnly() async throws {
        let leader = try TestUnit(name: "pioleader", testing: true)
        defer { leader.remove() }
        try await leader.withClient { client in
            try await client.execute(uri: "/unit_api/system/web_server/status", method: .get) { response in
                #expect(response.text == #"{"service":"lighttpd.service,huey.service","state":"ready","raw_status":"active"}"#)
                #expect(response.headers[.cacheControl] == "public, max-age=0")
            }
        }
        let worker = try TestUnit(name: "worker1")
        defer { worker.remove() }
        try await worker.withClient { client in
            try await client.execute(uri: "/unit_api/system/web_server/status", method: .get) { response in
                expectError(response, 403, error: "This endpoint is only available on the leader.")
            }
        }
    }
}
