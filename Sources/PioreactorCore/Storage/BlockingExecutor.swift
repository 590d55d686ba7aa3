/// Where blocking file work runs (an fsync can take a second on a Pi's SD card). Core has no NIO,
/// so the server passes its blocking thread pool in; `.inline` runs on the caller (tools, tests).
public struct BlockingExecutor: Sendable {
    private let submit: @Sendable (@escaping @Sendable () throws -> any Sendable) async throws -> any Sendable

    public init(_ submit: @escaping @Sendable (@escaping @Sendable () throws -> any Sendable) async throws -> any Sendable) {
        self.submit = submit
    }

    public static let inline = BlockingExecutor { work in try work() }

    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        // The closure returns T, so the cast back cannot fail.
        try await submit { try work() } as! T
    }
}
