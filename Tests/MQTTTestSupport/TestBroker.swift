import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A throwaway mosquitto broker for tests: password-protected (pioreactor/raspberry), bound to 127.0.0.1 on a
/// free port, no persistence. `start()`/`stop()` may be called repeatedly to simulate outages on the same port;
/// `stop()` kills the broker outright, so clients see an abrupt connection loss.
/// Needs the `mosquitto` and `mosquitto_passwd` binaries (Debian: `mosquitto`, `mosquitto-clients`).
/// Public and free of project imports so it can move verbatim into a shared test-support target.
public final class TestBroker: Sendable {
    public static let username = "pioreactor"
    public static let password = "raspberry"

    public let port: Int
    public let directory: URL
    private let process = Mutex<Process?>(nil)

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Prepares config and password file on a fresh free port; does not start the broker.
    /// `listenerOptions` are extra config lines for the listener (e.g. `certfile`/`keyfile` for TLS).
    public init(listenerOptions: String = "") throws {
        port = try TestBroker.freePort()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mosquitto-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let passwordFile = directory.appendingPathComponent("passwd")
        try TestBroker.run(
            TestBroker.executable("mosquitto_passwd"),
            ["-b", "-c", passwordFile.path, TestBroker.username, TestBroker.password]
        )
        var config = """
            listener \(port) 127.0.0.1
            \(listenerOptions)
            allow_anonymous false
            password_file \(passwordFile.path)
            persistence false
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information

            """
        if geteuid() == 0 {
            // As root mosquitto would switch to the `mosquitto` user, which cannot read our temp files.
            config += "user root\n"
        }
        try config.write(to: configFile, atomically: true, encoding: .utf8)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    public var configFile: URL { directory.appendingPathComponent("mosquitto.conf") }
    public var logFile: URL { directory.appendingPathComponent("mosquitto.log") }

    /// Launches the broker and returns once its port accepts connections (bounded wait).
    public func start(timeout: Duration = .seconds(10)) throws {
        try process.withLock { current in
            guard current == nil else { return }
            if !FileManager.default.fileExists(atPath: logFile.path) {
                _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            }
            let log = try FileHandle(forWritingTo: logFile)
            log.seekToEndOfFile()
            let broker = Process()
            broker.executableURL = URL(fileURLWithPath: try TestBroker.executable("mosquitto"))
            broker.arguments = ["-c", configFile.path]
            broker.standardOutput = log
            broker.standardError = log
            try broker.run()
            current = broker
        }
        let deadline = ContinuousClock.now + timeout
        while !TestBroker.portAccepts(port) {
            let exited = process.withLock { !($0?.isRunning ?? false) }
            if exited || ContinuousClock.now >= deadline {
                let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                stop()
                throw Failure(description: "mosquitto did not come up on port \(port): \(log)")
            }
            usleep(10_000)
        }
    }

    /// Kills the broker and waits for it to exit. SIGKILL on purpose: children spawned from Swift concurrency
    /// threads inherit those threads' blocked signal mask, so mosquitto would never see a SIGTERM.
    public func stop() {
        guard let broker = process.withLock({ current -> Process? in
            defer { current = nil }
            return current
        }) else { return }
        if broker.isRunning {
            kill(broker.processIdentifier, SIGKILL)
        }
        broker.waitUntilExit()
    }

    /// Freezes the broker (SIGSTOP): connections stay open but nothing is read or acknowledged,
    /// like a broker host that vanished without closing its sockets.
    public func pause() {
        signalBroker(SIGSTOP)
    }

    /// Lets a paused broker run again (SIGCONT).
    public func resume() {
        signalBroker(SIGCONT)
    }

    private func signalBroker(_ signal: Int32) {
        guard let pid = process.withLock({ $0?.isRunning == true ? $0?.processIdentifier : nil }) else { return }
        kill(pid, signal)
        // Where /proc exists, wait (bounded) until the broker is really stopped/running again.
        let wantStopped = signal == SIGSTOP
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline,
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let state = stat.split(separator: ")").last?.split(separator: " ").first
        {
            if (state == "T") == wantStopped { return }
            usleep(1_000)
        }
    }

    /// Asks the kernel for an unused TCP port by binding port 0 on the loopback interface.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw Failure(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw Failure(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func portAccepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM_VALUE), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// Finds a mosquitto tool in the usual install locations or on PATH.
    public static func executable(_ name: String) throws -> String {
        var candidates = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/opt/homebrew/sbin", "/opt/homebrew/bin"]
        if let path = ProcessInfo.processInfo.environment["PATH"] {
            candidates += path.split(separator: ":").map(String.init)
        }
        for directory in candidates {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw Failure(description: "\(name) not found; install the mosquitto and mosquitto-clients packages")
    }

    /// Runs a helper tool to completion and fails on a non-zero exit.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: executable)
        tool.arguments = arguments
        try tool.run()
        tool.waitUntilExit()
        guard tool.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(arguments) exited with \(tool.terminationStatus)")
        }
        return tool.terminationStatus
    }
}

#if canImport(Glibc) || canImport(Musl)
private let SOCK_STREAM_VALUE = SOCK_STREAM.rawValue
#else
private let SOCK_STREAM_VALUE = SOCK_STREAM
#endif
