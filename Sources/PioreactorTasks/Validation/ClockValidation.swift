import PioreactorCore

/// Validates the leader's `POST /system/utc_clock` body (spec §3.12) and returns the timestamp
/// to pass to `date -s`. `body` is the leniently parsed JSON (nil when empty or not JSON).
public func validateClockBody(_ body: JSONValue?) throws(UnitError) -> String {
    // Python `if not data`: empty objects and other falsy JSON read as "no body"; non-objects
    // (a 500 in the reference) get the same 400.
    guard let body, body.isTruthy, let object = body.objectValue else {
        throw UnitError.badRequest(
            "utc_clock_time field is required",
            cause: "Request body is empty or not JSON.",
            remediation: "Send JSON with a 'utc_clock_time' field.")
    }
    guard let value = object["utc_clock_time"], value.isTruthy else {
        throw UnitError.badRequest(
            "utc_clock_time field is required",
            cause: "Missing 'utc_clock_time' value in JSON payload.",
            remediation: "Provide an ISO 8601 timestamp in 'utc_clock_time'.")
    }
    guard let text = value.stringValue, isValidClockTimestamp(text) else {
        throw UnitError.badRequest(
            "Invalid utc_clock_time format. Use ISO 8601.",
            cause: "Unable to parse '\(pythonStr(value))' as ISO 8601.",
            remediation: "Use an ISO 8601 timestamp, e.g. 2025-01-31T12:34:56Z.")
    }
    return text
}

/// True for exactly `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.f{1,6}Z` naming a real UTC instant.
public func isValidClockTimestamp(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    // 20 bytes without a fraction, 22...27 with one.
    guard bytes.count == 20 || (22...27).contains(bytes.count) else { return false }
    func number(_ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
    guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
        bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes.last == UInt8(ascii: "Z"),
        let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
        let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
    else { return false }
    if bytes.count > 20 {
        guard bytes[19] == UInt8(ascii: "."), number(20..<(bytes.count - 1)) != nil else { return false }
    }
    guard year >= 1, (1...12).contains(month), hour < 24, minute < 60, second < 60 else { return false }
    return (1...daysIn(month: month, year: year)).contains(day)
}

private func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Python's `str()` of a decoded JSON value, for the error's cause.
private func pythonStr(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return text
    case .bool(let flag): return flag ? "True" : "False"
    case .null: return "None"
    case .int(let number): return String(number)
    case .double(let number): return JSONValue.pythonFloatRepr(number)
    case .array, .object: return value.encoded()
    }
}
