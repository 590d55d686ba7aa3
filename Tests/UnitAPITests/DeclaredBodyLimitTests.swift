import Foundation
import PioreactorCore
import Testing
@testable import UnitAPI

/// Against the real server: a declared `Content-Length` over the limit is answered 413 at once,
/// without waiting for (or reading) the body.
@Suite(.serialized) struct DeclaredBodyLimitTests {
    @Test func aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyArrives() async throws {
        let unit = try LiveUnit(speedup: 1)
        defer { unit.close() }
        let port = try await unit.startServer().port
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // Headers only: the 2 MB body never comes.
        let head = "PATCH /unit_api/jobs/settings/job_name/stirring HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(2 << 20)\r\n\r\n"
        _ = head.withCString { send(fd, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        let answer = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
        #expect(answer.contains(#""error":"Request body is too large.""#))
    }
}
