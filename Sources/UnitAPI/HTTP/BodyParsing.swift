import Foundation
import NIOPosix
import PioreactorCore

/// Parses request bodies. A large body (up to the 1 MiB limit, ~50 ms of CPU at worst) is parsed
/// on one dedicated thread, not on Swift's cooperative pool: that pool has one thread per core,
/// and a few clients sending big bodies would otherwise hold every thread and stall `/health`
/// and every other request behind them.
enum BodyParsing {
    /// Bodies up to this size parse inline: they cost microseconds.
    static let inlineLimit = 32 << 10

    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    static func parse(_ data: Data) async throws(JSONParseError) -> JSONValue {
        guard data.count > inlineLimit else { return try JSONValue.parse(data) }
        let result: Result<JSONValue, JSONParseError>
        do {
            result = try await pool.runIfActive { () -> Result<JSONValue, JSONParseError> in
                Result { () throws(JSONParseError) -> JSONValue in try JSONValue.parse(data) }
            }
        } catch {
            // The pool is never shut down; parse here rather than fail if it ever were.
            return try JSONValue.parse(data)
        }
        return try result.get()
    }
}
