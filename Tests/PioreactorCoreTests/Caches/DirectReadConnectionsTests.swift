import Foundation
import GRDB
import Testing
@testable import PioreactorCore

@Suite("DirectReadConnections")
struct DirectReadConnectionsTests {
    func withDatabase(_ body: (CacheDatabase) async throws -> Void) async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        let database = try CacheDatabase(path: temp.file("cache.sqlite"))
        try await database.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
        }
        try await body(database)
    }

    @Test func valuesComeBackAsStoredWithColumnNamesInOrder() async throws {
        try await withDatabase { (database: CacheDatabase) async throws in
            try await database.write { db in
                try db.execute(sql: "INSERT INTO t (id, v) VALUES (1, 7), (2, 2.5), (3, 'text'), (4, NULL), (5, x'6869')")
            }
            let result = try database.direct.rows("SELECT id, v AS value FROM t ORDER BY id")
            #expect(result.columns == ["id", "value"])
            #expect(result.rows.map { $0[1] } == [.integer(7), .real(2.5), .text("text"), .null, .blob(Data("hi".utf8))])
            #expect(result.objects[2] == JSONObject([("id", .int(3)), ("value", .string("text"))]))
        }
    }

    @Test func argumentsBindEveryKind() async throws {
        try await withDatabase { (database: CacheDatabase) async throws in
            try await database.write { db in
                try db.execute(sql: "INSERT INTO t (id, v) VALUES (1, 7), (2, 2.5), (3, 'text'), (4, x'6869')")
            }
            for value: CacheValue in [.integer(7), .real(2.5), .text("text"), .blob(Data("hi".utf8))] {
                #expect(try database.direct.rows("SELECT v FROM t WHERE v = ?", [value]).rows == [[value]])
            }
            #expect(try database.direct.rows("SELECT v FROM t WHERE v IS ?", [.null]).rows.isEmpty)
        }
    }

    /// A connection opened before a write (and reused after it) sees the committed row: each
    /// statement reads the newest WAL snapshot, not the one of its first use.
    @Test func reusedConnectionsSeeLaterCommits() async throws {
        try await withDatabase { (database: CacheDatabase) async throws in
            #expect(try database.direct.rows("SELECT count(*) FROM t").rows == [[.integer(0)]])
            for id in 1...3 {
                try await database.write { db in try db.execute(sql: "INSERT INTO t (id) VALUES (?)", arguments: [id]) }
                #expect(try database.direct.rows("SELECT count(*) FROM t").rows == [[.integer(Int64(id))]])
            }
        }
    }

    @Test func badSQLAndMissingFilesThrowDatabaseErrors() async throws {
        try await withDatabase { (database: CacheDatabase) async throws in
            #expect(throws: DatabaseError.self) { try database.direct.rows("SELECT nope FROM t") }
            #expect(throws: DatabaseError.self) { try database.direct.rows("SELECT v FROM t WHERE id = ?", [.integer(1), .integer(2)]) }
            // The connection that failed is still usable.
            #expect(try database.direct.rows("SELECT count(*) FROM t").rows == [[.integer(0)]])
        }
        let missing = DirectReadConnections(path: "/nonexistent-\(UUID().uuidString)/cache.sqlite")
        #expect(throws: DatabaseError.self) { try missing.rows("SELECT 1") }
    }

    @Test func concurrentReadersEachGetAConnection() async throws {
        try await withDatabase { (database: CacheDatabase) async throws in
            try await database.write { db in
                for id in 1...50 { try db.execute(sql: "INSERT INTO t (id, v) VALUES (?, ?)", arguments: [id, id * 2]) }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in 1...50 {
                    group.addTask {
                        for _ in 0..<20 {
                            let rows = try database.direct.rows("SELECT v FROM t WHERE id = ?", [.integer(Int64(id))]).rows
                            #expect(rows == [[.integer(Int64(id * 2))]])
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}

@Suite("DirectReadConnections when the file is busy")
struct DirectReadBusyTests {
    /// A connection in exclusive locking mode keeps every other connection out, WAL or not.
    func lockExclusively(_ path: URL) throws -> DatabaseQueue {
        let holder = try DatabaseQueue(path: path.path)
        try holder.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA locking_mode = EXCLUSIVE")
            try db.execute(sql: "INSERT INTO t (id, v) VALUES (100, 'held')")
        }
        return holder
    }

    /// Never a wait on the caller's thread: a busy file is an immediate `isBusy` error (which
    /// `CacheDatabase.rows` answers by reading through GRDB's pool, off the caller's thread).
    @Test func directReadsFailAtOnceInsteadOfWaiting() async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        let database = try CacheDatabase(path: temp.file("cache.sqlite"))
        try await database.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)") }
        try database.pool.close()
        let holder = try lockExclusively(temp.file("cache.sqlite"))
        let start = ContinuousClock.now
        #expect {
            try database.direct.rows("SELECT count(*) FROM t")
        } throws: { error in
            (error as? DatabaseError)?.isBusy == true
        }
        #expect(ContinuousClock.now - start < .seconds(1))
        try holder.close()
        #expect(try database.direct.rows("SELECT v FROM t WHERE id = 100").rows == [[.text("held")]])
    }
}
