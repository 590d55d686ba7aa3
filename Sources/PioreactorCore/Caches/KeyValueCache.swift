import Foundation
import GRDB

/// One stored key/value pair, keys decoded back like the reference's `convert_key`.
public struct CacheEntry: Sendable, Equatable {
    public let key: CacheKey
    public let value: CacheValue
}

/// The table `cache_<name>` of a `CacheDatabase`: the reference's `cache` class.
/// Every operation is one statement in autocommit, or one transaction when it needs several.
public struct KeyValueCache: Sendable {
    public let database: CacheDatabase
    public let name: String

    init(database: CacheDatabase, name: String) {
        // Names are code constants that become part of the table name, unquoted like the reference.
        precondition(
            !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || CharacterSet.alphanumerics.contains($0)) },
            "invalid cache name \(name)")
        self.database = database
        self.name = name
    }

    /// `cache_<name>`.
    var table: String { "cache_\(name)" }

    // MARK: reads

    /// The stored value, or nil when the key (or the table) is absent.
    public func get(_ key: CacheKey) async throws -> CacheValue? {
        let table = self.table
        return try await readIfTableExists(nil) { db in
            try DatabaseValue.fetchOne(db.cachedStatement(sql: "SELECT value FROM \(table) WHERE key = ?"), arguments: [key.databaseValue])
                .map(CacheValue.init)
        }
    }

    /// `getfloat`: nil when absent; throws `CacheValueError` when not numeric.
    public func getFloat(_ key: CacheKey) async throws -> Double? {
        try await get(key)?.floatValue()
    }

    /// `getboolean`: nil when absent; throws `CacheValueError` for other texts.
    public func getBool(_ key: CacheKey) async throws -> Bool? {
        try await get(key)?.boolValue()
    }

    /// `getjson`: nil when absent; throws `CacheValueError` when not JSON.
    public func getJSON(_ key: CacheKey) async throws -> JSONValue? {
        try await get(key)?.jsonValue()
    }

    /// Whether the key is present.
    public func contains(_ key: CacheKey) async throws -> Bool {
        try await get(key) != nil
    }

    /// All entries in key order (the order the reference's `iterkeys` yields).
    public func entries() async throws -> [CacheEntry] {
        let table = self.table
        return try await readIfTableExists([]) { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM \(table) ORDER BY key")).compactMap { row in
                let key: DatabaseValue = row[0]
                return CacheKey(stored: key).map { CacheEntry(key: $0, value: CacheValue(row[1])) }
            }
        }
    }

    /// All keys, decoded.
    public func keys() async throws -> [CacheKey] {
        try await entries().map(\.key)
    }

    // MARK: writes

    /// Upsert (`INSERT … ON CONFLICT(key) DO UPDATE`).
    public func set(_ key: CacheKey, _ value: CacheValue) async throws {
        let table = self.table
        try await database.write { db in try Self.upsert(db, table: table, key: key, value: value) }
    }

    /// `INSERT OR IGNORE`; true when the row was inserted.
    @discardableResult
    public func setIfAbsent(_ key: CacheKey, _ value: CacheValue) async throws -> Bool {
        let table = self.table
        return try await database.write { db in try Self.insertIfAbsent(db, table: table, key: key, value: value) }
    }

    /// `DELETE … RETURNING value`: the removed value, or nil when absent.
    @discardableResult
    public func pop(_ key: CacheKey) async throws -> CacheValue? {
        let table = self.table
        return try await database.write { db in
            try Self.createTable(db, table: table)
            return try DatabaseValue.fetchAll(
                db, sql: "DELETE FROM \(table) WHERE key = ? RETURNING value", arguments: [key.databaseValue]
            ).first.map(CacheValue.init)
        }
    }

    /// Removes the key if present.
    public func delete(_ key: CacheKey) async throws {
        let table = self.table
        try await database.write { db in
            try Self.createTable(db, table: table)
            try db.execute(sql: "DELETE FROM \(table) WHERE key = ?", arguments: [key.databaseValue])
        }
    }

    /// Removes every entry (`empty()`).
    public func removeAll() async throws {
        let table = self.table
        try await database.write { db in
            try Self.createTable(db, table: table)
            try db.execute(sql: "DELETE FROM \(table)")
        }
    }

    // MARK: statements shared with multi-step transactions

    static func createTable(_ db: Database, table: String) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(table) (key _key_BLOB PRIMARY KEY, value BLOB)")
    }

    static func select(_ db: Database, table: String, key: CacheKey) throws -> CacheValue? {
        try DatabaseValue.fetchOne(db.cachedStatement(sql: "SELECT value FROM \(table) WHERE key = ?"), arguments: [key.databaseValue])
            .map(CacheValue.init)
    }

    static func upsert(_ db: Database, table: String, key: CacheKey, value: CacheValue) throws {
        try createTable(db, table: table)
        try db.execute(
            sql: "INSERT INTO \(table) (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            arguments: [key.databaseValue, value.databaseValue])
    }

    static func insertIfAbsent(_ db: Database, table: String, key: CacheKey, value: CacheValue) throws -> Bool {
        try createTable(db, table: table)
        try db.execute(
            sql: "INSERT OR IGNORE INTO \(table) (key, value) VALUES (?, ?)",
            arguments: [key.databaseValue, value.databaseValue])
        return db.changesCount == 1
    }

    /// Reads without creating the table: a missing table reads as empty.
    private func readIfTableExists<T: Sendable>(
        _ empty: T, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        let tableName = table
        return try await database.read { db in
            // Asked of sqlite_master directly: another process may have created it since.
            let exists = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [tableName]) ?? false
            guard exists else { return empty }
            return try body(db)
        }
    }
}
