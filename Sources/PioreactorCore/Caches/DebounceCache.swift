import Foundation
import GRDB

/// The `/jobs/run` rate limiter (unit-api §1.6): intermittent cache `debounce`,
/// job name (TEXT) → unix seconds (REAL).
public struct DebounceCache: Sendable {
    public let cache: KeyValueCache
    /// Requests closer than this to the stored time are rejected.
    public let window: Double
    /// Unix seconds now; a test passes its own to step past the window instead of sleeping.
    let clock: @Sendable () -> Double

    public init(database: CacheDatabase, window: Double = 1.0, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        cache = database.cache("debounce")
        self.window = window
        self.clock = clock
    }

    /// `isRateLimited(jobName:now:)` at the clock's time.
    public func isRateLimited(jobName: String) async throws -> Bool {
        try await isRateLimited(jobName: jobName, now: clock())
    }

    /// True when the request must get a 429. Absent → store `now`, allow; `now − stored < window`
    /// → reject and keep the stored time; else store `now`, allow. One IMMEDIATE transaction,
    /// so concurrent requests (any process) see a consistent state.
    public func isRateLimited(jobName: String, now: Double) async throws -> Bool {
        let table = cache.table
        let window = self.window
        let key = CacheKey.text(jobName)
        return try await cache.database.write { db in
            if try KeyValueCache.insertIfAbsent(db, table: table, key: key, value: .real(now)) {
                return false
            }
            // An unreadable stored time counts as expired (the reference would raise a 500).
            if let stored = try? KeyValueCache.select(db, table: table, key: key)?.floatValue(),
               now - stored < window {
                return true
            }
            try KeyValueCache.upsert(db, table: table, key: key, value: .real(now))
            return false
        }
    }
}
