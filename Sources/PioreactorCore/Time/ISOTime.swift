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
        var text = ""
        text.reserveCapacity(24)
        text.appendZeroPadded(Int(parts.tm_year) + 1900, width: 4)
        text += "-"
        text.appendZeroPadded(Int(parts.tm_mon) + 1, width: 2)
        text += "-"
        text.appendZeroPadded(Int(parts.tm_mday), width: 2)
        text += "T"
        text.appendTimeOfDay(parts)
        text += "."
        text.appendZeroPadded(millis, width: 3)
        text += "Z"
        return text
    }
}
