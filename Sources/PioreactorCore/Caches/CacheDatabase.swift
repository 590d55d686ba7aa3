import Foundation
import GRDB

/// One SQLite file holding key-value caches (and, for the intermittent file, the job tables).
/// Owns a single WAL connection pool shared by every cache of the file; safe to share
/// between concurrent server tasks.
public final class CacheDatabase: Sendable {
    /// The SQLite file.
    public let path: URL
    let pool: DatabasePool
    /// Connections for the hottest reads (see DirectReadConnections).
    let direct: DirectReadConnections

    /// Opens (creating the file and its parent directories if needed) with WAL,
    /// `busy_timeout=5000` and foreign keys on, like the reference's connections.
    public init(path: URL) throws {
        self.path = path.standardizedFileURL
        try FileManager.default.createDirectory(
            at: self.path.deletingLastPathComponent(), withIntermediateDirectories: true)
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.journalMode = .wal
        config.foreignKeysEnabled = true
        config.label = self.path.lastPathComponent
        config.prepareDatabase { db in
            // Same settings as the reference's connections (GRDB would give readers 10 s).
            try db.execute(sql: "PRAGMA busy_timeout = 5000; PRAGMA temp_store = 2; PRAGMA cache_size = -4000;")
        }
        pool = try DatabasePool(path: self.path.path, configuration: config)
        direct = DirectReadConnections(path: self.path.path)
    }

    /// The named cache, i.e. table `cache_<name>` of this file.
    public func cache(_ name: String) -> KeyValueCache {
        KeyValueCache(database: self, name: name)
    }

    /// Runs `body` in one IMMEDIATE transaction (atomic across threads and processes).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.write(body)
    }

    /// One read statement: on the caller's thread through `direct`, or, when the file is busy,
    /// through GRDB's pool, which waits (up to the busy timeout) off the caller's thread.
    func rows(_ sql: String, _ arguments: [CacheValue] = []) async throws -> DirectRows {
        do {
            return try direct.rows(sql, arguments)
        } catch let error as DatabaseError where error.isBusy {
            return try await pool.read { db in
                let statement = try db.makeStatement(sql: sql)
                let rows = try Row.fetchAll(statement, arguments: StatementArguments(arguments.map(\.databaseValue)))
                return DirectRows(columns: statement.columnNames, rows: rows.map { $0.databaseValues.map(CacheValue.init) })
            }
        }
    }

    /// Runs `body` on a read-only snapshot connection.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }
}
