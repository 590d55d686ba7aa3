import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PioreactorCore
@testable import UnitAPI

/// What a crash or a full disk leaves behind, and what clients see then.
@Suite struct StorageFaultRoutesTests {
    @Test func startUpRemovesTheTempFilesOfAKilledWrite() throws {
        let unit = try TestUnit(name: "pio01")
        defer { unit.remove() }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let od90 = unit.dot.appendingPathComponent("storage/calibrations/od90")
        let killedWrite = od90.appendingPathComponent(AtomicFile.temporaryName(for: "od90-new.yaml", pid: child.processIdentifier))
        let killedConfigWrite = unit.dot.appendingPathComponent(AtomicFile.temporaryName(for: "unit_config.ini", pid: child.processIdentifier))
        let liveWrite = od90.appendingPathComponent(AtomicFile.temporaryName(for: "od90-other.yaml"))
        for file in [killedWrite, killedConfigWrite, liveWrite] { try Data("calibration_type: simple".utf8).write(to: file) }
        let before = try FileManager.default.contentsOfDirectory(atPath: od90.path).sorted()

        _ = try UnitServices.start(paths: unit.paths, identity: UnitIdentity(name: "pio01", testing: false),
                                   logger: .init(label: "test"), dryRunSystemActions: true)

        #expect(!FileManager.default.fileExists(atPath: killedWrite.path))
        #expect(!FileManager.default.fileExists(atPath: killedConfigWrite.path))
        #expect(FileManager.default.fileExists(atPath: liveWrite.path), "a running process's write is left alone")
        let after = try FileManager.default.contentsOfDirectory(atPath: od90.path).sorted()
        #expect(after == before.filter { $0 != killedWrite.lastPathComponent })
    }

    /// SQLite's own "database or disk is full": the persistent file capped at its current size.
    @Test func aFullDatabaseAnswers507WithTheErrorSchemaAndKeepsEarlierWrites() async throws {
        let unit = try TestUnit(name: "pio01")
        defer { unit.remove() }
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/active_calibrations/od90/od90-older-2025-11", method: .patch) { response in
                #expect(response.status == .ok)
            }
            try await unit.services.calibrations.active.cache.database.pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA max_page_count = 1")
            }
            var refused: TestResponse?
            // Long device names fill the last page within a few rows.
            for index in 0..<200 where refused == nil {
                let device = "device\(index)" + String(repeating: "x", count: 200)
                try await client.execute(uri: "/unit_api/active_calibrations/\(device)/cal", method: .patch) { response in
                    if response.status != .ok { refused = response }
                }
            }
            let response = try #require(refused)
            expectError(response, 507, error: StorageFull.error.error, cause: StorageFull.error.cause,
                        remediation: StorageFull.error.remediation)
            #expect(try await unit.services.calibrations.active.name(for: "od90") == "od90-older-2025-11")
        }
    }
}
