import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-thread HTTP responder on 127.0.0.1 for the monitor's health check: answers every
/// request with `status` until stopped. Accept waits are bounded so `stop()` always returns.
final class TinyHTTPServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let flag: StopFlag
    private let thread: Thread
    private let finished: DispatchSemaphore

    init(status: String = "200 OK") throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard sock >= 0, bound == 0, listen(sock, 8) == 0 else {
            if sock >= 0 { close(sock) }
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &length) }
        }
        var limit = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let reply = "HTTP/1.1 \(status)\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"
        let (done, flag) = (DispatchSemaphore(value: 0), StopFlag())
        finished = done
        self.flag = flag
        fd = sock
        port = Int(UInt16(bigEndian: address.sin_port))
        thread = Thread {
            while !flag.isSet {
                let client = accept(sock, nil, nil)
                guard client >= 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 1024)
                _ = recv(client, &buffer, buffer.count, 0)
                _ = reply.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                close(client)
            }
            done.signal()
        }
        thread.start()
    }

    func stop() {
        flag.set()
        finished.wait()
        close(fd)
    }

    /// A port nothing listens on (bound then released).
    static func closedPort() throws -> Int {
        let server = try TinyHTTPServer()
        let port = server.port
        server.stop()
        return port
    }
}

/// A thread-safe one-way switch.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
