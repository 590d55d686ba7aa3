import Foundation
import GRDB
import Testing
@testable import PioreactorCore

@Suite("DotPioreactorExport")
struct DotPioreactorExportTests {
    /// Lists members as Python's zipfile reads them: name, size, compress type, and the metadata json.
    private func inspect(_ zip: URL) throws -> (names: [String], types: [String: Int], metadata: String) {
        let output = try Shell.python(
            """
            import json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None
                infos = z.infolist()
                meta = z.read("pioreactor_export_metadata.json").decode("utf-8")
                json.loads(meta)
                print(json.dumps({"names": [i.filename for i in infos], "types": {i.filename: i.compress_type for i in infos}, "metadata": meta}))
            """,
            [zip.path]
        )
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return (object["names"] as? [String] ?? [], object["types"] as? [String: Int] ?? [:], object["metadata"] as? String ?? "")
    }

    @Test func exportsEveryPathSortedWithMetadataLast() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit()
        try scratch.write("backup", to: ".pioreactor/storage/pioreactor.sqlite.backup")
        try scratch.write("x", to: ".pioreactor/a-b")
        try scratch.write("y", to: ".pioreactor/a/b")
        try FileManager.default.createSymbolicLink(atPath: paths.dotPioreactor.path + "/broken", withDestinationPath: "nowhere")
        let zip = scratch.url.appendingPathComponent("out.zip")
        let exportedAt = Date(timeIntervalSince1970: 1_795_874_496.984_9)
        let summary = try DotPioreactorArchive.export(
            to: zip, paths: paths, unitName: "pio01", leaderHostname: "leader1", isLeader: false,
            appVersion: "26.4.5.dev0", exportedAt: exportedAt
        )
        #expect(summary.skipped.isEmpty)
        let (names, types, metadata) = try inspect(zip)

        // The order Python's sorted(Path.rglob("*")) gives for the same tree.
        let expected = try Shell.python(
            """
            import json, sys
            from pathlib import Path
            base = Path(sys.argv[1]).resolve()
            out = []
            for p in sorted(base.rglob("*")):
                if not p.exists() or p == base / "storage" / "pioreactor.sqlite.backup":
                    continue
                out.append(str(p.relative_to(base)) + ("/" if p.is_dir() else ""))
            print(json.dumps(out))
            """,
            [paths.dotPioreactor.path]
        )
        let pythonNames = try #require(try JSONSerialization.jsonObject(with: Data(expected.utf8)) as? [String])
        #expect(Array(names.dropLast()) == pythonNames)
        #expect(names.last == "pioreactor_export_metadata.json")
        #expect(names.contains("storage/") && names.contains("ui/jobs/") && names.contains("storage/.keep"))
        #expect(!names.contains("storage/pioreactor.sqlite.backup"))
        #expect(!names.contains("broken"))
        #expect(names.firstIndex(of: "a/")! < names.firstIndex(of: "a-b")!)
        #expect(types["config.ini"] == 8)
        #expect(types["storage/"] == 0)
        #expect(metadata == #"{"metadata_version": 1, "name": "pio01", "leader_hostname": "leader1", "is_leader": false, "app_version": "26.4.5.dev0", "exported_at_utc": "2026-11-28T14:01:36.984Z"}"#)

