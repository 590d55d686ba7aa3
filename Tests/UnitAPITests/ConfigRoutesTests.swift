import Foundation
import Hummingbird
import HummingbirdTesting
import PioreactorCore
import Testing

@Suite struct ConfigRoutesTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    static func code(_ text: String) -> ByteBuffer {
        ByteBuffer(string: JSONValue.object(JSONObject([("code", .string(text))])).encoded())
    }

    @Test func mergedAndSpecificReadTheFiles() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/config/merged", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == nil)
                #expect(response.json["stirring.config"]?["initial_target_rpm"] == "450")
                #expect(response.json.objectValue?.keys.suffix(2) == ["leds_reverse", "PWM_reverse"])
            }
            try await client.execute(uri: "/unit_api/config/specific", method: .get) { response in
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=0")
                #expect(response.text.hasPrefix("# unit-specific overrides"))
            }
        }
    }

    @Test func savingValidatesThenWritesNormalisedText() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/config/specific", method: .patch, headers: Self.json,
                                     body: Self.code("[stirring.pid]\nKp=0.01 ; inline\nrange=1–2\n")) { response in
                #expect(response.text == #"{"status":"success"}"#)
            }
            try await client.execute(uri: "/unit_api/config/merged", method: .get) { response in
                #expect(response.json["stirring.pid"]?["Kp"] == "0.01 ; inline")
                #expect(response.json["stirring.pid"]?["range"] == "1-2")
            }
        }
    }

    @Test func invalidTextLeavesTheFileByteForByte() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let file = unit.dot.appendingPathComponent("unit_config.ini")
        let before = try Data(contentsOf: file)
        let cases: [(ByteBuffer, String)] = [
            (Self.code("[a]\nb=1\n[a]\nc=2\n"), "Duplicate section [a] was found. Please fix and try again."),
            (Self.code("[a]\nb=1\nb=2\n"), "Duplicate option, `b`, was found in section [a]. Please fix and try again."),
            (Self.code("nohead=1\n"), "Incorrect syntax. Please fix and try again."),
            (ByteBuffer(string: ""), "Input data was truncated"),
            (ByteBuffer(string: #"{"nocode": 1}"#), "Object missing required field `code`"),
            (ByteBuffer(string: #"{"code": 1}"#), "Expected `str`, got `int` - at `$.code`"),
        ]
        try await unit.withClient { client in
            for (body, message) in cases {
                try await client.execute(uri: "/unit_api/config/specific", method: .post, headers: Self.json, body: body) { response in
                    expectError(response, 400, error: message)
                }
            }
            try await client.execute(uri: "/unit_api/config/specific", method: .post, headers: Self.json, body: Self.code("[a]\nb=50%\n")) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["error"] == "Failed to validate merged config")
            }
        }
        #expect(try Data(contentsOf: file) == before)
    }

    @Test func brokenSharedConfigIsA500WithTheSchema() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try FileManager.default.removeItem(at: unit.dot.appendingPathComponent("config.ini"))
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/config/merged", method: .get) { response in
                expectError(response, 500, error: "Failed to read merged config", cause: "config.ini is missing on this unit.",
                            remediation: "Check config.ini and unit_config.ini on this unit, then retry.")
            }
        }
    }
}
