import Foundation
import Hummingbird
import HummingbirdTesting
import PioreactorCore
import Testing

@Suite struct FileAndPluginRoutesTests {
    static let invalidPath = (error: "Invalid path.", cause: "Requested path could not be safely resolved.",
                              remediation: "Provide a path within the .pioreactor directory.")

    @Test func browsesDirectoriesAndServesFiles() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/system/path/", method: .get) { response in
                #expect(response.headers[.cacheControl] == "public, max-age=5")
                #expect(response.json["current"] == .string(unit.dot.path + "/"))
                #expect(response.json["files"] == ["config.ini", "unit_config.ini"])
                #expect(response.json["dirs"]?.arrayValue?.contains("storage") == true)
            }
            try await client.execute(uri: "/unit_api/system/path/storage", method: .get) { response in
                #expect(response.json["current"] == .string(unit.dot.path + "/storage"))
            }
            var etag = ""
            try await client.execute(uri: "/unit_api/system/path/storage/../unit_config.ini", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.text.hasPrefix("# unit-specific overrides"))
                etag = response.headers[.eTag] ?? ""
            }
            try await client.execute(uri: "/unit_api/system/path/unit_config.ini", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/unit_api/system/path/unit_config.ini", method: .get, headers: [.range: "bytes=2-5"]) { response in
                #expect(response.status == .partialContent)
                #expect(response.text == "unit")
            }
        }
    }

    /// Found by fuzz/run: an empty file (the fixture's storage/.keep) used to trap the server.
    @Test func servesEmptyFiles() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/system/path/storage/.keep", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(response.headers[.contentLength] == "0")
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/unit_api/system/path/storage/.keep", method: .get, headers: [.range: "bytes=0-"]) { response in
                #expect(response.status == .rangeNotSatisfiable)
                #expect(response.headers[.contentRange] == "bytes */0")
            }
        }
    }

    @Test func refusesEscapesSQLiteAndMissingPaths() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let outside = unit.root.appendingPathComponent("secret.txt")
        try "secret".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: unit.dot.appendingPathComponent("link").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: unit.dot.appendingPathComponent("linkdir").path, withDestinationPath: unit.root.path)
        try await unit.withClient { client in
            for uri in ["/unit_api/system/path/../secret.txt", "/unit_api/system/path/%2E%2E/secret.txt", "/unit_api/system/path/storage/../../secret.txt",
                        "/unit_api/system/path/link", "/unit_api/system/path/linkdir", "/unit_api/system/path/linkdir/secret.txt"] {
                try await client.execute(uri: uri, method: .get) { response in
                    expectError(response, 403, error: Self.invalidPath.error, cause: Self.invalidPath.cause, remediation: Self.invalidPath.remediation)
                }
            }
            try await client.execute(uri: "/unit_api/system/path/nothing/here", method: .get) { response in
                expectError(response, 404, error: "Path not found.", cause: "Path does not exist: nothing/here", remediation: "Check the path and try again.")
            }
            try await client.execute(uri: "/unit_api/bioreactor/experiments/e", method: .get) { _ in }  // creates the persistent cache
            try await client.execute(uri: "/unit_api/system/path/storage/local_persistent_pioreactor_metadata.sqlite", method: .get) { response in
                expectError(response, 403, error: "Access to downloading sqlite files is restricted.",
                            cause: "SQLite files are blocked from download via the API.", remediation: "Access the database directly on the device.")
            }
        }
        try "".write(to: unit.dot.appendingPathComponent("DISALLOW_UI_FILE_SYSTEM"), atomically: true, encoding: .utf8)
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/system/path/", method: .get) { response in
                expectError(response, 403, error: "DISALLOW_UI_FILE_SYSTEM is present", cause: "File system browsing is disabled on this unit.",
                            remediation: "Remove DISALLOW_UI_FILE_SYSTEM or browse locally via SSH.")
            }
            try await client.execute(uri: "/unit_api/zipped_dot_pioreactor", method: .get) { response in
                expectError(response, 403, error: "DISALLOW_UI_FILE_SYSTEM is present", cause: "File system access is disabled on this unit.",
                            remediation: "Remove DISALLOW_UI_FILE_SYSTEM or export files locally via SSH.")
            }
        }
    }

    @Test func exportsTheWholeTreeWithMetadataLast() async throws {
        let unit = try TestUnit(name: "pio01")
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/zipped_dot_pioreactor", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/zip")
                #expect(response.headers[.contentDisposition] == "attachment; filename=pio01_dot_pioreactor.zip")
                let members = try TestTree.zipMembers(Data(response.body.readableBytesView))
                #expect(members.last == "pioreactor_export_metadata.json")
                #expect(members.contains("config.ini"))
                #expect(members.contains("storage/calibrations/od90/od90-older-2025-11.yaml"))
                #expect(members.contains("storage/"))
            }
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("dot_pioreactor_export_") }
        #expect(leftovers.isEmpty, "the temp archive is removed")
    }

    @Test func pluginsAreListedAndServedAsText() async throws {
        let unit = try TestUnit(name: "pio01")
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/plugins/installed", method: .get) { response in
                #expect(response.headers[.cacheControl] == "public, max-age=5")
                let plugins = response.json.arrayValue ?? []
                #expect(plugins.count == 1)
                #expect(plugins.first?["source"] == "plugins/relay_blinker.py")
                #expect(plugins.first?.objectValue?.keys == ["name", "version", "description", "homepage", "source", "author"])
            }
            try await client.execute(uri: "/unit_api/plugins/installed/relay_blinker.py", method: .get) { response in
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(response.text.contains("__plugin_name__"))
            }
            for name in ["relay_blinker.txt", "missing.py", "..%2Fconfig.ini", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd"] {
                try await client.execute(uri: "/unit_api/plugins/installed/\(name)", method: .get) { response in
                    expectError(response, 404, error: "must provide a .py file", cause: "Requested plugin filename is not a .py file.",
                                remediation: "Request a specific plugin file ending with .py.")
                }
            }
        }
    }
}
