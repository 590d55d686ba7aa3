import Foundation
import Testing
@testable import PioreactorCore

@Suite("FileBrowser")
struct FileBrowserTests {
    private func withUnit(_ body: (ScratchDirectory, UnitPaths, FileBrowser) throws -> Void) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit()
        try body(scratch, paths, FileBrowser(paths: paths))
    }

    private func expectError(_ expected: UnitError, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected \(expected)")
        } catch {
            #expect(error as? UnitError == expected)
        }
    }

    @Test func rootListingHasTrailingSlashAndSortedEntries() throws {
        try withUnit { _, paths, browser throws in
            try "x".write(to: paths.dotPioreactor.appendingPathComponent(".image_info"), atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(at: paths.dotPioreactor.appendingPathComponent("__pycache__"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: paths.dotPioreactor.appendingPathComponent("Zeta"), withIntermediateDirectories: true)
            let result = try browser.browse(requestPath: "")
            guard case .directory(let listing) = result else { Issue.record("not a directory"); return }
            #expect(listing.keys == ["current", "dirs", "files"])
            #expect(listing["current"] == .string(paths.dotPioreactor.path + "/"))
            // Code point order puts upper case first, as Python's sorted() does.
            #expect(listing["dirs"] == ["Zeta", "experiment_profiles", "hardware", "plugins", "storage", "ui"])
            #expect(listing["files"] == [".image_info", "config.ini", "unit_config.ini"])
        }
    }

    @Test func subdirectoryCurrentEchoesRequestPath() throws {
        try withUnit { _, paths, browser throws in
            guard case .directory(let listing) = try browser.browse(requestPath: "storage") else {
                Issue.record("not a directory"); return
            }
            #expect(listing["current"] == .string(paths.dotPioreactor.path + "/storage"))
            #expect(listing["dirs"] == ["calibrations", "estimators"])
            #expect(listing["files"] == [".keep"])
        }
    }

    @Test func dotDotThatStaysInsideIsAllowed() throws {
        try withUnit { _, paths, browser throws in
            let result = try browser.browse(requestPath: "storage/../config.ini")
            #expect(result == .file(paths.dotPioreactor.appendingPathComponent("config.ini")))
        }
    }

    @Test func escapesAreRefused() throws {
        try withUnit { _, _, browser throws in
            for bad in ["..", "../", "../etc/passwd", "storage/../../x", "/etc/passwd", "//etc/passwd", "a/../../.."] {
                expectError(FileBrowser.invalidPath) { _ = try browser.browse(requestPath: bad) }
            }
        }
    }

    @Test func missingPathIs404WithRequestPathInCause() throws {
        try withUnit { _, _, browser throws in
            expectError(UnitError.notFound("Path not found.", cause: "Path does not exist: nope/x.txt", remediation: "Check the path and try again.")) {
                _ = try browser.browse(requestPath: "nope/x.txt")
            }
        }
    }

    @Test func nulByteIsRefused() throws {
        try withUnit { _, _, browser throws in
            expectError(FileBrowser.notFound("config.ini\0.txt")) { _ = try browser.browse(requestPath: "config.ini\0.txt") }
        }
    }

    @Test func sqliteDownloadsAreRefused() throws {
        try withUnit { _, paths, browser throws in
            for name in ["a.sqlite", "a.sqlite.backup", "a.sqlite-shm", "a.sqlite-wal"] {
                try "db".write(to: paths.storage.appendingPathComponent(name), atomically: true, encoding: .utf8)
                expectError(FileBrowser.sqliteRestricted) { _ = try browser.browse(requestPath: "storage/\(name)") }
            }
            #expect(FileBrowser.sqliteRestricted == UnitError(403, "Access to downloading sqlite files is restricted.",
                cause: "SQLite files are blocked from download via the API.", remediation: "Access the database directly on the device."))
            // A harmless-looking link to a database is refused too.
            try FileManager.default.createSymbolicLink(atPath: paths.dotPioreactor.path + "/notes.txt", withDestinationPath: "storage/a.sqlite")
            expectError(FileBrowser.sqliteRestricted) { _ = try browser.browse(requestPath: "notes.txt") }
        }
    }

    @Test func symlinksLeavingDPAreRefused() throws {
        try withUnit { scratch, paths, browser throws in
            try scratch.write("secret", to: "outside/secret.txt")
            try FileManager.default.createSymbolicLink(atPath: paths.dotPioreactor.path + "/outdir", withDestinationPath: scratch.path + "/outside")
            try FileManager.default.createSymbolicLink(atPath: paths.dotPioreactor.path + "/outfile", withDestinationPath: "../outside/secret.txt")
            expectError(FileBrowser.invalidPath) { _ = try browser.browse(requestPath: "outdir") }
            expectError(FileBrowser.invalidPath) { _ = try browser.browse(requestPath: "outdir/secret.txt") }
            expectError(FileBrowser.invalidPath) { _ = try browser.browse(requestPath: "outfile") }
            // Listed like os.walk lists them: the dir link under dirs, the file link under files.
            guard case .directory(let listing) = try browser.browse(requestPath: "") else { return }
            #expect(listing["dirs"]?.arrayValue?.contains("outdir") == true)
            #expect(listing["files"]?.arrayValue?.contains("outfile") == true)
        }
    }

    @Test func symlinksInsideDPAreFollowed() throws {
        try withUnit { _, paths, browser throws in
            try FileManager.default.createSymbolicLink(atPath: paths.dotPioreactor.path + "/cal", withDestinationPath: "storage/calibrations")
            guard case .directory(let listing) = try browser.browse(requestPath: "cal") else { Issue.record("not a dir"); return }
            #expect(listing["current"] == .string(paths.dotPioreactor.path + "/cal"))
            #expect(listing["dirs"]?.arrayValue?.count == 5)
            let file = try browser.resolve(requestPath: "cal/od90/od90-older-2025-11.yaml")
            #expect(file.path == paths.calibrations.path + "/od90/od90-older-2025-11.yaml")
        }
    }

    @Test func dotPioreactorItselfBehindASymlinkWorks() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let real = try scratch.fixtureUnit(named: "real")
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/link", withDestinationPath: real.dotPioreactor.path)
        let paths = UnitPaths(dotPioreactor: scratch.url.appendingPathComponent("link"), runPioreactor: URL(fileURLWithPath: "/run/pioreactor"))
        let browser = FileBrowser(paths: paths)
        guard case .directory(let listing) = try browser.browse(requestPath: "") else { Issue.record("not a dir"); return }
        #expect(listing["current"] == .string(scratch.path + "/link/"))
        #expect(try browser.removableFile(filepath: "config.ini").path == real.dotPioreactor.path + "/config.ini")
    }

    @Test func removableFileAcceptsInsidePaths() throws {
        try withUnit { _, paths, browser throws in
            let root = paths.dotPioreactor.path
            #expect(try browser.removableFile(filepath: "config.ini").path == root + "/config.ini")
            #expect(try browser.removableFile(filepath: root + "/storage/../config.ini").path == root + "/config.ini")
            #expect(try browser.removableFile(filepath: root).path == root)
            #expect(try browser.removableFile(filepath: "~/x.txt", homeDirectory: root).path == root + "/x.txt")
            #expect(try browser.removableFile(filepath: "does/not/exist").path == root + "/does/not/exist")
        }
    }

    @Test func removableFileRefusesOutsidePaths() throws {
        try withUnit { scratch, paths, browser throws in
            try scratch.write("x", to: "outside/victim.txt")
            try FileManager.default.createSymbolicLink(atPath: paths.dotPioreactor.path + "/escape", withDestinationPath: scratch.path + "/outside")
            let refused = UnitError(403, "Access to this path is not allowed",
                cause: "Requested path is outside the .pioreactor directory.", remediation: "Provide a path within the .pioreactor directory.")
            for bad in ["/etc/passwd", "../x", "storage/../../x", "escape/victim.txt", "~/x", paths.dotPioreactor.path + "-sibling/x", "a\0b"] {
                expectError(refused) { _ = try browser.removableFile(filepath: bad, homeDirectory: "/root") }
            }
            expectError(UnitError(400, "filepath field is required", cause: "Request JSON missing 'filepath'.",
                remediation: "Include a 'filepath' field in the JSON payload.")) { _ = try browser.removableFile(filepath: "") }
        }
    }

    @Test func normalizeMatchesPosixpath() throws {
        let cases = ["", ".", "a/./b", "a//b/", "a/../..", "../a", "/../a", "//a", "///a/b/..", "a/b/../../c"]
        let python = try Shell.python(
            "import posixpath, sys, json; print(json.dumps([posixpath.normpath(p) for p in json.loads(sys.argv[1])]))",
            [String(decoding: try JSONSerialization.data(withJSONObject: cases), as: UTF8.self)]
        )
        let expected = try JSONSerialization.jsonObject(with: Data(python.utf8)) as? [String]
        #expect(cases.map(POSIXPath.normalize) == expected)
    }
}

