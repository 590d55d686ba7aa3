import Foundation
import Logging
import PioreactorCore
@testable import PioreactorJobs
import Testing

@Suite struct UnitActiveCheckTests {
    let logger = Logger(label: "test")

    func check(_ answer: UnitActiveCheck.LeaderAnswer) -> UnitActiveCheck {
        UnitActiveCheck { _ in answer }
    }

    func verify(_ check: UnitActiveCheck, env: [String: String] = [:], testing: Bool = false, longRunning: Bool = false) async -> String? {
        do {
            try await check.verify(unit: "unit1", env: env, testing: testing, longRunning: longRunning, logger: logger)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func environmentDecidesBeforeTheLeader() async {
        let inactive = check(.active(false))
        #expect(await verify(inactive, env: ["ACTIVE": "1"]) == nil)
        #expect(await verify(inactive, testing: true) == nil)
        #expect(await verify(check(.active(true)), env: ["ACTIVE": "0"])?.hasPrefix("unit1 is not active.") == true)
    }

    @Test func leaderAnswers() async {
        #expect(await verify(check(.active(true))) == nil)
        #expect(await verify(check(.active(false))) ==
            "unit1 is not active. Make active in leader, or set ACTIVE=1 in the environment: ACTIVE=1 pio run ... ")
        #expect(await verify(check(.notInInventory)) == "Worker unit1 is not present in leader's inventory")
        // A standalone unit with no leader web app still runs its jobs.
        #expect(await verify(check(.unreachable("refused"))) == nil)
    }

    @Test func longRunningJobsSkipTheCheck() async {
        #expect(await verify(check(.active(false)), env: ["ACTIVE": "0"], longRunning: true) == nil)
    }

    /// The real HTTP lookup against a leader stand-in (python's static file server).
    @Test func asksTheLeadersInventory() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("leader-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let workers = root.appendingPathComponent("api/workers")
        try FileManager.default.createDirectory(at: workers, withIntermediateDirectories: true)
        try Data(#"{"pioreactor_unit": "on1", "is_active": 1}"#.utf8).write(to: workers.appendingPathComponent("on1"))
        try Data(#"{"pioreactor_unit": "off1", "is_active": false}"#.utf8).write(to: workers.appendingPathComponent("off1"))

        let port = Int.random(in: 41000...48000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", root.path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { kill(server.processIdentifier, SIGKILL) }

        let config = try MergedConfig.build(sharedText: "[cluster.topology]\nleader_hostname=leader\nleader_address=127.0.0.1\n[ui]\nport=\(port)\n")
        let leader = UnitActiveCheck.leader(config: config, timeout: 2)
        #expect(try await eventually(timeout: 10) { await leader.askLeader("on1") == .active(true) })
        #expect(await leader.askLeader("off1") == .active(false))
        #expect(await leader.askLeader("nobody") == .notInInventory)

        let nowhere = try MergedConfig.build(sharedText: "[cluster.topology]\nleader_hostname=leader\nleader_address=127.0.0.1\n[ui]\nport=1\n")
        guard case .unreachable = await UnitActiveCheck.leader(config: nowhere, timeout: 2).askLeader("on1") else {
            Issue.record("a closed port is unreachable")
            return
        }
    }
}
