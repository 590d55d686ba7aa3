import Foundation
import HummingbirdTesting
import PioreactorCore
import Testing

@Suite struct PluginInstallRoutesTests {
    @Test func installEnqueuesTheScriptWithSource() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            let body = #"{"args":["pioreactor-air-bubbler"],"options":{"source":"https://example.com/p.whl"},"env":{"X":"y"}}"#
            let accepted = try await client.send("/plugins/install", body: body)
            #expect(try await client.result(of: accepted)["result"] == true)
        }
        let action = unit.recordedActions().first
        #expect(action?["action"] == "install_plugin")
        #expect(action?["args"] == ["name": "pioreactor-air-bubbler", "source": "https://example.com/p.whl"])
    }

    @Test func installChecksInOrder() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            expectError(try await client.send("/plugins/install", body: #"{"args":[]}"#), 400, error: "Plugin name is required",
                        cause: "No plugin name provided in args.", remediation: "Provide a single plugin name in args.")
            expectError(try await client.send("/plugins/install", body: #"{"args":["a","b"]}"#), 400,
                        error: "Install one plugin at a time via the API", cause: "Received 2 plugin arguments.",
                        remediation: "Provide exactly one plugin name in args.")
            #expect(try await client.send("/plugins/install", body: #"{"args":["a; rm -rf /"]}"#).json["error"] == "Invalid plugin name")
            #expect(try await client.send("/plugins/install", body: #"{"args":["a"],"options":{"source":"--index-url=x"}}"#).json["error"] == "Invalid plugin source")
            #expect(try await client.send("/plugins/install", body: "").status == .badRequest)
            #expect(try await client.send("/plugins/install", body: #"{"args":[1]}"#).status == .badRequest)

            try Data().write(to: unit.dot.appendingPathComponent("DISALLOW_UI_INSTALLS"))
            expectError(try await client.send("/plugins/install", body: "garbage"), 403, error: "DISALLOW_UI_INSTALLS is present",
                        cause: "Plugin installs are disabled on this unit.", remediation: "Remove DISALLOW_UI_INSTALLS or install via SSH.")
        }
        #expect(unit.recordedActions().isEmpty)
    }

    @Test func uninstallIsNotBlockedByTheFlagAndDeletesFilePlugins() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try Data().write(to: unit.dot.appendingPathComponent("DISALLOW_UI_INSTALLS"))
        try await unit.withClient { client in
            expectError(try await client.send("/plugins/uninstall", body: #"{"args":[]}"#), 400,
                        error: "Uninstall one plugin at a time via the API", cause: "Received 0 plugin arguments.",
                        remediation: "Provide exactly one plugin name in args.")
            expectError(try await client.send("/plugins/uninstall", .patch, body: #"{"args":["a","b","c"]}"#), 400,
                        error: "Uninstall one plugin at a time via the API", cause: "Received 3 plugin arguments.",
                        remediation: "Provide exactly one plugin name in args.")
            let response = try await client.send("/plugins/uninstall", body: #"{"args":["relay_blinker"]}"#)
            #expect(try await client.result(of: response)["result"] == true)
        }
        #expect(!FileManager.default.fileExists(atPath: unit.dot.appendingPathComponent("plugins/relay_blinker.py").path))
    }

    @Test func installAndUninstallShareOneRateLimit() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            let first = try await client.result(of: try await client.send("/plugins/install", body: #"{"args":["one"]}"#))
            let second = try await client.result(of: try await client.send("/plugins/uninstall", body: #"{"args":["two"]}"#))
            #expect(first["result"] == true)
            // One per 60 s window (unless the two straddle a window edge).
            if second["status"] == "failed" {
                #expect(second["error"] == #"RateLimitExceeded('Rate limit exceeded on "plugins"')"#)
            }
        }
    }
}
