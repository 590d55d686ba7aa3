import Foundation
import HummingbirdTesting
import Hummingbird
import PioreactorCore
import Testing

@Suite struct CalibrationRoutesTests {
    static let missingDirectory = (
        error: "Calibration directory does not exist.", cause: "Calibration storage directory is missing on disk.",
        remediation: "Create the calibration directory or restore from backup.")

    static let pumpYAML = """
        calibration_type: simple_peristaltic_pump
        calibration_name: pump_cal_1
        calibrated_on_pioreactor_unit: pio01
        created_at: 2025-01-02 03:04:05.678000+00:00
        curve_data_:
          type: poly
          coefficients: [0.0911, 0.0]
        x: Duration
        y: Volume
        recorded_data: {x: [1.0, 2.0], y: [0.09, 0.18]}
        hz: 250.0
        dc: 100.0
        voltage: 5.0

        """

    static func createBody(_ yaml: String = pumpYAML, active: JSONValue? = nil) -> ByteBuffer {
        var body = JSONObject([("calibration_data", .string(yaml))])
        if let active { body["set_as_active"] = active }
        return ByteBuffer(string: JSONValue.object(body).encoded())
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    @Test func listsEveryDeviceWithActiveFlagAndUnit() async throws {
        let unit = try TestUnit(name: "pio01")
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/calibrations", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "public, max-age=10")
                let devices = response.json.objectValue?.keys ?? []
                #expect(devices == ["alt_media_pump", "media_pump", "od90", "stirring", "waste_pump"])
                let od90 = response.json["od90"]?.arrayValue ?? []
                #expect(od90.count == 2)
                #expect(od90.first?.objectValue?.keys.suffix(2) == ["is_active", "pioreactor_unit"])
                #expect(od90.first?["pioreactor_unit"] == "pio01")
                #expect(od90.first?["is_active"] == false)
            }
        }
    }

    @Test func createWritesTheYAMLVerbatimAndCanActivate() async throws {
        let unit = try TestUnit(name: "pio01")
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/calibrations/new_pump", method: .post, headers: Self.json,
                                     body: Self.createBody(active: true)) { response in
                #expect(response.status == .created)
                let path = unit.dot.appendingPathComponent("storage/calibrations/new_pump/pump_cal_1.yaml").path
                #expect(response.text == #"{"msg":"Calibration created successfully.","path":"\#(path)"}"#)
                #expect((try? String(contentsOfFile: path, encoding: .utf8)) == Self.pumpYAML)
            }
            try await client.execute(uri: "/unit_api/calibrations/new_pump/pump_cal_1", method: .get) { response in
                #expect(response.text == #"{"calibration_type":"simple_peristaltic_pump","calibration_name":"pump_cal_1","calibrated_on_pioreactor_unit":"pio01","created_at":"2025-01-02T03:04:05.678000Z","curve_data_":{"type":"poly","coefficients":[0.0911,0.0]},"x":"Duration","y":"Volume","recorded_data":{"x":[1.0,2.0],"y":[0.09,0.18]},"hz":250.0,"dc":100.0,"voltage":5.0,"is_active":true,"pioreactor_unit":"pio01"}"#)
            }
            try await client.execute(uri: "/unit_api/active_calibrations", method: .get) { response in
                #expect(response.json.objectValue?.keys == ["new_pump"])
            }
            try await client.execute(uri: "/unit_api/calibrations/new_pump/pump_cal_1", method: .delete) { response in
                #expect(response.text == #"{"msg":"Calibration 'pump_cal_1' for device 'new_pump' deleted successfully."}"#)
            }
            // Deleting the active calibration clears the pointer.
            try await client.execute(uri: "/unit_api/active_calibrations", method: .get) { response in
                #expect(response.text == "{}")
            }
            try await client.execute(uri: "/unit_api/calibrations/new_pump/pump_cal_1", method: .delete) { response in
                expectError(response, 404, error: "Calibration 'pump_cal_1' not found for device 'new_pump'.",
                            cause: "Calibration file is missing from disk.",
                            remediation: "List available calibrations for this device and retry.")
            }
        }
    }

    @Test func createRejectsBadBodiesWithoutWriting() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let before = try TestTree.snapshot(unit.dot)
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/calibrations/media_pump", method: .post, headers: Self.json,
                                     body: Self.createBody(active: "yes")) { response in
                expectError(response, 400, error: "Invalid 'set_as_active' value.", cause: "'set_as_active' must be a boolean.",
                            remediation: "Send set_as_active as true or false.")
            }
            try await client.execute(uri: "/unit_api/calibrations/media_pump", method: .post,
                                     headers: [.contentType: "text/plain"], body: Self.createBody()) { response in
                expectError(response, 415, error: "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.")
            }
            try await client.execute(uri: "/unit_api/calibrations/media_pump", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: "{bad")) { response in
                expectError(response, 400, error: "The browser (or proxy) sent a request that this server could not understand.")
            }
            for body in ["{}", "[]", #"{"calibration_data": 3}"#] {
                try await client.execute(uri: "/unit_api/calibrations/media_pump", method: .post, headers: Self.json,
                                         body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(response.json["error"] == "Failed to create calibration.")
                }
            }
            let unequal = Self.pumpYAML.replacingOccurrences(of: "y: [0.09, 0.18]", with: "y: [0.09]")
            try await client.execute(uri: "/unit_api/calibrations/media_pump", method: .post, headers: Self.json,
                                     body: Self.createBody(unequal)) { response in
                expectError(response, 400, error: "Failed to create calibration.",
                            cause: "Lists in `recorded_data` should have the same lengths",
                            remediation: "Check the calibration YAML and retry.")
            }
            let badName = Self.pumpYAML.replacingOccurrences(of: "calibration_name: pump_cal_1", with: "calibration_name: ../escape")
            try await client.execute(uri: "/unit_api/calibrations/media_pump", method: .post, headers: Self.json,
                                     body: Self.createBody(badName)) { response in
                expectError(response, 400, error: "Missing or invalid 'calibration_name'.",
                            cause: "Calibration name missing or contains invalid characters.",
                            remediation: "Provide a valid calibration_name using letters, digits, dashes, or underscores.")
            }
            for device in ["..", "%2E%2E", "a%2Fb", "a%00b", ".hidden", "-x"] {
                try await client.execute(uri: "/unit_api/calibrations/\(device)", method: .post, headers: Self.json,
                                         body: Self.createBody()) { response in
                    expectError(response, 400, error: "Missing or invalid 'device'.",
                                cause: "Device name missing or contains invalid characters.",
                                remediation: "Provide a valid device name (letters, digits, dashes, or underscores).")
                }
            }
        }
        #expect(try TestTree.snapshot(unit.dot) == before)
    }

    @Test func traversalInPathSegmentsNeverTouchesOtherFiles() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let outside = unit.dot.appendingPathComponent("storage/victim.yaml")
        try "keep me".write(to: outside, atomically: true, encoding: .utf8)
        try await unit.withClient { client in
            for uri in ["/unit_api/calibrations/../victim", "/unit_api/calibrations/%2E%2E/victim", "/unit_api/calibrations/..%2F../victim"] {
                try await client.execute(uri: uri, method: .delete) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
        }
        #expect(FileManager.default.fileExists(atPath: outside.path))
    }

    @Test func missingFoldersAndFiles() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/calibrations/nodevice", method: .get) { response in
                expectError(response, 404, error: Self.missingDirectory.error, cause: Self.missingDirectory.cause, remediation: Self.missingDirectory.remediation)
            }
            try await client.execute(uri: "/unit_api/calibrations/od90/missing", method: .get) { response in
                expectError(response, 404, error: "Calibration file does not exist.", cause: "Calibration 'missing' missing for device 'od90'.",
                            remediation: "List available calibrations for the device and retry.")
            }
        }
        try FileManager.default.removeItem(at: unit.dot.appendingPathComponent("storage/calibrations"))
        try await unit.withClient { client in
            for uri in ["/unit_api/calibrations", "/unit_api/active_calibrations", "/unit_api/zipped_calibrations"] {
                try await client.execute(uri: uri, method: .get) { response in
                    expectError(response, 404, error: Self.missingDirectory.error, cause: Self.missingDirectory.cause, remediation: Self.missingDirectory.remediation)
                }
            }
        }
    }

    @Test func undecodableFileIsA500ForOneAndSkippedInLists() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try "calibration_type: nonsense\n".write(to: unit.dot.appendingPathComponent("storage/calibrations/od90/broken.yaml"), atomically: true, encoding: .utf8)
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/calibrations/od90/broken", method: .get) { response in
                expectError(response, 500, error: "Failed to read calibration file.", cause: "Unable to parse calibration YAML.",
                            remediation: "Check calibration file contents or re-upload the calibration.")
            }
            try await client.execute(uri: "/unit_api/calibrations/od90", method: .get) { response in
                #expect(response.json.arrayValue?.count == 2)
            }
        }
    }

    @Test func activePointersValidateNamesAndAreIdempotent() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/active_calibrations/od90/od90-older-2025-11", method: .patch) { response in
                #expect(response.text == #"{"status":"success"}"#)
            }
            try await client.execute(uri: "/unit_api/calibrations/od90", method: .get) { response in
                #expect(response.json.arrayValue?.map { $0["is_active"] } == [true, false])
            }
            // A name without a file is allowed (compatibility), an invalid one is not.
            try await client.execute(uri: "/unit_api/active_calibrations/od90/not-there", method: .patch) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/unit_api/active_calibrations/..", method: .delete) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/unit_api/active_calibrations/%2E%2E/x", method: .patch) { response in
                expectError(response, 400, error: "Missing or invalid 'device'.", cause: "Device name missing or contains invalid characters.",
                            remediation: "Provide a valid device name (letters, digits, dashes, or underscores).")
            }
            try await client.execute(uri: "/unit_api/active_calibrations", method: .get) { response in
                #expect(response.text == "{}", "the not-there pointer is skipped")
            }
            for _ in 0..<2 {
                try await client.execute(uri: "/unit_api/active_calibrations/od90", method: .delete) { response in
                    #expect(response.text == #"{"status":"success"}"#)
                }
            }
        }
    }

    @Test func zipHoldsEveryCalibrationByDevice() async throws {
        let unit = try TestUnit(name: "pio01")
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/zipped_calibrations", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/zip")
                #expect(response.headers[.contentDisposition] == "attachment; filename=pio01_calibrations.zip")
                #expect(response.headers[.cacheControl] == "no-cache")
                let names = try TestTree.zipMembers(Data(response.body.readableBytesView))
                #expect(names.contains("od90/od90-older-2025-11.yaml"))
                #expect(names.count == 6)
            }
        }
    }
}
