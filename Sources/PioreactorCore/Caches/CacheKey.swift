import Foundation
import GRDB

/// A key of a `cache_<name>` table, bound with the same SQLite type the Python reference uses.
public enum CacheKey: Sendable, Hashable, CustomStringConvertible {
    /// A plain string, bound as TEXT (e.g. a device or job name).
    case text(String)
    /// A tuple, bound as compact JSON bytes in a BLOB: `["exp1","current_volume_ml"]`.
    case tuple([String])
    /// An integer (GPIO pin), bound as INTEGER.
    case int(Int64)

    public var description: String {
        switch self {
        case .text(let text): return text
        case .tuple(let items): return String(decoding: CacheKey.tupleBytes(items), as: UTF8.self)
        case .int(let value): return String(value)
        }
    }

    /// The bound value; the reference encodes tuples with msgspec (raw UTF-8, no spaces),
    /// which is exactly our compact JSON encoder's output.
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): return text.databaseValue
        case .tuple(let items): return CacheKey.tupleBytes(items).databaseValue
        case .int(let value): return value.databaseValue
        }
    }

    static func tupleBytes(_ items: [String]) -> Data {
        JSONValue.array(items.map { .string($0) }).encodedData()
    }

    /// Decodes a stored key like the reference's `convert_key`: a BLOB holding a JSON array
    /// of strings becomes a tuple, any other BLOB is read as UTF-8 text.
    init?(stored: DatabaseValue) {
        switch stored.storage {
        case .string(let text): self = .text(text)
        case .int64(let value): self = .int(value)
        case .double(let value): self = .text(JSONValue.pythonFloatRepr(value))
        case .null: return nil
        case .blob(let data):
            if case .array(let items)? = try? JSONValue.parse(data) {
                let strings = items.compactMap(\.stringValue)
                if strings.count == items.count {
                    self = .tuple(strings)
                    return
                }
            }
            self = .text(String(decoding: data, as: UTF8.self))
        }
    }
}
