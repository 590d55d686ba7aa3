import Foundation
import Testing
@testable import PioreactorCore

@Suite("DotPioreactorImport")
struct DotPioreactorImportTests {
    private func validation(_ message: String) -> UnitError {
        UnitError(400, message, cause: "Zip archive failed validation.", remediation: "Ensure the archive is a valid Pioreactor export and retry.")
    }

    private func validate(_ members: [CraftedZip.Member], unit: String = "pio01") throws -> Result<JSONObject?, UnitError> {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let zip = scratch.url.appendingPathComponent("upload.zip")
        try CraftedZip.write(members, to: zip)
        do {
            return .success(try DotPioreactorArchive.validateImport(archive: zip, unitName: unit))
        } catch {
            return .failure(error)
        }
    }

    private func failure(_ result: Result<JSONObject?, UnitError>) -> UnitError? {
        if case .failure(let error) = result { return error }
        return nil
    }

    @Test func notAZipIsRefused() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let expected = UnitError(400, "Uploaded file is not a valid zip archive", cause: "Archive could not be read as a zip file.", remediation: "Upload a valid .zip file.")
        let text = scratch.url.appendingPathComponent("a.zip")
        try Data("hello, not a zip".utf8).write(to: text)
        #expect(throws: expected) { try DotPioreactorArchive.validateImport(archive: text, unitName: "pio01") }
        let empty = scratch.url.appendingPathComponent("empty.zip")
        try Data().write(to: empty)
        #expect(throws: expected) { try DotPioreactorArchive.validateImport(archive: empty, unitName: "pio01") }
        // A real zip cut in half loses its central directory.
        let whole = scratch.url.appendingPathComponent("whole.zip")
        try CraftedZip.write([.init(name: "config.ini", data: String(repeating: "k=v\n", count: 500))], to: whole)
        let data = try Data(contentsOf: whole)
        let half = scratch.url.appendingPathComponent("half.zip")
        try data.prefix(data.count / 2).write(to: half)
        #expect(throws: expected) { try DotPioreactorArchive.validateImport(archive: half, unitName: "pio01") }
        let missing = scratch.url.appendingPathComponent("missing.zip")
        #expect(throws: expected) { try DotPioreactorArchive.validateImport(archive: missing, unitName: "pio01") }
    }

    @Test func hostileMemberNamesAreRefused() throws {
        #expect(failure(try validate([.init(name: "/etc/passwd")])) == validation("Archive contains absolute paths, aborting import."))
        #expect(failure(try validate([.init(name: "../evil")])) == validation("Archive contains path traversal, aborting import."))
        #expect(failure(try validate([.init(name: "storage/../../evil")])) == validation("Archive contains path traversal, aborting import."))
        #expect(failure(try validate([.init(name: "ok.txt"), .init(name: "a/..")])) == validation("Archive contains path traversal, aborting import."))
        // `..x` and `x..` are plain names.
        #expect(failure(try validate([.init(name: "..x"), .init(name: "x../y")])) == nil)
    }

    @Test func symlinkMembersAreRefusedWhateverTheCreatingSystem() throws {
        let link = UInt32(0o120777) << 16
        #expect(failure(try validate([.init(name: "link", data: "/etc/passwd", externalAttributes: link)]))
            == validation("Archive contains symbolic links, aborting import."))
        // zipfile checks the mode bits even when the archive claims to come from MS-DOS.
        #expect(failure(try validate([.init(name: "link", data: "/etc", externalAttributes: link, createSystem: 0)]))
            == validation("Archive contains symbolic links, aborting import."))
        // First failure wins: an absolute name before a symlink.
        #expect(failure(try validate([.init(name: "/abs"), .init(name: "link", externalAttributes: link)]))
            == validation("Archive contains absolute paths, aborting import."))
        #expect(failure(try validate([.init(name: "file", externalAttributes: UInt32(0o100644) << 16)])) == nil)
    }

    @Test func metadataIsCheckedForHost() throws {
        let meta = "pioreactor_export_metadata.json"
        #expect(failure(try validate([.init(name: meta, data: #"{"name": "pio02"}"#)]))
            == validation("Archive prepared for pio02, cannot import into pio01"))
        #expect(failure(try validate([.init(name: meta, data: "{not json")])) == validation("Archive metadata invalid"))
        #expect(failure(try validate([.init(name: meta, data: "hex:fffe7b7d")])) == validation("Archive metadata invalid"))
        #expect(failure(try validate([.init(name: meta, data: "[1, 2]")])) == validation("Archive metadata invalid"))
        #expect(failure(try validate([.init(name: meta, data: #"{"name": 5}"#)]))
            == validation("Archive prepared for 5, cannot import into pio01"))
        let same = try validate([.init(name: meta, data: #"{"metadata_version": 1, "name": "pio01"}"#)])
        #expect(try same.get()?["name"] == "pio01")
        #expect(failure(try validate([.init(name: meta, data: #"{"name": ""}"#)])) == nil)
        #expect(failure(try validate([.init(name: meta, data: #"{"name": null}"#)])) == nil)
        // No metadata: a legacy export, accepted without a host check.
        #expect(try validate([.init(name: "config.ini", data: "[a]\n")]).get() == nil)
    }

    @Test func importReplacesTreeAndFixesOnlyTheTemporaryCacheLine() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit(runPioreactor: scratch.path + "/run")
        try scratch.write("old", to: ".pioreactor/old_only.txt")
        let config = "# keep me\n[stirring.pid]\nKp = 0.005\n\n[storage]\n; comment\ntemporary_cache = /somewhere/else.sqlite\n  continued\ndatabase=/x\n"
        let zip = scratch.url.appendingPathComponent("upload.zip")
        try CraftedZip.write([
            .init(name: "config.ini", data: config),
            .init(name: "storage/"),
            .init(name: "storage/new.txt", data: "new"),
            .init(name: "./odd//name.txt", data: "odd"),
        ], to: zip)
        let backupRoot = scratch.url.appendingPathComponent("backups")
        let summary = try DotPioreactorArchive.importArchive(archive: zip, paths: paths, unitName: "pio01", backupRoot: backupRoot)

        let root = paths.dotPioreactor.path
        let newConfig = try String(contentsOfFile: root + "/config.ini", encoding: .utf8)
        #expect(newConfig == "# keep me\n[stirring.pid]\nKp = 0.005\n\n[storage]\n; comment\ntemporary_cache = \(scratch.path)/run/cache/local_intermittent_pioreactor_metadata.sqlite\ndatabase=/x\n")
        #expect(try String(contentsOfFile: root + "/storage/new.txt", encoding: .utf8) == "new")
        #expect(try String(contentsOfFile: root + "/odd/name.txt", encoding: .utf8) == "odd")
        #expect(!FileManager.default.fileExists(atPath: root + "/old_only.txt"))
        #expect(!FileManager.default.fileExists(atPath: root + "/plugins"))
        // ui/ and hardware/ were missing from the archive, so they come back from the backup.
        #expect(FileManager.default.fileExists(atPath: root + "/ui/jobs/00_stirring.yaml"))
        #expect(FileManager.default.fileExists(atPath: root + "/hardware/hats/1.2/adc.yaml"))
        #expect(summary.warnings.isEmpty)
        #expect(summary.backupDirectory.lastPathComponent.hasPrefix("pio01_dot_pioreactor_backup_"))
        #expect(FileManager.default.fileExists(atPath: summary.backupDirectory.path + "/old_only.txt"))
        #expect(FileManager.default.fileExists(atPath: summary.backupDirectory.path + "/plugins/relay_blinker.py"))
        // The uploaded zip and the extraction dir are gone.
        #expect(!FileManager.default.fileExists(atPath: zip.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix(".dot_pioreactor_import_") }
        #expect(leftovers.isEmpty)
    }

    @Test func importRefusesHostileArchivesBeforeTouchingDP() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit()
        let zip = scratch.url.appendingPathComponent("upload.zip")
        try CraftedZip.write([.init(name: "ok.txt"), .init(name: "../../escaped.txt", data: "x")], to: zip)
        #expect(throws: DotPioreactorImportError.self) {
            try DotPioreactorArchive.importArchive(archive: zip, paths: paths, unitName: "pio01", backupRoot: scratch.url.appendingPathComponent("b"))
        }
        #expect(FileManager.default.fileExists(atPath: paths.globalConfig.path))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/escaped.txt"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/b"))
    }

    @Test func failedBackupLeavesDPAsItWas() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit()
        let zip = scratch.url.appendingPathComponent("upload.zip")
        try CraftedZip.write([.init(name: "config.ini", data: "[a]\n")], to: zip)
        // The backup root is a file, so the backup dir cannot be created.
        try scratch.write("not a dir", to: "blocker")
        #expect(throws: DotPioreactorImportError.self) {
            try DotPioreactorArchive.importArchive(archive: zip, paths: paths, unitName: "pio01", backupRoot: scratch.url.appendingPathComponent("blocker"))
        }
        #expect(try String(contentsOf: paths.globalConfig, encoding: .utf8).contains("Kp=0.005"))
        #expect(FileManager.default.fileExists(atPath: zip.path))
    }

    @Test func roundTripRestoresTheTreeByteForByte() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit()
        let root = paths.dotPioreactor.path
        let before = try snapshot(root)
        #expect(String(decoding: before["config.ini"] ?? Data(), as: UTF8.self).contains("Kp=0.005"))

        let zip = scratch.url.appendingPathComponent("export.zip")
        try DotPioreactorArchive.export(to: zip, paths: paths, unitName: "pio01", leaderHostname: "pioleader",
                                        isLeader: false, appVersion: "26.4.5.dev0", exportedAt: Date())
        try DotPioreactorArchive.validateImport(archive: zip, unitName: "pio01")

        // Change the unit: edit, delete and add files.
        try "[stirring.pid]\nkp=9\n".write(toFile: root + "/config.ini", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: root + "/storage/calibrations/od90")
        try "junk".write(toFile: root + "/plugins/junk.py", atomically: true, encoding: .utf8)

        try DotPioreactorArchive.importArchive(archive: zip, paths: paths, unitName: "pio01", backupRoot: scratch.url.appendingPathComponent("backups"))
        var after = try snapshot(root)
        #expect(after.removeValue(forKey: "pioreactor_export_metadata.json") != nil)
        #expect(after == before)
    }

    /// Relative path -> bytes (directories map to empty data with a trailing "/").
    private func snapshot(_ root: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                result[relative + "/"] = Data()
            } else {
                result[relative] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
            }
        }
        return result
    }
}
