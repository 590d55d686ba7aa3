import Foundation
import GRDB

/// A stored cache value, in SQLite's native storage classes.
public enum CacheValue: Sendable, Equatable {
    case text(String)
    case real(Double)
    case integer(Int64)
    case blob(Data)
    case null

    init(_ stored: DatabaseValue) {
        switch stored.storage {
        case .null: self = .null
        case .int64(let value): self = .integer(value)
        case .double(let value): self = .real(value)
        case .string(let value): self = .text(value)
        case .blob(let value): self = .blob(value)
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .text(let value): return value.databaseValue
        case .real(let value): return value.databaseValue
        case .integer(let value): return value.databaseValue
        case .blob(let value): return value.databaseValue
        case .null: return .null
        }
    }

    /// Like the reference's `getfloat`: REAL, INTEGER, TEXT or BLOB-of-text.
    public func floatValue() throws(CacheValueError) -> Double {
        switch self {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        case .text(let text):
            guard let value = PythonFloat.parse(text) else {
                throw CacheValueError("could not convert string to float: \(PythonString.repr(text))")
            }
            return value
        case .blob(let data):
            guard let text = String(data: data, encoding: .utf8), let value = PythonFloat.parse(text) else {
                throw CacheValueError("could not convert stored bytes to float")
            }
            return value
        case .null:
            throw CacheValueError("Cannot interpret None as float.")
        }
    }

    /// Like the reference's `getboolean`: `1/yes/true/on` and `0/no/false/off` for text;
    /// numbers by truthiness.
    public func boolValue() throws(CacheValueError) -> Bool {
        let text: String
        switch self {
        case .integer(let value): return value != 0
        case .real(let value): return value != 0
        case .null: return false
        case .text(let value): text = value
        case .blob(let data):
            guard let value = String(data: data, encoding: .utf8) else {
                throw CacheValueError("Cannot interpret stored bytes as bool.")
            }
            text = value
        }
        switch text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "1", "yes", "true", "on": return true
        case "0", "no", "false", "off": return false
        default: throw CacheValueError("Cannot interpret \(PythonString.repr(text)) as bool.")
        }
    }

    /// Like the reference's `getjson`: TEXT or BLOB parsed as JSON.
    public func jsonValue() throws(CacheValueError) -> JSONValue {
        let data: Data
        switch self {
        case .text(let text): data = Data(text.utf8)
        case .blob(let blob): data = blob
        default: throw CacheValueError("Cannot interpret a non-text value as JSON.")
        }
        do {
            return try JSONValue.parse(data)
        } catch {
            throw CacheValueError("Stored value is not valid JSON.")
        }
    }

    /// The value as the API renders it (REAL→double, INTEGER→int, TEXT→string,
    /// UTF-8 BLOB→string, anything else→null).
    public var asJSON: JSONValue {
        switch self {
        case .text(let value): return .string(value)
        case .real(let value): return .double(value)
        case .integer(let value): return .int(value)
        case .blob(let data): return String(data: data, encoding: .utf8).map(JSONValue.string) ?? .null
        case .null: return .null
        }
    }

    /// Python's `str(value)` of what sqlite3 returns (used where the reference does `str(cache[k])`);
    /// BLOBs are decoded as UTF-8 rather than rendered as `b'…'`.
    public var textValue: String? {
        switch self {
        case .text(let value): return value
        case .real(let value): return PythonFloat.repr(value)
        case .integer(let value): return String(value)
        case .blob(let data): return String(data: data, encoding: .utf8)
        case .null: return nil
        }
    }
}
