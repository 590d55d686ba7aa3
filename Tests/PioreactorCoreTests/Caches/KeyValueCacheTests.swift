import Foundation
import GRDB
import Testing
@testable import PioreactorCore

@Suite("KeyValueCache")
struct KeyValueCacheTests {
    /// Runs `body` with a fresh database in nested, not-yet-existing folders.
    func withDatabase(_ body: (CacheDatabase, TempDirectory) async throws -> Void) async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        let database = try CacheDatabase(path: temp.file("a/b/cache.sqlite"))
        try await body(database, temp)
    }

    func raw(_ database: CacheDatabase, _ sql: String) throws -> [Row] {
        try database.pool.read { db in try Row.fetchAll(db, sql: sql) }
    }

    @Test func createsParentFoldersAndWALFile() async throws {
        try await withDatabase { (database: CacheDatabase, temp: TempDirectory) async throws in
            #expect(FileManager.default.fileExists(atPath: temp.file("a/b/cache.sqlite").path))
            let mode = try await database.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
            let timeout = try await database.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA busy_timeout") }
            #expect(timeout == 5000)
        }
    }

    @Test func tableSchemaMatchesReference() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            try await database.cache("leds").set(.text("A"), .real(50))
            let sql: String? = try raw(database, "SELECT sql FROM sqlite_master WHERE name = 'cache_leds'").first?[0]
            #expect(sql == "CREATE TABLE cache_leds (key _key_BLOB PRIMARY KEY, value BLOB)")
        }
    }

    @Test func readsOfAMissingTableAreEmptyAndCreateNothing() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            let cache = database.cache("nothing_here")
            #expect(try await cache.get(.text("x")) == nil)
            #expect(try await cache.entries().isEmpty)
            #expect(try raw(database, "SELECT name FROM sqlite_master WHERE name = 'cache_nothing_here'").isEmpty)
        }
    }

    @Test func keysAreBoundWithTheReferenceTypes() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            let cache = database.cache("mixed")
            try await cache.set(.text("5"), .text("text key"))
            try await cache.set(.int(5), .text("int key"))
            try await cache.set(.tuple(["exp1", "current_volume_ml"]), .real(12.5))
            try await cache.set(.tuple(["expé \"q\"\n", "v"]), .real(1))
            let rows = try raw(database, "SELECT typeof(key), hex(key) FROM cache_mixed ORDER BY key")
            let pairs = rows.map { ($0[0] as String, $0[1] as String) }
            #expect(pairs.map(\.0) == ["integer", "text", "blob", "blob"])
            let expected1 = Data(#"["exp1","current_volume_ml"]"#.utf8)
            let expected2 = Data("[\"expé \\\"q\\\"\\n\",\"v\"]".utf8)
            let hex = { (data: Data) in data.map { String(format: "%02X", $0) }.joined() }
            #expect(Set(pairs.filter { $0.0 == "blob" }.map(\.1)) == [hex(expected1), hex(expected2)])
            // Same spelling, different storage classes: distinct rows.
            #expect(try await cache.get(.text("5")) == .text("text key"))
            #expect(try await cache.get(.int(5)) == .text("int key"))
            #expect(try await cache.get(.tuple(["exp1", "current_volume_ml"])) == .real(12.5))
            #expect(try await cache.get(.text(#"["exp1","current_volume_ml"]"#)) == nil)
        }
    }

    @Test func entriesDecodeKeysLikeConvertKey() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            let cache = database.cache("keys")
            try await cache.set(.tuple(["a", "b"]), .integer(1))
            try await cache.set(.text("plain"), .integer(2))
            try await cache.set(.int(17), .integer(3))
            // A BLOB that is not a JSON array of strings reads back as UTF-8 text.
            try await database.pool.write { db in
                try db.execute(sql: "INSERT INTO cache_keys VALUES (?, 4)", arguments: [Data("not json".utf8)])
            }
            let entries = try await cache.entries()
            #expect(entries.map(\.key) == [.int(17), .text("plain"), .tuple(["a", "b"]), .text("not json")])
            #expect(entries.map(\.value) == [.integer(3), .integer(2), .integer(1), .integer(4)])
        }
    }

    @Test func valuesKeepTheirStorageClass() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            let cache = database.cache("values")
            let values: [CacheValue] = [.text("t"), .real(0.5), .integer(-3), .blob(Data([0, 1, 255])), .null]
            for (index, value) in values.enumerated() { try await cache.set(.int(Int64(index)), value) }
            for (index, value) in values.enumerated() { #expect(try await cache.get(.int(Int64(index))) == value) }
            let types = try raw(database, "SELECT typeof(value) FROM cache_values ORDER BY key").map { $0[0] as String }
            #expect(types == ["text", "real", "integer", "blob", "null"])
        }
    }

    @Test func setIsAnUpsert() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            let cache = database.cache("upsert")
            try await cache.set(.text("k"), .real(1))
            try await cache.set(.text("k"), .real(2))
            #expect(try await cache.get(.text("k")) == .real(2))
            #expect(try await cache.entries().count == 1)
        }
    }

    @Test func setIfAbsentReportsInsertionAndKeepsTheFirstValue() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            let cache = database.cache("locks")
            #expect(try await cache.setIfAbsent(.int(17), .text("1:1")) == true)
            #expect(try await cache.setIfAbsent(.int(17), .text("2:2")) == false)
            #expect(try await cache.get(.int(17)) == .text("1:1"))
        }
    }

    @Test func popReturnsAndRemoves() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            let cache = database.cache("pop")
            try await cache.set(.text("k"), .real(3.5))
            #expect(try await cache.pop(.text("k")) == .real(3.5))
            #expect(try await cache.get(.text("k")) == nil)
            #expect(try await cache.pop(.text("k")) == nil)
            try await cache.set(.text("j"), .integer(1))
            try await cache.delete(.text("j"))
            try await cache.delete(.text("never"))
            #expect(try await cache.contains(.text("j")) == false)
        }
    }

    @Test func getFloatCoercesLikeTheReference() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            let cache = database.cache("floats")
            let accepted: [(CacheValue, Double)] = [
                (.real(1.5), 1.5), (.integer(2), 2.0), (.text(" 3.25\n"), 3.25), (.text("1_000.5"), 1000.5),
                (.text("1e3"), 1000), (.text("-.5"), -0.5), (.blob(Data("4.5".utf8)), 4.5), (.text("-inf"), -.infinity),
            ]
            for (index, (value, expected)) in accepted.enumerated() {
                try await cache.set(.int(Int64(index)), value)
                #expect(try await cache.getFloat(.int(Int64(index))) == expected)
            }
            for bad: CacheValue in [.text("abc"), .text("0x10"), .text("1__0"), .text(""), .null, .blob(Data([0xff]))] {
                try await cache.set(.text("bad"), bad)
                await #expect(throws: CacheValueError.self) { try await cache.getFloat(.text("bad")) }
            }
            #expect(try await cache.getFloat(.text("absent")) == nil)
        }
    }

    @Test func getBoolAndGetJSON() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            let cache = database.cache("flags")
            let cases: [(CacheValue, Bool)] = [
                (.text("yes"), true), (.text(" On "), true), (.text("TRUE"), true), (.text("1"), true),
                (.text("no"), false), (.text("off"), false), (.text("False"), false), (.text("0"), false),
                (.integer(1), true), (.integer(0), false), (.blob(Data("on".utf8)), true),
            ]
            for (value, expected) in cases {
                try await cache.set(.text("f"), value)
                #expect(try await cache.getBool(.text("f")) == expected)
            }
            try await cache.set(.text("f"), .text("maybe"))
            await #expect(throws: CacheValueError.self) { try await cache.getBool(.text("f")) }

            try await cache.set(.text("j"), .text(#"{"2":0.0812,"a":[1,"x"]}"#))
            #expect(try await cache.getJSON(.text("j")) == ["2": 0.0812, "a": [1, "x"]])
            try await cache.set(.text("j"), .blob(Data("[1]".utf8)))
            #expect(try await cache.getJSON(.text("j")) == [1])
            for bad: CacheValue in [.text("{"), .real(1)] {
                try await cache.set(.text("j"), bad)
                await #expect(throws: CacheValueError.self) { try await cache.getJSON(.text("j")) }
            }
        }
    }

    @Test func activeDeviceNames() async throws {
        try await withDatabase { (database: CacheDatabase, _: TempDirectory) async throws in
            let active = ActiveDeviceNames.calibrations(in: database)
            #expect(try await active.all().isEmpty)
            try await active.setName("cal_b", for: "od90")
            try await active.setName("cal_a", for: "media_pump")
            #expect(try await active.name(for: "od90") == "cal_b")
            #expect(try await active.all().map(\.device) == ["media_pump", "od90"])
            try await active.remove(device: "od90", ifNamed: "other")
            #expect(try await active.name(for: "od90") == "cal_b")
            try await active.remove(device: "od90", ifNamed: "cal_b")
            #expect(try await active.name(for: "od90") == nil)
            try await active.remove(device: "media_pump")
            #expect(try await active.all().isEmpty)
            let estimators = ActiveDeviceNames.estimators(in: database)
            try await estimators.setName("fused1", for: "od_fused")
            #expect(try await database.cache("active_estimators").get(.text("od_fused")) == .text("fused1"))
        }
    }

    @Test func concurrentWritersFromTwoPoolsNeverFail() async throws {
        try await withDatabase { (database: CacheDatabase, temp: TempDirectory) async throws in
            // A second pool on the same file stands in for another process.
            let other = try CacheDatabase(path: temp.file("a/b/cache.sqlite"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    let cache = (index.isMultiple(of: 2) ? database : other).cache("busy")
                    group.addTask {
                        try await cache.set(.tuple(["exp", "v\(index)"]), .real(Double(index)))
                        _ = try await cache.setIfAbsent(.text("shared"), .integer(Int64(index)))
                        _ = try await cache.get(.text("shared"))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await database.cache("busy").entries().count == 201)
        }
    }

    @Test func setIfAbsentHasExactlyOneWinnerUnderConcurrency() async throws {
        try await withDatabase { (database: CacheDatabase, temp: TempDirectory) async throws in
            let other = try CacheDatabase(path: temp.file("a/b/cache.sqlite"))
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<100 {
                    let cache = (index.isMultiple(of: 2) ? database : other).cache("led_locks")
                    group.addTask { try await cache.setIfAbsent(.text("A"), .text("\(index)")) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }
}
