import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bounded `GET http://<host>:<port><path>` over a plain socket, for the jobs' two small HTTP
/// needs (the monitor's web-server check, the leader's inventory for the active check). A plain
/// socket keeps libcurl (FoundationNetworking) out of every `pio` process, and nothing can hang.
public struct HTTPProbe: Sendable {
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
    public func check() -> Result<Int, HTTPProbeError> {
        fetch().map(\.status)
    }

    /// Status and body (chunked bodies decoded), or a description of why there is none.
    public func fetch() -> Result<HTTPProbeResponse, HTTPProbeError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(HTTPProbeError("cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address for \(host)"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            switch request(entry.pointee) {
            case .success(let response): return .success(response)
            case .failure(let error): lastError = error.description
            }
        }
        return .failure(HTTPProbeError(lastError))
    }

    private func request(_ address: addrinfo) -> Result<HTTPProbeResponse, HTTPProbeError> {
        let fd = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard fd >= 0 else { return .failure(HTTPProbeError("socket: errno \(errno)")) }
        defer { close(fd) }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - floor(timeout)) * 1_000_000))
        // SO_SNDTIMEO also bounds a blocking connect on Linux.
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, address.ai_addr, address.ai_addrlen) == 0 else {
            let code = errno
            return .failure(HTTPProbeError("Failed to establish a new connection: [Errno \(code)] \(String(cString: strerror(code)))"))
        }
        let message = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nAccept: */*\r\n\r\n"
        let sent = message.utf8CString.withUnsafeBufferPointer { buffer in
            send(fd, buffer.baseAddress, buffer.count - 1, Int32(MSG_NOSIGNAL))
        }
        guard sent == message.utf8.count else { return .failure(HTTPProbeError("send failed: errno \(errno)")) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        // `Connection: close`: the peer ends the body by closing; the timeout and the size cap bound it.
        while received.count < Self.maximumResponseBytes {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received.append(contentsOf: buffer[0..<count])
        }
        guard let response = HTTPProbeResponse(parsing: received) else {
            return .failure(HTTPProbeError("no HTTP response from \(host):\(port)"))
        }
        return .success(response)
    }

    static let maximumResponseBytes = 1 << 20
}

/// A status code and the body bytes of one response.
public struct HTTPProbeResponse: Sendable {
    public let status: Int
    public let body: Data

    /// Parses `HTTP/1.x <code> …`, the headers and the body (decoding `Transfer-Encoding: chunked`).
    init?(parsing raw: [UInt8]) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        let headerEnd = raw.firstRange(of: separator)
        let head = String(decoding: raw[..<(headerEnd?.lowerBound ?? raw.endIndex)], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else { return nil }
        status = code
        let rawBody = headerEnd.map { Array(raw[$0.upperBound...]) } ?? []
        let chunked = lines.dropFirst().contains {
            $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked")
        }
        body = Data(chunked ? Self.dechunked(rawBody) : rawBody)
    }

    /// `<hex size>\r\n<bytes>\r\n` … `0\r\n\r\n`; stops at the first malformed or truncated chunk.
    static func dechunked(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = bytes.startIndex
        let lineEnd: [UInt8] = Array("\r\n".utf8)
        while let sizeEnd = bytes[index...].firstRange(of: lineEnd) {
            let sizeText = String(decoding: bytes[index..<sizeEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0,
                  sizeEnd.upperBound + size <= bytes.endIndex else { break }
            out.append(contentsOf: bytes[sizeEnd.upperBound..<(sizeEnd.upperBound + size)])
            index = min(sizeEnd.upperBound + size + lineEnd.count, bytes.endIndex)
        }
        return out
    }
}

/// Why a probe got no response.
public struct HTTPProbeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
