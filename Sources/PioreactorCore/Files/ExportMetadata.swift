import Foundation

/// `pioreactor_export_metadata.json`, the last member of a DOT_PIOREACTOR export (storage.md §10).
public struct ExportMetadata: Sendable, Equatable {
    public static let memberName = "pioreactor_export_metadata.json"

    public var name: String
    public var leaderHostname: String
    public var isLeader: Bool
    public var appVersion: String
    public var exportedAt: Date

    public init(name: String, leaderHostname: String, isLeader: Bool, appVersion: String, exportedAt: Date) {
        self.name = name
        self.leaderHostname = leaderHostname
        self.isLeader = isLeader
        self.appVersion = appVersion
        self.exportedAt = exportedAt
    }

    /// Python `json.dumps` with default settings: `", "`/`": "` separators and ASCII-only escapes.
    public func pythonJSON() -> String {
        let fields: [(String, String)] = [
            ("metadata_version", "1"),
            ("name", Self.pythonString(name)),
            ("leader_hostname", Self.pythonString(leaderHostname)),
            ("is_leader", isLeader ? "true" : "false"),
            ("app_version", Self.pythonString(appVersion)),
            ("exported_at_utc", Self.pythonString(Self.utcMilliseconds(exportedAt))),
        ]
        return "{" + fields.map { "\(Self.pythonString($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// `2026-11-28T14:01:36.984Z`: milliseconds truncated, as the reference's clock does.
    public static func utcMilliseconds(_ date: Date) -> String {
        // Round to microseconds first (Python's datetime resolution), then truncate to milliseconds.
        let totalMicroseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let totalMilliseconds = totalMicroseconds.floorDivided(by: 1000)
        let seconds = totalMilliseconds.floorDivided(by: 1000)
        let millis = totalMilliseconds - seconds * 1000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(millis)
        )
    }

    /// A JSON string literal as Python's `ensure_ascii=True` writes it.
    static func pythonString(_ value: String) -> String {
        var out = "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: out += String(format: "\\u%04x", unit)
            }
        }
        return out + "\""
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
