import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PioreactorCore

/// A throw-away unit (fixture copy, own RUN folder) served by the real `pio web` binary, with
/// real `pio run` jobs on the simulator. `close()` stops every job and server it started.
final class LiveUnit: @unchecked Sendable {
    let root: URL
    let dot: URL
    let run: URL
    let speedup: Int
    private var servers: [pid_t] = []

    /// `brokerPort` points `[mqtt]` at a test broker; without one the fixture's port 1883 is used.
    init(speedup: Int, brokerPort: Int? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pio-live-unit-\(UUID().uuidString)")
        dot = root.appendingPathComponent("dot")
        run = root.appendingPathComponent("run")
        self.speedup = speedup
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestUnit.fixture, to: dot)
        // The unit logs go in the temp folder, not /var/log.
        let config = dot.appendingPathComponent("config.ini")
        var text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "=/var/log/pioreactor.log", with: "=" + logFile.path)
        if let brokerPort { text = text.replacingOccurrences(of: "broker_port=1883", with: "broker_port=\(brokerPort)") }
        try text.write(to: config, atomically: true, encoding: .utf8)
    }

    /// `[logging] log_file` and `ui_log_file` of this unit.
    var logFile: URL { root.appendingPathComponent("pioreactor.log") }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["DOT_PIOREACTOR"] = dot.path
        env["RUN_PIOREACTOR"] = run.path
        env["PIO_UNIT_NAME"] = "pioleader"
        env["PIO_SYSTEM_ACTIONS"] = "dry-run"
        env["PIO_SIM_SPEEDUP"] = String(speedup)
        env.removeValue(forKey: "PIO_EXECUTABLE")
        env.removeValue(forKey: "TESTING")
        return env
    }

    /// Starts `pio web` on a port the system picks and waits for /health; returns the server's pid
    /// and port. `port` reuses a port (a restart); the wait for /health is bounded by `seconds`.
    func startServer(port reused: Int? = nil, seconds: Double = 20) async throws -> (pid: pid_t, port: Int) {
        let portFile = root.appendingPathComponent("port-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = ServerProcessTests.pioBinary
        process.arguments = reused.map { ["web", "--port", String($0)] } ?? BoundPort.arguments(portFile)
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        servers.append(process.processIdentifier)
        var port = reused ?? 0
        if reused == nil { port = try await BoundPort.read(portFile, of: process, seconds: seconds) }
        guard try await waitFor(port, "/health", seconds: seconds, { _ in true }) else {
            throw ServerDidNotAnswer(port: port, seconds: seconds)
        }
        return (process.processIdentifier, port)
    }

    struct ServerDidNotAnswer: Error { let port: Int; let seconds: Double }

    /// The targets of a process's open descriptors (`socket:[123]`, `pipe:[45]`, paths), by fd.
    static func descriptors(of pid: pid_t) -> [Int32: String] {
        let folder = "/proc/\(pid)/fd"
        var result: [Int32: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            guard let fd = Int32(name), let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + name) else { continue }
            result[fd] = target
        }
        return result
    }

    /// SIGTERM and wait (up to `seconds`) for the server to exit.
    func stopServer(_ pid: pid_t, within seconds: Double = 5) async throws -> Bool {
        kill(pid, SIGTERM)
        let exited = try await Self.exits(pid, within: seconds)
        if exited { servers.removeAll { $0 == pid } }
        return exited
    }

    /// Stops every job of this unit (`pio kill --all-jobs`, then the long-running monitor), every
    /// server still up, and removes the folder.
    func close() {
        for arguments in [["kill", "--all-jobs"], ["kill", "--job-name", "monitor"]] {
            let kill = Process()
            kill.executableURL = ServerProcessTests.pioBinary
            kill.arguments = arguments
            kill.environment = environment
            kill.standardOutput = FileHandle.nullDevice
            kill.standardError = FileHandle.nullDevice
            if (try? kill.run()) != nil {
                let deadline = Date().addingTimeInterval(5)
                while Date() < deadline, !Self.reaped(kill.processIdentifier) { usleep(20_000) }
            }
        }
        for pid in servers { Foundation.kill(pid, SIGKILL); _ = Self.reaped(pid) }
        try? FileManager.default.removeItem(at: root)
    }

    func request(_ port: Int, _ method: String, _ path: String, _ body: String? = nil) async -> (status: Int, body: JSONValue)? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/unit_api\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 3
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        guard let (data, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONValue.parse(data)) ?? .null)
    }

    /// Polls a GET until `condition` holds on its JSON answer, up to `seconds`.
    func waitFor(_ port: Int, _ path: String, seconds: Double = 20, _ condition: (JSONValue) -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let answer = await request(port, "GET", path), answer.status == 200, condition(answer.body) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// A job's published JSON setting (published settings are JSON text in the settings answer).
    func publishedJSON(_ port: Int, job: String, setting: String) async -> JSONValue? {
        guard let answer = await request(port, "GET", "/jobs/settings/job_name/\(job)/setting/\(setting)"),
              answer.status == 200, let text = answer.body[setting]?.stringValue else { return nil }
        return try? JSONValue.parse(Data(text.utf8))
    }

    /// Whether a child process exited within `seconds`. Reaps it with waitpid directly:
    /// Foundation's `Process.isRunning` was seen to miss the exit and leave a zombie.
    static func exits(_ pid: pid_t, within seconds: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if reaped(pid) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    private static func reaped(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        return result == pid || (result == -1 && errno == ECHILD)
    }

    /// Sends `head` (request line and headers, ending in a blank line) on a new connection and
    /// returns the start of the answer; for headers URLSession will not send (Host, bare lengths).
    static func rawRequest(port: Int, _ head: String) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Foundation.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "" }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = head.withCString { send(fd, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = recv(fd, &buffer, buffer.count, 0)
        return String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
    }

    /// The job names in a jobs listing, sorted.
    static func jobNames(_ jobs: JSONValue) -> [String] {
        (jobs.arrayValue ?? []).compactMap { $0["job_name"]?.stringValue }.sorted()
    }

    /// Polls `probe` until it returns a value, up to `seconds`.
    static func eventually<T>(seconds: Double, _ probe: () async -> T?) async throws -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = await probe() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}
