import Foundation
import HummingbirdTesting
import PioreactorCore
@testable import UnitAPI
import Testing

@Suite struct SystemRoutesTests {
    @Test func healthAnswersWithUnitAndTime() async throws {
        let unit = try TestUnit(name: "pio01")
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "public, max-age=0")
                let body = response.json.objectValue
                #expect(body?.keys == ["status", "pioreactor_unit", "utc_time"])
                #expect(body?["pioreactor_unit"] == "pio01")
                let time = body?["utc_time"]?.stringValue ?? ""
                #expect(time.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
            }
        }
    }

    @Test func versionIsCachedLong() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/versions/app", method: .get) { response in
                #expect(response.headers[.cacheControl] == "public, max-age=10000")
                #expect(response.text == #"{"version":"\#(PioreactorVersion.app)"}"#)
            }
        }
    }

    @Test func unknownRouteIs404AndWrongMethodIs405() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/nope", method: .get) { response in
                expectError(response, 404, error: "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.")
            }
            try await client.execute(uri: "/unit_api/health", method: .post) { response in
                expectError(response, 405, error: "The method is not allowed for the requested URL.")
            }
            try await client.execute(uri: "/unit_api/health", method: .options) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.allow] == "GET, OPTIONS, HEAD")
            }
            try await client.execute(uri: "/unit_api/health", method: .head) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func leaderAPIIsNotServedOnAWorker() async throws {
        let worker = try TestUnit(name: "worker1")
        defer { worker.remove() }
        try await worker.withClient { client in
            try await client.execute(uri: "/api/workers", method: .get) { response in
                expectError(response, 404, error: "Can't access /api/ endpoints when this unit isn't the leader. Did you mean /unit_api/?")
            }
        }
    }

    @Test func clockReadsUTC() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/system/utc_clock", method: .get) { response in
                #expect(response.json.objectValue?.keys == ["status", "clock_time"])
                #expect(response.headers[.cacheControl] == nil)
            }
        }
    }
}

@Suite struct HealthBodyTests {
    /// The pre-encoded body is byte for byte what the general encoder writes for the same object,
    /// including unit names that need escaping.
    @Test(arguments: ["pio01", #"odd"name\with"#, "ünït-☃", "tab\there"])
    func matchesTheGeneralEncoder(unitName: String) {
        let time = ISOTime.milliseconds()
        let expected: JSONValue = ["status": "ok", "pioreactor_unit": .string(unitName), "utc_time": .string(time)]
        #expect(HealthBody(unitName: unitName).encoded(utcTime: time) == expected.encodedBytes())
    }
}
