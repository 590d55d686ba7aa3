import Foundation
import GRDB

/// A consistent copy of a live SQLite database, taken with the SQLite backup API inside one
/// read transaction, so committed WAL content is included and no half-written page is.
enum SQLiteSnapshot {
    /// Copies `source` into a new file `destination` (which must not exist).
    static func copy(_ source: URL, to destination: URL) throws {
        var sourceConfig = Configuration()
        sourceConfig.readonly = true
        sourceConfig.busyMode = .timeout(5)
        // Scoped so both connections are closed (and the copy's journal folded in) before we read the file.
        do {
            let reader = try DatabaseQueue(path: source.path, configuration: sourceConfig)
            let writer = try DatabaseQueue(path: destination.path)
            try reader.backup(to: writer)
            try reader.close()
            try writer.close()
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: destination.path + suffix)
        }
    }
}
