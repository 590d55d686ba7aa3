import Foundation
import PioreactorCore

/// A published setting's value, encoded per storage.md §4 when stored.
public enum SettingValue: Sendable, Equatable {
    case string(String)
    case double(Double)
    case int(Int64)
    case bool(Bool)
    /// Dicts and structs, stored as compact JSON text.
    case json(JSONValue)

    /// The DB encoding: str TEXT, float REAL, int and bool INTEGER, dict/struct compact JSON TEXT.
    public var cacheValue: CacheValue {
        switch self {
        case .string(let text): return .text(text)
        case .double(let number): return .real(number)
        case .int(let number): return .integer(number)
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .json(let value): return .text(value.encoded())
        }
    }

    /// The value inside a JSON document (the automation settings record).
    public var json: JSONValue {
        switch self {
        case .string(let text): return .string(text)
        case .double(let number): return .double(number)
        case .int(let number): return .int(number)
        case .bool(let flag): return .bool(flag)
        case .json(let value): return value
        }
    }

    /// The text form used in logs and MQTT payloads (`True`/`False` for booleans).
    public var payload: String {
        switch self {
        case .string(let text): return text
        case .double(let number): return JSONValue.pythonFloatRepr(number)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "True" : "False"
        case .json(let value): return value.encoded()
        }
    }
}
