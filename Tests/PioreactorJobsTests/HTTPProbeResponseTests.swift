import Foundation
@testable import PioreactorJobs
import Testing

@Suite struct HTTPProbeResponseTests {
    func parse(_ text: String) -> HTTPProbeResponse? { HTTPProbeResponse(parsing: Array(text.utf8)) }

    @Test func plainAndChunkedBodies() {
        let plain = parse("HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n{\"is_active\": 1}\n")
        #expect(plain?.status == 200)
        #expect(plain.map { String(decoding: $0.body, as: UTF8.self) } == "{\"is_active\": 1}\n")
        let chunked = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"is_\r\nB;ext=1\r\nactive\": 0}\r\n0\r\n\r\n")
        #expect(chunked.map { String(decoding: $0.body, as: UTF8.self) } == "{\"is_active\": 0}")
    }

    @Test func notHTTP() {
        #expect(parse("SSH-2.0-OpenSSH\r\n") == nil)
        #expect(parse("") == nil)
        // A truncated chunk keeps what arrived whole.
        #expect(parse("HTTP/1.1 404 NOT FOUND\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab")?.body.isEmpty == true)
    }
}