@Suite("FlagFiles")
struct FlagFilesTests {
    @Test func blocksOnlyWhenTheFlagFileExists() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit()
        try FlagFiles.requireBrowsingAllowed(paths)
        try FlagFiles.requireInstallsAllowed(paths)
        // A directory with the flag's name is not a flag file (the reference uses isfile).
        try FileManager.default.createDirectory(at: paths.flag(FlagFiles.disallowFileSystem), withIntermediateDirectories: true)
        try FlagFiles.requireExportAllowed(paths)
        try FileManager.default.removeItem(at: paths.flag(FlagFiles.disallowFileSystem))
        try "".write(to: paths.flag(FlagFiles.disallowFileSystem), atomically: true, encoding: .utf8)
        #expect(throws: FlagFiles.browseBlocked) { try FlagFiles.requireBrowsingAllowed(paths) }
        #expect(throws: FlagFiles.removeFileBlocked) { try FlagFiles.requireRemovalAllowed(paths) }
        #expect(throws: FlagFiles.exportBlocked) { try FlagFiles.requireExportAllowed(paths) }
        #expect(throws: FlagFiles.importBlocked) { try FlagFiles.requireImportAllowed(paths) }
        try FlagFiles.requireInstallsAllowed(paths)
        try "".write(to: paths.flag(FlagFiles.disallowInstalls), atomically: true, encoding: .utf8)
        #expect(throws: FlagFiles.installBlocked) { try FlagFiles.requireInstallsAllowed(paths) }
    }

    @Test func exactTexts() {
        #expect(FlagFiles.browseBlocked == UnitError(403, "DISALLOW_UI_FILE_SYSTEM is present",
            cause: "File system browsing is disabled on this unit.", remediation: "Remove DISALLOW_UI_FILE_SYSTEM or browse locally via SSH."))
        #expect(FlagFiles.removeFileBlocked == UnitError(403, "DISALLOW_UI_FILE_SYSTEM is present",
            cause: "File system operations are disabled on this unit.", remediation: "Remove DISALLOW_UI_FILE_SYSTEM or run the action locally via SSH."))
        #expect(FlagFiles.exportBlocked == UnitError(403, "DISALLOW_UI_FILE_SYSTEM is present",
            cause: "File system access is disabled on this unit.", remediation: "Remove DISALLOW_UI_FILE_SYSTEM or export files locally via SSH."))
        #expect(FlagFiles.importBlocked == UnitError(403, "DISALLOW_UI_FILE_SYSTEM is present",
            cause: "File system operations are disabled on this unit.", remediation: "Remove DISALLOW_UI_FILE_SYSTEM or run the import locally via SSH."))
        #expect(FlagFiles.installBlocked == UnitError(403, "DISALLOW_UI_INSTALLS is present",
            cause: "Plugin installs are disabled on this unit.", remediation: "Remove DISALLOW_UI_INSTALLS or install via SSH."))
    }
}
