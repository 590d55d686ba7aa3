import Synchronization

/// The port `pio web` really listens on: known at start for a fixed port, and only once the
/// socket is bound for `--port 0`. Jobs the server starts get it as `PIO_UI_PORT`.
public final class ListeningPort: Sendable {
    private let port: Mutex<Int?>

    public init(_ port: Int? = nil) { self.port = Mutex(port == 0 ? nil : port) }

    public var value: Int? { port.withLock { $0 } }

    public func set(_ value: Int) { port.withLock { $0 = value } }

    /// `environment` with `PIO_UI_PORT` when the port is known.
    public func environment(_ environment: [String: String]) -> [String: String] {
        guard let value else { return environment }
        return environment.merging(["PIO_UI_PORT": String(value)]) { _, port in port }
    }
}
