import Foundation

extension String {
    /// Appends `value` zero-padded to at least `width` digits (the timestamp formatters' fields,
    /// never negative). Cheaper than `String(format:)`, which was a tenth of /health's CPU.
    mutating func appendZeroPadded(_ value: Int, width: Int) {
        let digits = String(value)
        if digits.count < width { append(String(repeating: "0", count: width - digits.count)) }
        append(digits)
    }

    /// Appends `HH:MM:SS` from broken-down time.
    mutating func appendTimeOfDay(_ parts: tm) {
        appendZeroPadded(Int(parts.tm_hour), width: 2)
        append(":")
        appendZeroPadded(Int(parts.tm_min), width: 2)
        append(":")
        appendZeroPadded(Int(parts.tm_sec), width: 2)
    }
}
