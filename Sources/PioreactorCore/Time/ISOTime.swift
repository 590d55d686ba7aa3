import Foundation

/// UTC ISO-8601 timestamps with millisecond precision and a `Z` suffix, the form the API
/// and the job tables use: `2026-11-28T13:59:53.216Z`.
public enum ISOTime {
    public static func milliseconds(_ date: Date = Date()) -> String {
        var time = time_t(floor(date.timeIntervalSince1970))
        var millis = Int((date.timeIntervalSince1970 - Double(time)) * 1000)
        if millis >= 1000 { millis = 999 }
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis
        )
    }
}
