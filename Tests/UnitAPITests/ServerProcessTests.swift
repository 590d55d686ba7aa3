import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Runs the real `pio web` binary: first-run seeding, serving, clean shutdown on signals.
@Suite(.serialized) struct ServerProcessTests {
    static var pioBinary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pio")
    }

    static func get(_ url: URL) async -> (HTTPURLResponse, Data)? {
        var request = URLRequest(url: url)
        request.timeoutInterval = 2
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              let response = response as? HTTPURLResponse else { return nil }
        return (response, data)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func seedsServesAndStopsCleanly(signal: Int32) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pio-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dot = root.appendingPathComponent("dot")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let portFile = root.appendingPathComponent("port")
        let process = Process()
        process.executableURL = Self.pioBinary
        process.arguments = BoundPort.arguments(portFile)
        var env = ProcessInfo.processInfo.environment
        env["DOT_PIOREACTOR"] = dot.path
        env["RUN_PIOREACTOR"] = root.appendingPathComponent("run").path
        env["PIO_UNIT_NAME"] = "livetest"
        env["PIO_SYSTEM_ACTIONS"] = "dry-run"
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let port = try await BoundPort.read(portFile, of: process)

        let health = URL(string: "http://127.0.0.1:\(port)/unit_api/health")!
        var answer: (HTTPURLResponse, Data)?
        for _ in 0..<200 where answer == nil {  // up to 20 s for a cold debug binary
            answer = await Self.get(health)
            if answer == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(answer?.0.statusCode == 200)
        let body = String(decoding: answer?.1 ?? Data(), as: UTF8.self)
        #expect(body.contains(#""pioreactor_unit":"livetest""#))
        #expect(answer?.0.value(forHTTPHeaderField: "Content-Type") == "application/json")
        let date = answer?.0.value(forHTTPHeaderField: "Date") ?? ""
        #expect(date.wholeMatch(of: /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT/) != nil, "\(date)")
        // A miss goes through the error-schema middleware on the real server too.
        let miss = await Self.get(URL(string: "http://127.0.0.1:\(port)/unit_api/no_such_route")!)
        #expect(miss?.0.statusCode == 404)
        let missBody = (try? JSONSerialization.jsonObject(with: miss?.1 ?? Data())) as? [String: Any]
        #expect(missBody?["status"] as? Int == 404 && missBody?["cause"] != nil)
        for seeded in ["config.ini", "unit_config.ini", "storage/calibrations", "ui/jobs"] {
            #expect(FileManager.default.fileExists(atPath: dot.appendingPathComponent(seeded).path), "\(seeded)")
        }

        kill(process.processIdentifier, signal)
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "stops within 5 s")
        if !process.isRunning { #expect(process.terminationStatus == 0) }
    }
}
