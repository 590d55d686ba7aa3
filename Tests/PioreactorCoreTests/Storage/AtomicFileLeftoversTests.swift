import Foundation
import GRDB
import Testing
@testable import PioreactorCore

@Suite struct AtomicFileLeftoversTests {
    /// A pid that no process has: a child that already exited (and was reaped).
    static func deadPID() throws -> pid_t {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        return child.processIdentifier
    }

    @Test func temporaryNamesCarryTheWriterPID() {
        let name = AtomicFile.temporaryName(for: "pump_cal_1.yaml", pid: 4242)
        #expect(name.hasPrefix(".pump_cal_1.yaml.tmp-4242-"))
        #expect(AtomicFile.writerPID(ofTemporaryName: name) == 4242)
        #expect(AtomicFile.writerPID(ofTemporaryName: AtomicFile.temporaryName(for: "a.tmp-1-ABCDEF12")) == getpid())
    }

    @Test(arguments: [
        "pump_cal_1.yaml", ".pump_cal_1.yaml", "x.yaml.tmp-12-ABCDEF12", ".tmp-12-ABCDEF12", ".x.tmp-ABCDEF12",
        ".x.tmp--ABCDEF12", ".x.tmp-+12-ABCDEF12", ".x.tmp-12-ABCDEF1", ".x.tmp-12-ABCDEFGH", ".x.tmp-0-ABCDEF12",
        ".x.tmp-12-ABCDEF12-1", ".x.tmp-99999999999-ABCDEF12",
    ])
    func otherNamesAreNotTemporaries(name: String) {
        #expect(AtomicFile.writerPID(ofTemporaryName: name) == nil)
    }

    @Test func removesOnlyTheTemporariesOfDeadWriters() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let nested = dir.url.appendingPathComponent("storage/calibrations/od90")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let dead = try Self.deadPID()
        let stale = nested.appendingPathComponent(AtomicFile.temporaryName(for: "od90-a.yaml", pid: dead))
        let staleTop = dir.url.appendingPathComponent(AtomicFile.temporaryName(for: "unit_config.ini", pid: dead))
        let live = nested.appendingPathComponent(AtomicFile.temporaryName(for: "od90-b.yaml"))
        let real = nested.appendingPathComponent("od90-a.yaml")
        let lookalike = nested.appendingPathComponent(".od90-a.yaml.tmp-ABCDEF12")
        for file in [stale, staleTop, live, real, lookalike] { try Data("x: 1\n".utf8).write(to: file) }
        // A folder with a temp-like name is not a write's leftover.
        let folder = dir.url.appendingPathComponent(AtomicFile.temporaryName(for: "d", pid: dead))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        let removed = AtomicFileLeftovers.remove(under: dir.url)

        #expect(Set(removed.map { $0.standardizedFileURL.path }) == Set([stale, staleTop].map { $0.standardizedFileURL.path }))
        for gone in [stale, staleTop] { #expect(!FileManager.default.fileExists(atPath: gone.path)) }
        for kept in [live, real, lookalike, folder] { #expect(FileManager.default.fileExists(atPath: kept.path)) }
    }

    @Test func doesNotFollowSymlinksOutOfTheRoot() throws {
        let dir = try TempDirectory()
        let outside = try TempDirectory()
        defer { dir.remove(); outside.remove() }
        let foreign = outside.url.appendingPathComponent(AtomicFile.temporaryName(for: "x", pid: try Self.deadPID()))
        try Data().write(to: foreign)
        try FileManager.default.createSymbolicLink(at: dir.url.appendingPathComponent("link"), withDestinationURL: outside.url)
        #expect(AtomicFileLeftovers.remove(under: dir.url).isEmpty)
        #expect(FileManager.default.fileExists(atPath: foreign.path))
    }

    @Test func aMissingRootRemovesNothing() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString)")
        #expect(AtomicFileLeftovers.remove(under: missing).isEmpty)
    }

    @Test func aCompletedWriteLeavesNoTemporary() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try AtomicFile.write("a: 1\n", to: dir.file("cal.yaml"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["cal.yaml"])
    }
}

@Suite struct StorageFullTests {
    @Test func recognisesEveryFormOfAFullDisk() {
        #expect(StorageFull.matches(POSIXFailure(operation: "write", code: ENOSPC)))
        #expect(StorageFull.matches(POSIXFailure(operation: "write", code: EDQUOT)))
        #expect(StorageFull.matches(DatabaseError(resultCode: .SQLITE_FULL)))
        #expect(StorageFull.matches(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))))
        #expect(StorageFull.matches(CocoaError(.fileWriteOutOfSpace)))
        let wrapped = NSError(domain: "x", code: 1, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EDQUOT))])
        #expect(StorageFull.matches(wrapped))
    }

    @Test func otherFailuresAreNotAFullDisk() {
        #expect(!StorageFull.matches(POSIXFailure(operation: "open", code: EACCES)))
        #expect(!StorageFull.matches(DatabaseError(resultCode: .SQLITE_BUSY)))
        #expect(!StorageFull.matches(NSError(domain: NSPOSIXErrorDomain, code: Int(EIO))))
        #expect(!StorageFull.matches(CocoaError(.fileWriteNoPermission)))
        #expect(!StorageFull.matches(UnitError(500, "x")))
    }

    @Test func aRealWriteToAFullDeviceIsRecognised() throws {
        try #require(FileManager.default.fileExists(atPath: "/dev/full"))
        #expect(throws: (any Error).self) { try AtomicFileLeftoversTests.writeToFullDevice() }
        do {
            try AtomicFileLeftoversTests.writeToFullDevice()
        } catch {
            #expect(StorageFull.matches(error), "\(error)")
        }
    }
}

extension AtomicFileLeftoversTests {
    /// /dev/full answers every write with ENOSPC.
    static func writeToFullDevice() throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(repeating: 7, count: 4096))
        try handle.synchronize()
    }
}
