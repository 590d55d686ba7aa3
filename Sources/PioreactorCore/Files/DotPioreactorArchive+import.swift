import Foundation
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#endif

extension DotPioreactorArchive {
    /// The import task (storage.md §10 steps 1–6): extract beside DP, move DP's items into a backup
    /// dir under `backupRoot`, move the new items in, fix `[storage] temporary_cache`, bring back
    /// `ui/` and `hardware/` if the archive lacks them; restore the backup on failure.
    /// Deletes the uploaded zip and the extraction dir after success. No chown, no reboot.
    @discardableResult
    public static func importArchive(
        archive: URL,
        paths: UnitPaths,
        unitName: String,
        backupRoot: URL,
        temporaryCache: String? = nil,
        now: Date = Date()
    ) throws -> ImportSummary {
        guard let root = POSIXPath.resolve(paths.dotPioreactor.path) else {
            throw DotPioreactorImportError(message: DotPioreactorImportError.extractionFailed, detail: "cannot resolve DOT_PIOREACTOR")
        }
        let rootURL = URL(fileURLWithPath: root)
        // Same filesystem as DP, so the moves below are renames, not copies.
        let extraction = rootURL.deletingLastPathComponent()
            .appendingPathComponent(".dot_pioreactor_import_\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: extraction) }
        do {
            try extract(archive, into: extraction)
        } catch {
            throw DotPioreactorImportError(message: DotPioreactorImportError.extractionFailed, detail: "\(error)")
        }

        let backup = backupRoot.appendingPathComponent(
            "\(unitName)_dot_pioreactor_backup_\(ExportMetadata.utcMilliseconds(now))"
        )
        var backedUp: [String] = []
        do {
            try FileManager.default.createDirectory(at: backupRoot, withIntermediateDirectories: true)
            guard mkdir(backup.path, 0o700) == 0 else { throw POSIXFailure(operation: "mkdir \(backup.path)", code: errno) }
            if FileManager.default.fileExists(atPath: root) {
                for name in try FileManager.default.contentsOfDirectory(atPath: root) {
                    try move(rootURL.appendingPathComponent(name), to: backup.appendingPathComponent(name))
                    backedUp.append(name)
                }
            }
        } catch {
            // Unlike the reference, put back whatever had already been moved.
            for name in backedUp {
                try? move(backup.appendingPathComponent(name), to: rootURL.appendingPathComponent(name))
            }
            throw DotPioreactorImportError(message: DotPioreactorImportError.backupFailed, detail: "\(error)")
        }

        var movedIn: [String] = []
        var restored: [String] = []
        var warnings: [String] = []
        do {
            try FileManager.default.createDirectory(at: rootURL, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: extraction.path) {
                try move(extraction.appendingPathComponent(name), to: rootURL.appendingPathComponent(name))
                movedIn.append(name)
            }
            let config = rootURL.appendingPathComponent("config.ini")
            if FileManager.default.fileExists(atPath: config.path) {
                let text = try String(contentsOf: config, encoding: .utf8)
                let edited = INILineEditor.setValue(
                    section: "storage", key: "temporary_cache",
                    value: temporaryCache ?? paths.defaultTemporaryCache.path, in: text
                )
                if edited != text { try AtomicFile.write(edited, to: config) }
            }
            for required in ["ui", "hardware"] where !FileManager.default.fileExists(atPath: root + "/" + required) {
                let saved = backup.appendingPathComponent(required)
                if FileManager.default.fileExists(atPath: saved.path) {
                    try move(saved, to: rootURL.appendingPathComponent(required))
                    restored.append(required)
                } else {
                    warnings.append("\(required) directory missing from import and no backup copy is available")
                }
            }
        } catch {
            for name in restored {
                try? move(rootURL.appendingPathComponent(name), to: backup.appendingPathComponent(name))
            }
            for name in movedIn {
                try? FileManager.default.removeItem(at: rootURL.appendingPathComponent(name))
            }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: backup.path)) ?? [] {
                try? move(backup.appendingPathComponent(name), to: rootURL.appendingPathComponent(name))
            }
            throw DotPioreactorImportError(message: DotPioreactorImportError.writeFailed, detail: "\(error)")
        }

        try? FileManager.default.removeItem(at: archive)
        return ImportSummary(backupDirectory: backup, warnings: warnings)
    }

    /// Extracts every member the way zipfile.extractall does on POSIX: empty, `.` and `..`
    /// segments dropped, names ending in `/` made directories, files written with default modes.
    static func extract(_ archiveURL: URL, into destination: URL) throws {
        // Re-check members here too: the task must never trust that the upload route validated.
        let directory = try ZipCentralDirectory(contentsOf: archiveURL)
        do {
            try checkMembers(directory.members)
        } catch {
            throw DotPioreactorImportError(message: error.error, detail: "")
        }
        let archive = try Archive(url: archiveURL, accessMode: .read)
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        for entry in archive {
            let components = entry.path.split(separator: "/").map(String.init)
                .filter { !$0.isEmpty && $0 != "." && $0 != ".." }
            guard !components.isEmpty else { continue }
            let target = components.reduce(destination) { $0.appendingPathComponent($1) }
            if entry.path.hasSuffix("/") || entry.type == .directory {
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                continue
            }
            guard entry.type == .file else { throw Archive.ArchiveError.uncontainedSymlink }
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true
            )
            guard FileManager.default.createFile(atPath: target.path, contents: nil) else {
                throw POSIXFailure(operation: "create \(target.path)", code: errno)
            }
            let handle = try FileHandle(forWritingTo: target)
            defer { try? handle.close() }
            try handle.truncate(atOffset: 0)
            _ = try archive.extract(entry, skipCRC32: false) { chunk in try handle.write(contentsOf: chunk) }
        }
    }

    /// rename(2), falling back to copy-and-delete across filesystems (the backup may live in /tmp).
    static func move(_ source: URL, to destination: URL) throws {
        if rename(source.path, destination.path) == 0 { return }
        let code = errno
        guard code == EXDEV else { throw POSIXFailure(operation: "rename \(source.path)", code: code) }
        try FileManager.default.copyItem(at: source, to: destination)
        try FileManager.default.removeItem(at: source)
    }
}
