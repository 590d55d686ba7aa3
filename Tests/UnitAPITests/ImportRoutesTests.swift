import Foundation
import Hummingbird
import HummingbirdTesting
import PioreactorCore
import Testing
@testable import UnitAPI

/// A `multipart/form-data` body with one file part.
struct MultipartBody {
    static let boundary = "pioTestBoundary7MA4YWxk"
    var headers: HTTPFields { [.contentType: "multipart/form-data; boundary=\(Self.boundary)"] }
    let bytes: ByteBuffer

    init(field: String = "archive", filename: String = "unit_dot_pioreactor.zip", content: [UInt8]) {
        var buffer = ByteBuffer()
        buffer.writeString("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n")
        buffer.writeString("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\n")
        buffer.writeString("Content-Type: application/zip\r\n\r\n")
        buffer.writeBytes(content)
        buffer.writeString("\r\n--\(Self.boundary)--\r\n")
        bytes = buffer
    }
}

extension TestUnit {
    /// A unit whose import scratch files (uploads, backups) stay inside its own temp root.
    static func forImport(name: String = "pioleader", uploadLimit: Int? = nil) throws -> TestUnit {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString)")
        let scratch = root.appendingPathComponent("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var settings = UnitServicesSettings()
        settings.importScratchDirectory = scratch
        if let uploadLimit { settings.importUploadLimit = uploadLimit }
        return try TestUnit(name: name, root: root, settings: settings)
    }

    var scratch: URL { services.importScratchDirectory }

    func uploadsLeft() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []).filter { $0.hasPrefix("import_dot_pioreactor_") }
    }
}

extension TestClientProtocol {
    func exportDotPioreactor() async throws -> [UInt8] {
        let response = try await send("/zipped_dot_pioreactor", .get)
        #expect(response.status == .ok)
        return Array(response.body.readableBytesView)
    }

    func upload(_ body: MultipartBody) async throws -> TestResponse {
        try await execute(uri: "/unit_api/import_zipped_dot_pioreactor", method: .post, headers: body.headers, body: body.bytes)
    }
}

@Suite struct ImportRoutesTests {
    static let validationRemediation = "Ensure the archive is a valid Pioreactor export and retry."

