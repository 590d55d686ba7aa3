import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// A bounded `GET <scheme>://<host>:<port><path>` for the jobs' two small HTTP needs (the
/// monitor's web-server check, the leader's inventory for the active check), over
/// AsyncHTTPClient: one deadline for the whole exchange, `https` leaders included, and no
/// libcurl (FoundationNetworking) in any `pio` process.
public struct HTTPProbe: Sendable {
    public let scheme: String
    public let host: String
    public let port: Int
    public let path: String
    /// Seconds allowed for the whole exchange: resolve, connect, send, receive.
    public let timeout: Double

    public init(scheme: String = "http", host: String = "localhost", port: Int, path: String = "/unit_api/health", timeout: Double = 5) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.timeout = timeout
    }

    public var url: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed):\(port)\(path)"
    }

    /// The HTTP status code, or a description of why there is none.
    public func check() async -> Result<Int, HTTPProbeError> {
        await fetch().map(\.status)
    }

    /// Status and body (at most 1 MiB), or a description of why there is none.
    public func fetch() async -> Result<HTTPProbeResponse, HTTPProbeError> {
        // A one-thread loop and a client for this probe alone, shut down after it: a job asks
        // once at start (the monitor now and then), and a process-wide client would keep its
        // event-loop threads, several MB of a Pi's memory per job, for the whole run.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let client = HTTPClient(eventLoopGroup: group, configuration: Self.configuration)
        let result: Result<HTTPProbeResponse, HTTPProbeError>
        do {
            let response = try await client.execute(
                HTTPClientRequest(url: url), deadline: .now() + .milliseconds(Int64(timeout * 1000)))
            let body = try await response.body.collect(upTo: Self.maximumResponseBytes)
            result = .success(HTTPProbeResponse(status: Int(response.status.code), body: Data(body.readableBytesView)))
        } catch {
            result = .failure(HTTPProbeError("no answer from \(url): \(error)"))
        }
        try? await client.shutdown()
        try? await group.shutdownGracefully()
        return result
    }

    static let maximumResponseBytes = 1 << 20

    /// A refused connection fails at once: AHC's default retries connecting until the deadline,
    /// which made every job start wait 3 s for a leader that is not there.
    static var configuration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }
}

/// A status code and the body bytes of one response.
public struct HTTPProbeResponse: Sendable {
    public let status: Int
    public let body: Data
}

/// Why a probe got no response.
public struct HTTPProbeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
