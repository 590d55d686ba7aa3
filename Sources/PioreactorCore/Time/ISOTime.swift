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
        // Digits by hand: String(format:) goes through Foundation's varargs formatter and was
        // a tenth of /health's CPU.
        var text = ""
        text.reserveCapacity(24)
        pad(Int(parts.tm_year) + 1900, 4, &text)
        text += "-"
        pad(Int(parts.tm_mon) + 1, 2, &text)
        text += "-"
        pad(Int(parts.tm_mday), 2, &text)
        text += "T"
        pad(Int(parts.tm_hour), 2, &text)
        text += ":"
        pad(Int(parts.tm_min), 2, &text)
        text += ":"
        pad(Int(parts.tm_sec), 2, &text)
        text += "."
        pad(millis, 3, &text)
        text += "Z"
        return text
    }

    /// `value` zero-padded to at least `width` digits (values are never negative here).
    private static func pad(_ value: Int, _ width: Int, _ text: inout String) {
        let digits = String(value)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }
}
