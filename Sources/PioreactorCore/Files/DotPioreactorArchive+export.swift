import Foundation
import ZIPFoundation

extension DotPioreactorArchive {
    /// Writes the whole DP tree to a new zip at `url` (replaced if present), metadata json last.
    /// `*.sqlite` members are snapshotted with the backup API; their live `-wal`/`-shm` are then
    /// left out, since a stale WAL next to a fresh copy would be replayed over it on open.
    @discardableResult
    public static func export(
        to url: URL,
        paths: UnitPaths,
        unitName: String,
        leaderHostname: String,
        isLeader: Bool,
        appVersion: String,
        exportedAt: Date
    ) throws -> ExportSummary {
        guard let root = POSIXPath.resolve(paths.dotPioreactor.path) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: paths.dotPioreactor.path])
        }
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        let archive = try Archive(url: url, accessMode: .create)
        let outputPath = POSIXPath.resolve(url.standardizedFileURL.path) ?? url.path

        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("dot_pioreactor_export_\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }

        var summary = ExportSummary()
        var snapshotted = Set<String>()
        for components in walk(root) {
            let relative = components.joined(separator: "/")
            let absolute = POSIXPath.join(root, relative)
            if absolute == outputPath || relative == skippedBackupMember { continue }
            // Like zipfile.write: symlinks are followed; broken ones are skipped silently.
            guard let status = FileStatus.of(absolute, followingSymlinks: true) else { continue }
            switch status.kind {
            case .directory:
                do {
                    try archive.addEntry(
                        with: relative + "/", type: .directory, uncompressedSize: Int64(0),
                        modificationDate: status.modificationDate, permissions: status.permissions,
                        provider: { (_: Int64, _: Int) in Data() }
                    )
                } catch {
                    summary.skipped.append(relative)
                }
            case .regular:
                if let base = sidecarBase(relative), snapshotted.contains(base) {
                    summary.omittedSidecars.append(relative)
                    continue
                }
                var source = absolute
                var size = status.size
                if relative.hasSuffix(".sqlite"), let copy = try? snapshot(absolute, into: scratch) {
                    source = copy.path
                    size = FileStatus.of(copy.path, followingSymlinks: true)?.size ?? 0
                    snapshotted.insert(relative)
                    summary.snapshotted.append(relative)
                }
                if !addFile(to: archive, name: relative, from: source, size: size, status: status) {
                    summary.skipped.append(relative)
                    snapshotted.remove(relative)
                    summary.snapshotted.removeAll { $0 == relative }
                }
            case .symlink, .other:
                // A FIFO or socket would block zipfile forever; we skip it as a failed member.
                summary.skipped.append(relative)
            }
        }

        let metadata = ExportMetadata(
            name: unitName, leaderHostname: leaderHostname, isLeader: isLeader,
            appVersion: appVersion, exportedAt: exportedAt
        )
        let metadataBytes = Data(metadata.pythonJSON().utf8)
        try archive.addEntry(
            with: ExportMetadata.memberName, type: .file, uncompressedSize: Int64(metadataBytes.count),
            modificationDate: exportedAt, permissions: 0o600, compressionMethod: .deflate,
            provider: { position, size in metadataBytes.subdata(in: Int(position)..<Int(position) + size) }
        )
        return summary
    }

    /// `sorted(DP.rglob("*"))`: every entry, hidden included, without descending into symlinked
    /// directories; ordered by path components in code point order (pathlib's ordering).
    static func walk(_ root: String) -> [[String]] {
        var found: [[String]] = []
        func visit(_ prefix: [String]) {
            let directory = prefix.isEmpty ? root : POSIXPath.join(root, prefix.joined(separator: "/"))
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
            for name in names {
                let components = prefix + [name]
                found.append(components)
                if FileStatus.of(POSIXPath.join(directory, name), followingSymlinks: false)?.kind == .directory {
                    visit(components)
                }
            }
        }
        visit([])
        return found.sorted { lhs, rhs in
            for (left, right) in zip(lhs, rhs) where left != right {
                return left.precedesByCodePoint(right)
            }
            return lhs.count < rhs.count
        }
    }

    /// `storage/x.sqlite` for `storage/x.sqlite-wal` or `-shm`.
    static func sidecarBase(_ relative: String) -> String? {
        for suffix in ["-wal", "-shm"] where relative.hasSuffix(".sqlite" + suffix) {
            return String(relative.dropLast(suffix.count))
        }
        return nil
    }

    private static func snapshot(_ absolute: String, into scratch: URL) throws -> URL {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let copy = scratch.appendingPathComponent(UUID().uuidString + ".sqlite")
        do {
            try SQLiteSnapshot.copy(URL(fileURLWithPath: absolute), to: copy)
        } catch {
            try? FileManager.default.removeItem(at: copy)
            throw error
        }
        return copy
    }

    /// Adds one deflated file; false when it could not be read. Read errors surface as
    /// `cancelledOperation`, the one error ZIPFoundation rolls the archive back on.
    private static func addFile(to archive: Archive, name: String, from path: String, size: Int64, status: FileStatus) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        do {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: size,
                modificationDate: status.modificationDate, permissions: status.permissions,
                compressionMethod: .deflate,
                provider: { position, chunkSize in
                    do {
                        try handle.seek(toOffset: UInt64(position))
                        let data = try handle.read(upToCount: chunkSize) ?? Data()
                        guard data.count == chunkSize else { throw Archive.ArchiveError.cancelledOperation }
                        return data
                    } catch {
                        throw Archive.ArchiveError.cancelledOperation
                    }
                }
            )
            return true
        } catch {
            return false
        }
    }
}