        // Contents survive byte for byte.
        let config = try Shell.python(
            "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('config.ini').hex())", [zip.path]
        )
        let original = try Data(contentsOf: paths.globalConfig)
        #expect(config == original.map { String(format: "%02x", $0) }.joined())
    }

    @Test func sqliteMembersAreConsistentSnapshotsWithoutLiveSidecars() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit()
        let dbPath = paths.storage.appendingPathComponent("local_persistent_pioreactor_metadata.sqlite").path
        // Keep the pool open so committed rows sit in the -wal file, not yet in the main file.
        let pool = try DatabasePool(path: dbPath)
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT)")
            for index in 0..<50 { try db.execute(sql: "INSERT INTO kv VALUES (?, ?)", arguments: ["k\(index)", "v\(index)"]) }
        }
        #expect(FileManager.default.fileExists(atPath: dbPath + "-wal"))
        let zip = scratch.url.appendingPathComponent("out.zip")
        let summary = try DotPioreactorArchive.export(
            to: zip, paths: paths, unitName: "pio01", leaderHostname: "pio01", isLeader: true,
            appVersion: "1.0", exportedAt: Date()
        )
        try pool.close()
        #expect(summary.snapshotted == ["storage/local_persistent_pioreactor_metadata.sqlite"])
        #expect(Set(summary.omittedSidecars).isSubset(of: ["storage/local_persistent_pioreactor_metadata.sqlite-wal",
                                                           "storage/local_persistent_pioreactor_metadata.sqlite-shm"]))
        let (names, _, metadata) = try inspect(zip)
        #expect(!names.contains { $0.hasSuffix("-wal") || $0.hasSuffix("-shm") })
        #expect(metadata.contains(#""is_leader": true"#))
        let count = try Shell.python(
            """
            import sqlite3, sys, tempfile, zipfile, os
            d = tempfile.mkdtemp()
            zipfile.ZipFile(sys.argv[1]).extract("storage/local_persistent_pioreactor_metadata.sqlite", d)
            con = sqlite3.connect(os.path.join(d, "storage/local_persistent_pioreactor_metadata.sqlite"))
            print(con.execute("PRAGMA integrity_check").fetchone()[0], con.execute("SELECT count(*) FROM kv").fetchone()[0])
            """,
            [zip.path]
        )
        #expect(count.trimmingCharacters(in: .whitespacesAndNewlines) == "ok 50")
    }

    @Test func failingMembersAreSkippedAndTheArchiveStaysValid() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit()
        // A FIFO would block a reader forever; it must be skipped, not opened.
        #expect(mkfifo(paths.dotPioreactor.path + "/pipe", 0o644) == 0)
        var expectedSkips = ["pipe"]
        // A sysfs file claims 4096 bytes but yields fewer: the short read aborts that member
        // mid-write, which must roll the archive back rather than corrupt it.
        let sysfs = "/sys/kernel/mm/transparent_hugepage/enabled"
        if let size = FileStatus.of(sysfs, followingSymlinks: true)?.size, size > 0,
           (FileManager.default.contents(atPath: sysfs)?.count ?? 0) < size {
            try FileManager.default.createSymbolicLink(atPath: paths.dotPioreactor.path + "/short", withDestinationPath: sysfs)
            expectedSkips.append("short")
        }
        if getuid() != 0 {
            try scratch.write("private", to: ".pioreactor/locked.txt")
            chmod(paths.dotPioreactor.path + "/locked.txt", 0)
            expectedSkips.append("locked.txt")
        }
        let zip = scratch.url.appendingPathComponent("out.zip")
        let summary = try DotPioreactorArchive.export(
            to: zip, paths: paths, unitName: "pio01", leaderHostname: "leader1", isLeader: false,
            appVersion: "1.0", exportedAt: Date()
        )
        #expect(summary.skipped.sorted() == expectedSkips.sorted())
        let (names, _, _) = try inspect(zip)
        for skipped in expectedSkips { #expect(!names.contains(skipped)) }
        #expect(names.contains("unit_config.ini") && names.contains("ui/"))
    }

    @Test func metadataEscapesLikePythonJSONDumps() throws {
        let metadata = ExportMetadata(name: "pi\"ö\u{1F600}", leaderHostname: "unknown", isLeader: false, appVersion: "x", exportedAt: Date(timeIntervalSince1970: 0.0009))
        let expected = try Shell.python(
            """
            import json, sys
            print(json.dumps({"metadata_version": 1, "name": sys.argv[1], "leader_hostname": "unknown", "is_leader": False, "app_version": "x", "exported_at_utc": "1970-01-01T00:00:00.000Z"}))
            """,
            ["pi\"ö\u{1F600}"]
        )
        #expect(metadata.pythonJSON() == expected.trimmingCharacters(in: .newlines))
    }
}
