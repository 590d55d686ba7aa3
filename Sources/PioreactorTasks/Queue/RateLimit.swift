import Foundation

/// A fixed-window task rate limit (spec §1.5): at most `limit` executions per window of
/// `per` seconds, where the window index is `floor(unix_time / per)`.
public struct RateLimit: Sendable, Equatable, Hashable {
    public let key: String
    public let limit: Int
    public let per: Int

    public init(key: String, limit: Int, per: Int) {
        precondition(per > 0 && limit >= 0, "a rate limit needs a positive window")
        self.key = key
        self.limit = limit
        self.per = per
    }

    /// Plugin install and uninstall share one budget.
    public static let plugins = RateLimit(key: "plugins", limit: 1, per: 60)
    public static let updateApp = RateLimit(key: "update-app", limit: 1, per: 60)
    /// Reboot and shutdown share one budget.
    public static let powerActions = RateLimit(key: "power-actions", limit: 1, per: 15)
    public static let webRestart = RateLimit(key: "web-restart", limit: 1, per: 15)

    /// The window an instant falls in (Huey: `int(now) // per`).
    public func window(at date: Date) -> Int64 {
        Int64(floor(date.timeIntervalSince1970)) / Int64(per)
    }

    /// The stored error of a rejected task, exactly as the reference reports it.
    public var exceededMessage: String { "RateLimitExceeded('Rate limit exceeded on \"\(key)\"')" }
}
