import Foundation
import Synchronization

/// The `Date` response header, in the IMF-fixdate form Werkzeug sends:
/// `Sun, 29 Nov 2026 00:24:30 GMT`.
public enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `second` (since the Unix epoch) as an HTTP date.
    public static func format(epochSecond second: Int) -> String {
        var time = time_t(second)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = weekdays[Int(parts.tm_wday)] + ", "
        text.appendZeroPadded(Int(parts.tm_mday), width: 2)
        text += " " + months[Int(parts.tm_mon)] + " "
        text.appendZeroPadded(Int(parts.tm_year) + 1900, width: 4)
        text += " "
        text.appendTimeOfDay(parts)
        return text + " GMT"
    }

    /// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), as `If-Modified-Since` carries it; nil
    /// for anything else.
    public static func parse(_ text: String) -> Date? {
        let fields = text.split(separator: " ")
        guard fields.count == 6, fields[5] == "GMT", let day = Int32(fields[1]), let year = Int32(fields[3]),
              let month = months.firstIndex(of: String(fields[2])) else { return nil }
        let clock = fields[4].split(separator: ":").compactMap { Int32($0) }
        guard clock.count == 3 else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = clock[0]
        parts.tm_min = clock[1]
        parts.tm_sec = clock[2]
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}

/// The current HTTP date, formatted at most once per second and shared by every response
/// of that second.
public final class HTTPDateClock: Sendable {
    private let latest = Mutex<(second: Int, text: String)>((-1, ""))

    public init() {}

    public func now() -> String {
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        let second = Int(clock.tv_sec)
        return latest.withLock { latest in
            if latest.second != second { latest = (second, HTTPDate.format(epochSecond: second)) }
            return latest.text
        }
    }
}
