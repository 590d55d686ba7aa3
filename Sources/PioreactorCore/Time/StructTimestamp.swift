import Foundation

/// Struct timestamps of jobs.md §4: UTC, milliseconds padded to 6 digits, `Z`.
public enum StructTimestamp {
    public static func now(_ date: Date = Date()) -> String {
        String(ISOTime.milliseconds(date).dropLast()) + "000Z"
    }

    /// Parses `2025-01-01T12:00:00.123000Z` (any fraction length, `Z` or `+00:00`); nil if malformed.
    public static func parse(_ text: String) -> Date? {
        var body = Substring(text)
        if body.hasSuffix("Z") {
            body = body.dropLast()
        } else if body.hasSuffix("+00:00") {
            body = body.dropLast(6)
        }
        let halves = body.split(separator: ".", maxSplits: 1)
        guard let whole = halves.first else { return nil }
        let fields = whole.split(whereSeparator: { "-T: ".contains($0) }).compactMap { Int($0) }
        guard fields.count == 6 else { return nil }
        var utc = tm()
        utc.tm_year = Int32(fields[0] - 1900)
        utc.tm_mon = Int32(fields[1] - 1)
        utc.tm_mday = Int32(fields[2])
        utc.tm_hour = Int32(fields[3])
        utc.tm_min = Int32(fields[4])
        utc.tm_sec = Int32(fields[5])
        let seconds = timegm(&utc)
        var fraction = 0.0
        if halves.count == 2 {
            guard !halves[1].isEmpty, halves[1].allSatisfy(\.isNumber), let value = Double("0." + halves[1]) else { return nil }
            fraction = value
        }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
