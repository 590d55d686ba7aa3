import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bounded `GET http://<host>:<port><path>` over a plain socket: the monitor's web-server check
/// needs only the status line, and must never hang the job.
public struct HealthProbe: Sendable {
    public let host: String
    public let port: Int
    public let path: String
    /// Seconds allowed for each of connect, send and receive.
    public let timeout: Double

    public init(host: String = "localhost", port: Int, path: String = "/unit_api/health", timeout: Double = 5) {
        self.host = host
        self.port = port
        self.path = path
        self.timeout = timeout
    }

    /// The HTTP status code, or a description of why there is none.
    public func check() -> Result<Int, HealthProbeError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(HealthProbeError("cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address for \(host)"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            switch request(entry.pointee) {
            case .success(let code): return .success(code)
            case .failure(let error): lastError = error.description
            }
        }
        return .failure(HealthProbeError(lastError))
    }

    private func request(_ address: addrinfo) -> Result<Int, HealthProbeError> {
        let fd = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard fd >= 0 else { return .failure(HealthProbeError("socket: errno \(errno)")) }
        defer { close(fd) }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - floor(timeout)) * 1_000_000))
        // SO_SNDTIMEO also bounds a blocking connect on Linux.
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, address.ai_addr, address.ai_addrlen) == 0 else {
            let code = errno
            return .failure(HealthProbeError("Failed to establish a new connection: [Errno \(code)] \(String(cString: strerror(code)))"))
        }
        let message = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nAccept: */*\r\n\r\n"
        let sent = message.utf8CString.withUnsafeBufferPointer { buffer in
            send(fd, buffer.baseAddress, buffer.count - 1, Int32(MSG_NOSIGNAL))
        }
        guard sent == message.utf8.count else { return .failure(HealthProbeError("send failed: errno \(errno)")) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        // Only the status line matters: read until its end, the peer closes, or the timeout.
        while !received.contains(UInt8(ascii: "\n")), received.count < 8192 {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received.append(contentsOf: buffer[0..<count])
        }
        let statusLine = String(decoding: received.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
            return .failure(HealthProbeError("no HTTP response from \(host):\(port)"))
        }
        return .success(code)
    }
}

/// Why the health check got no status code.
public struct HealthProbeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
