import Foundation

/// A YAML value as the reference's loader (PyYAML SafeLoader, YAML 1.1 implicit types) builds it,
/// so that typing rules (`yes` is a bool, `1e3` is a string, `1:30` is 90) match the reference.
enum PyYAMLValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    /// An integer beyond Int64; kept as its nearest double (it only ever feeds float fields or Any).
    case bigInt(Double)
    case float(Double)
    case string(String)
    case timestamp(YAMLTimestamp)
    case date(YAMLDate)
    case bytes(Data)
    case sequence([PyYAMLValue])
    case mapping([PyYAMLPair])

    /// The type name msgspec prints in "Expected `float`, got `<name>`".
    var msgspecTypeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .string: return "str"
        case .timestamp: return "datetime"
        case .date: return "date"
        case .bytes: return "bytes"
        case .sequence: return "array"
        case .mapping: return "object"
        }
    }

    /// What Python's dict compares keys by, as a hashable value: numbers by value (`True`, `1` and
    /// `1.0` are one key), everything else by type and content. nil for NaN, which never equals
    /// itself, and for unhashable values.
    enum KeyIdentity: Hashable {
        case number(Double)
        case null
        case string(String)
        case other(String)
    }

    var keyIdentity: KeyIdentity? {
        if let number = numericKey { return number.isNaN ? nil : .number(number) }
        switch self {
        case .null: return .null
        case .string(let text): return .string(text)
        case .timestamp(let value): return .other("timestamp:\(value)")
        case .date(let value): return .other("date:\(value)")
        case .bytes(let value): return .other("bytes:\(value.base64EncodedString())")
        default: return nil
        }
    }

    private var numericKey: Double? {
        switch self {
        case .bool(let value): return value ? 1 : 0
        case .int(let value): return Double(value)
        case .bigInt(let value), .float(let value): return value
        default: return nil
        }
    }
}

struct PyYAMLPair: Sendable, Equatable {
    var key: PyYAMLValue
    var value: PyYAMLValue
}

/// A YAML 1.1 timestamp with a time part. `offsetMinutes == nil` means naive (no timezone).
struct YAMLTimestamp: Sendable, Equatable {
    var year, month, day, hour, minute, second, microsecond: Int
    var offsetMinutes: Int?

    /// msgspec's rendering: `YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH:MM)`; fraction only when non-zero.
    var isoString: String {
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second)
        if microsecond != 0 { text += String(format: ".%06d", microsecond) }
        if let offset = offsetMinutes {
            if offset == 0 {
                text += "Z"
            } else {
                let magnitude = abs(offset)
                text += (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", magnitude / 60, magnitude % 60)
            }
        }
        return text
    }
}

struct YAMLDate: Sendable, Equatable {
    var year, month, day: Int
    var isoString: String { String(format: "%04d-%02d-%02d", year, month, day) }
}
