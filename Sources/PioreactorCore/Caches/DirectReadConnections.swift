import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Read-only connections to a cache file, used on the caller's thread for the reads the UI
/// polls most (job listings). A GRDB pool read hops to a dispatch queue, waits on the pool's
/// semaphore and checks the schema version in its own transaction: under load that cost more
/// than the query (perf under `bench/run`). Each statement here reads one committed WAL
/// snapshot; writes stay with GRDB.
///
/// These connections never wait for a lock: the caller may be one of the few threads of Swift's
/// cooperative pool, and SQLite's busy handler would sleep on it. A statement that finds the
/// file busy (a checkpoint, a connection closing or recovering) throws `isBusy` errors, and the
/// caller reads through GRDB instead (`CacheDatabase.rows`).
final class DirectReadConnections: Sendable {
    private let path: String
    /// Connections not in use; grows to the number of concurrent readers.
    private let idle = Mutex<[DirectReadConnection]>([])

    init(path: String) {
        self.path = path
    }

    /// The rows of one statement.
    func rows(_ sql: String, _ arguments: [CacheValue] = []) throws -> DirectRows {
        let connection = try idle.withLock { $0.popLast() } ?? DirectReadConnection(path: path)
        defer { idle.withLock { $0.append(connection) } }
        return try connection.rows(sql, arguments)
    }
}

extension DatabaseError {
    /// SQLITE_BUSY or one of its extended codes (recovery, snapshot, timeout).
    var isBusy: Bool { resultCode == .SQLITE_BUSY }
}

/// The result of a statement: column names once, then each row's values in column order.
struct DirectRows: Sendable {
    var columns: [String] = []
    var rows: [[CacheValue]] = []

    /// Each row as an ordered JSON object, values as SQLite stored them.
    var objects: [JSONObject] {
        rows.map { values in JSONObject(Array(zip(columns, values.map(\.asJSON)))) }
    }
}

/// One read-only SQLite connection and its prepared statements. Only `DirectReadConnections`
/// holds it, and hands it to one caller at a time: that is what makes it safe to send.
private final class DirectReadConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    init(path: String) throws {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_close_v2(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 0)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    func rows(_ sql: String, _ arguments: [CacheValue]) throws -> DirectRows {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, argument) in arguments.enumerated() {
            try check(bind(argument, to: statement, at: Int32(index + 1)), sql)
        }
        let count = sqlite3_column_count(statement)
        var result = DirectRows(columns: (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) })
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return result }
            guard code == SQLITE_ROW else { throw error(code, sql) }
            result.rows.append((0..<count).map { column(statement, $0) })
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code, sql) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: CacheValue, to statement: OpaquePointer, at index: Int32) -> Int32 {
        // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        switch value {
        case .text(let text): return sqlite3_bind_text(statement, index, text, -1, transient)
        case .integer(let integer): return sqlite3_bind_int64(statement, index, integer)
        case .real(let real): return sqlite3_bind_double(statement, index, real)
        case .null: return sqlite3_bind_null(statement, index)
        case .blob(let data):
            return data.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transient) }
        }
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> CacheValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, index)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: count))
        default: return .null
        }
    }

    private func check(_ code: Int32, _ sql: String) throws {
        guard code == SQLITE_OK else { throw error(code, sql) }
    }

    private func error(_ code: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
