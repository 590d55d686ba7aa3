import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PioreactorCore
import Testing

/// Task results outlive the server: kill -9 between submit and poll, restart, same answer.
@Suite(.serialized) struct TaskRestartTests {
    struct Server {
        let process: Process
        let port: Int
        let log: URL

        /// A server on a port of the system's choosing.
        static func start(root: URL, dot: URL, executable: String) async throws -> Server {
            let name = UUID().uuidString
            let portFile = root.appendingPathComponent("port-\(name)")
            let process = Process()
            process.executableURL = ServerProcessTests.pioBinary
            process.arguments = BoundPort.arguments(portFile)
            var env = ProcessInfo.processInfo.environment
            env["DOT_PIOREACTOR"] = dot.path
            env["RUN_PIOREACTOR"] = root.appendingPathComponent("run").path
            env["PIO_UNIT_NAME"] = "worker1"
            env["PIO_SYSTEM_ACTIONS"] = "dry-run"
            env["PIO_EXECUTABLE"] = executable
            env.removeValue(forKey: "TESTING")
            process.environment = env
            // Its output is kept beside the unit, for the failure message.
            let log = root.appendingPathComponent("server-\(name).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            do {
                return Server(process: process, port: try await BoundPort.read(portFile, of: process), log: log)
            } catch {
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                Issue.record("\(error) (running: \(process.isRunning)); its output:\n\(output.suffix(3000))")
                throw error
            }
        }

        func request(_ method: String, _ path: String) async -> (Int, JSONValue)? {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/unit_api\(path)")!)
            request.httpMethod = method
            request.timeoutInterval = 3
            if method != "GET" {
                request.httpBody = Data("{}".utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            guard let (data, response) = try? await URLSession.shared.data(for: request) else { return nil }
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONValue.parse(data)) ?? .null)
        }

        func waitUntilHealthy() async throws {
            for _ in 0..<200 {
                if await request("GET", "/health")?.0 == 200 { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            Issue.record("server did not become healthy (running: \(process.isRunning)); its output:\n\(output.suffix(3000))")
        }

        func killHard() async throws {
            kill(process.processIdentifier, SIGKILL)
            for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        }

        func poll(_ taskID: String, until done: (JSONValue) -> Bool) async throws -> (Int, JSONValue)? {
            for _ in 0..<100 {
                if let answer = await request("GET", "/task_results/\(taskID)"), done(answer.1) { return answer }
                try await Task.sleep(for: .milliseconds(100))
            }
            return nil
        }
    }

    @Test func resultsSurviveAKilledServerAndInterruptedTasksFail() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pio-restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dot = root.appendingPathComponent("dot")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        // A `pio` stand-in that stays in its grace window long enough to be interrupted.
        let slow = root.appendingPathComponent("slow-pio")
        try "#!/bin/sh\nsleep 0.8\nexit 3\n".write(to: slow, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: slow.path)

        let first = try await Server.start(root: root, dot: dot, executable: slow.path)
        defer { if first.process.isRunning { first.process.terminate() } }
        try await first.waitUntilHealthy()

        let shutdown = try #require(await first.request("POST", "/system/shutdown"))
        #expect(shutdown.0 == 202)
        let shutdownID = try #require(shutdown.1["task_id"]?.stringValue)
        let finished = try #require(try await first.poll(shutdownID) { $0["status"] != "pending" && $0["status"] != "running" })
        #expect(finished.0 == 200)
        #expect(finished.1["result"] == true)
        let log = try String(contentsOf: root.appendingPathComponent("run/system_actions.log"), encoding: .utf8)
        #expect(log.contains(#""action":"shutdown""#))

        let run = try #require(await first.request("POST", "/jobs/run/job_name/stirring"))
        let runID = try #require(run.1["task_id"]?.stringValue)
        _ = try await first.poll(runID) { $0["status"] == "running" }
        try await first.killHard()

        let second = try await Server.start(root: root, dot: dot, executable: slow.path)
        defer { if second.process.isRunning { second.process.terminate() } }
        try await second.waitUntilHealthy()
        let again = try #require(await second.request("GET", "/task_results/\(shutdownID)"))
        #expect(again.0 == finished.0)
        #expect(again.1 == finished.1)
        let interrupted = try #require(await second.request("GET", "/task_results/\(runID)"))
        #expect(interrupted.0 == 200)
        #expect(interrupted.1["status"] == "failed")
        #expect(interrupted.1["error"] == "Task was interrupted: the unit API restarted while it was running.")
        try await second.killHard()
    }
}
