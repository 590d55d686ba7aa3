import Foundation

/// A YAML document value typed the way PyYAML's safe loader types it (YAML 1.1 rules),
/// because the reference decodes descriptor and model files through PyYAML.
enum CatalogYAMLValue: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case date(String)
    case datetime(String)
    case array([CatalogYAMLValue])
    case object([(key: String, value: CatalogYAMLValue)])

    static func == (lhs: CatalogYAMLValue, rhs: CatalogYAMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)), let (.date(a), .date(b)), let (.datetime(a), .datetime(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// msgspec's name for the decoded Python type, used in validation messages.
    var msgspecTypeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .date: return "date"
        case .datetime: return "datetime"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// Failure to parse YAML text at all (as opposed to a schema mismatch).
struct CatalogYAMLSyntaxError: Error, CustomStringConvertible {
    let description: String
}

/// Descriptor and model YAML, read with the same PyYAML-typed loader as calibrations (the
/// reference reads both with PyYAML's safe loader) and viewed as the catalog's values.
enum CatalogYAMLReader {
    /// Parses one YAML document; an empty document is `null`, like PyYAML.
    static func parse(_ text: String) throws(CatalogYAMLSyntaxError) -> CatalogYAMLValue {
        do {
            return view(try PyYAMLLoader.load(text))
        } catch {
            throw CatalogYAMLSyntaxError(description: error.message)
        }
    }

    static func parse(_ data: Data) throws(CatalogYAMLSyntaxError) -> CatalogYAMLValue {
        guard let text = String(data: data, encoding: .utf8) else {
            throw CatalogYAMLSyntaxError(description: "invalid UTF-8 in YAML input")
        }
        return try parse(text)
    }

    private static func view(_ value: PyYAMLValue) -> CatalogYAMLValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .bigInt(let number), .float(let number): return .double(number)
        case .string(let text): return .string(text)
        case .timestamp(let stamp): return .datetime(stamp.isoString)
        case .date(let date): return .date(date.isoString)
        case .bytes(let data): return .string(String(decoding: data, as: UTF8.self))
        case .sequence(let items): return .array(items.map(view))
        case .mapping(let pairs): return .object(pairs.map { (key: keyText($0.key), value: view($0.value)) })
        }
    }

    /// Struct fields are named by strings; other keys are taken as Python would print them.
    private static func keyText(_ key: PyYAMLValue) -> String {
        switch key {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "True" : "False"
        case .null: return "None"
        case .bigInt(let number), .float(let number): return JSONValue.pythonFloatRepr(number)
        case .timestamp(let stamp): return stamp.isoString
        case .date(let date): return date.isoString
        default: return "\(key)"
        }
    }
}
