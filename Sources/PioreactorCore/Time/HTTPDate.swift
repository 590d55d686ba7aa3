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
