import NIOPosix
import PioreactorCore

/// Blocking file and process work (fsync, zip building, whole-folder exports, file reads,
/// `waitUntilExit`) runs on NIO's blocking thread pool: Swift's cooperative pool has one thread
/// per core, and one slow SD-card write there would stall every request.
enum BlockingWork {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }

    /// The same pool, for Core types that take a `BlockingExecutor`.
    static let executor = BlockingExecutor { work in try await NIOThreadPool.singleton.runIfActive(work) }
}
