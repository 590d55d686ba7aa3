import PioreactorCore
import Testing
@testable import PioreactorTasks

@Suite struct ClockValidationTests {
    let formatError = "Invalid utc_clock_time format. Use ISO 8601."

    @Test(arguments: [
        "2025-01-31T12:34:56Z", "2025-01-31T12:34:56.123456Z", "2025-01-31T12:34:56.1Z",
        "2024-02-29T23:59:59Z", "2000-02-29T00:00:00.000Z",
    ])
    func acceptsExactUTCForms(value: String) throws {
        #expect(try validateClockBody(["utc_clock_time": .string(value)]) == value)
    }

    @Test(arguments: [
        "2025-01-31T12:34:56+00:00", "2025-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2025-04-31T00:00:00Z", "2025-01-31T24:00:00Z", "2025-01-31T12:60:00Z", "2025-01-31T12:34:60Z",
        "2025-01-31T12:34:56.1234567Z", "2025-01-31T12:34:56.Z", "2025-01-31 12:34:56Z", "2025-01-31T12:34:56",
        "0000-01-01T00:00:00Z", " 2025-01-31T12:34:56Z", "2025-1-31T12:34:56Z", "2025-01-31T12:34:5aZ",
        "2025-01-31T12:34:56.12a4Z", "yesterday",
    ])
    func rejectsEverythingElse(value: String) {
        #expect(throws: UnitError.badRequest(
            formatError, cause: "Unable to parse '\(value)' as ISO 8601.",
            remediation: "Use an ISO 8601 timestamp, e.g. 2025-01-31T12:34:56Z.")
        ) { try validateClockBody(["utc_clock_time": .string(value)]) }
    }

    @Test(arguments: [nil, JSONValue.object(JSONObject()), .null, .array([]), .string("2025-01-31T12:34:56Z"), .int(3)])
    func emptyOrNonObjectBodyIsMissingField(body: JSONValue?) {
        #expect(throws: UnitError.badRequest(
            "utc_clock_time field is required", cause: "Request body is empty or not JSON.",
            remediation: "Send JSON with a 'utc_clock_time' field.")
        ) { try validateClockBody(body) }
    }

    @Test(arguments: [JSONValue.object(JSONObject([("other", 1)])), ["utc_clock_time": ""], ["utc_clock_time": .null]])
    func missingOrEmptyValue(body: JSONValue) {
        #expect(throws: UnitError.badRequest(
            "utc_clock_time field is required", cause: "Missing 'utc_clock_time' value in JSON payload.",
            remediation: "Provide an ISO 8601 timestamp in 'utc_clock_time'.")
        ) { try validateClockBody(body) }
    }

    @Test func nonStringValueIsAFormatError() {
        #expect(throws: UnitError.badRequest(
            formatError, cause: "Unable to parse '1700000000' as ISO 8601.",
            remediation: "Use an ISO 8601 timestamp, e.g. 2025-01-31T12:34:56Z.")
        ) { try validateClockBody(["utc_clock_time": 1_700_000_000]) }
    }

    @Test func nonJSONBodyParsedLenientlyIsRejected() {
        // The HTTP layer hands nil for a body that fails to parse.
        let parsed = try? JSONValue.parse("utc_clock_time=2025")
        #expect(parsed == nil)
        #expect(throws: UnitError.self) { try validateClockBody(parsed) }
    }
}