    @Test func testingModeAnswersABare202() async throws {
        let unit = try TestUnit(testing: true)
        defer { unit.remove() }
        try await unit.withClient { client in
            let response = try await client.upload(MultipartBody(content: Array("not even a zip".utf8)))
            #expect(response.status == .accepted)
            #expect(response.body.readableBytes == 0)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    @Test func flagThenLockThenMissingFile() async throws {
        let unit = try TestUnit.forImport()
        defer { unit.remove() }
        try await unit.withClient { client in
            let noArchive = { (response: TestResponse) in
                expectError(response, 400, error: "No archive uploaded", cause: "Missing 'archive' file in multipart form-data.",
                            remediation: "Upload a zip file using the 'archive' field.")
            }
            noArchive(try await client.send("/import_zipped_dot_pioreactor"))
            noArchive(try await client.send("/import_zipped_dot_pioreactor", body: "{}", headers: jsonHeaders))
            noArchive(try await client.upload(MultipartBody(field: "other", content: [1, 2, 3])))
            noArchive(try await client.upload(MultipartBody(filename: "", content: [1, 2, 3])))
            noArchive(try await client.send("/import_zipped_dot_pioreactor", body: "--x\r\nbroken",
                                            headers: [.contentType: "multipart/form-data; boundary=x"]))

            let release = try await unit.holdLock("import-dot-pioreactor-lock")
            expectInProgress(try await client.upload(MultipartBody(content: [1])), lock: "import-dot-pioreactor-lock")
            release()

            try Data().write(to: unit.dot.appendingPathComponent("DISALLOW_UI_FILE_SYSTEM"))
            expectError(try await client.upload(MultipartBody(content: [1])), 403, error: "DISALLOW_UI_FILE_SYSTEM is present",
                        cause: "File system operations are disabled on this unit.",
                        remediation: "Remove DISALLOW_UI_FILE_SYSTEM or run the import locally via SSH.")
        }
        #expect(unit.uploadsLeft().isEmpty)
    }

    @Test func validationFailuresDeleteTheUpload() async throws {
        let unit = try TestUnit.forImport()
        defer { unit.remove() }
        let other = try TestUnit(name: "other")
        defer { other.remove() }
        let foreign = try await other.withClient { try await $0.exportDotPioreactor() }
        try await unit.withClient { client in
            expectError(try await client.upload(MultipartBody(content: Array("PK but not a zip".utf8))), 400,
                        error: "Uploaded file is not a valid zip archive", cause: "Archive could not be read as a zip file.",
                        remediation: "Upload a valid .zip file.")
            expectError(try await client.upload(MultipartBody(content: foreign)), 400,
                        error: "Archive prepared for other, cannot import into pioleader", cause: "Zip archive failed validation.",
                        remediation: Self.validationRemediation)
        }
        #expect(unit.uploadsLeft().isEmpty)
        #expect(unit.recordedActions().isEmpty)
    }

    @Test func oversizedUploadIs413() async throws {
        let unit = try TestUnit.forImport(uploadLimit: 1000)
        defer { unit.remove() }
        try await unit.withClient { client in
            let response = try await client.upload(MultipartBody(content: [UInt8](repeating: 0x41, count: 5000)))
            #expect(response.status.code == 413)
            #expect(response.json["status"] == 413)
        }
        #expect(unit.uploadsLeft().isEmpty)
    }

    @Test func roundTripRestoresTheTreeAndReboots() async throws {
        let unit = try TestUnit.forImport()
        defer { unit.remove() }
        let config = unit.dot.appendingPathComponent("config.ini")
        let plugin = unit.dot.appendingPathComponent("plugins/relay_blinker.py")
        let original = try String(contentsOf: config, encoding: .utf8)
        let pluginBytes = try Data(contentsOf: plugin)
        try await unit.withClient { client in
            let archive = try await client.exportDotPioreactor()
            // Change the unit after the export: edit, delete, add.
            try original.replacingOccurrences(of: "Kp=", with: "changed_gain=").write(to: config, atomically: true, encoding: .utf8)
            try FileManager.default.removeItem(at: plugin)
            try Data("new".utf8).write(to: unit.dot.appendingPathComponent("added_after_export.txt"))

            let response = try await client.upload(MultipartBody(content: archive))
            let result = try await client.result(of: response, timeout: .seconds(20))
            #expect(result["status"] == "succeeded", "\(result.encoded())")
            #expect(result["result"] == true)
        }
        let restored = try String(contentsOf: config, encoding: .utf8)
        #expect(restored.contains("\nKp=0.005\n"))
        #expect(!restored.contains("changed_gain"))
        #expect(restored.contains("temporary_cache=\(unit.paths.defaultTemporaryCache.path)"))
        #expect(try Data(contentsOf: plugin) == pluginBytes)
        #expect(!FileManager.default.fileExists(atPath: unit.dot.appendingPathComponent("added_after_export.txt").path))
        #expect(FileManager.default.fileExists(atPath: unit.dot.appendingPathComponent("ui").path))
        // The previous tree is kept as a backup, with the file added after the export.
        let backups = try FileManager.default.contentsOfDirectory(atPath: unit.scratch.path).filter { $0.hasPrefix("pioleader_dot_pioreactor_backup_") }
        #expect(backups.count == 1)
        #expect(FileManager.default.fileExists(atPath: unit.scratch.appendingPathComponent(backups.first ?? "?").appendingPathComponent("added_after_export.txt").path))
        #expect(unit.uploadsLeft().isEmpty)
        // The reboot is its own task, 2 s after the import.
        let deadline = ContinuousClock.now.advanced(by: .seconds(6))
        while unit.recordedActionNames().isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(unit.recordedActionNames() == ["reboot"])
    }

    @Test func liveServerStreamsALargeUpload() async throws {
        let unit = try TestUnit.forImport()
        defer { unit.remove() }
        let app = Application(router: UnitApplication.router(services: unit.services))
        try await app.test(.live) { client in
            // 3 MiB of non-zip bytes: streamed to disk in many chunks, then refused by validation.
            var noise = [UInt8](repeating: 0, count: 3 << 20)
            for index in noise.indices { noise[index] = UInt8(truncatingIfNeeded: index &* 2654435761 >> 13) }
            let response = try await client.upload(MultipartBody(content: noise))
            expectError(response, 400, error: "Uploaded file is not a valid zip archive", cause: "Archive could not be read as a zip file.",
                        remediation: "Upload a valid .zip file.")
        }
        #expect(unit.uploadsLeft().isEmpty)
    }
}
