import Foundation
import Yams

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

enum CatalogYAMLReader {
    /// PyYAML's implicit resolvers (YAML 1.1), which differ from Yams' defaults: a float
    /// needs a dot (`1e400` stays a string) and octal is written `0755`.
    private static let resolver: Resolver = {
        // swiftlint:disable force_try
        let rules = [
            try! Resolver.Rule(.null, "^(?:~|null|Null|NULL|)$"),
            try! Resolver.Rule(.bool, "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"),
            try! Resolver.Rule(.int, "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"),
            try! Resolver.Rule(.float, "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"),
            try! Resolver.Rule(.timestamp, "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"),
        ]
        // swiftlint:enable force_try
        return rules.reduce(Resolver.basic) { $0.appending($1) }
    }()

    /// Parses one YAML document; an empty document is `null`, like PyYAML.
    static func parse(_ text: String) throws(CatalogYAMLSyntaxError) -> CatalogYAMLValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, resolver)
        } catch {
            throw CatalogYAMLSyntaxError(description: "\(error)")
        }
        guard let node else { return .null }
        return try convert(node)
    }

    static func parse(_ data: Data) throws(CatalogYAMLSyntaxError) -> CatalogYAMLValue {
        guard let text = String(data: data, encoding: .utf8) else {
            throw CatalogYAMLSyntaxError(description: "invalid UTF-8 in YAML input")
        }
        return try parse(text)
    }

    private static func convert(_ node: Node) throws(CatalogYAMLSyntaxError) -> CatalogYAMLValue {
        switch node {
        case .scalar(let scalar):
            return scalarValue(scalar.string, tag: node.tag.description)
        case .sequence(let sequence):
            var items: [CatalogYAMLValue] = []
            for item in sequence { items.append(try convert(item)) }
            return .array(items)
        case .mapping(let mapping):
            var entries: [(key: String, value: CatalogYAMLValue)] = []
            var positions: [String: Int] = [:]
            for (keyNode, valueNode) in mapping {
                let key: String
                switch try convert(keyNode) {
                case .string(let text): key = text
                case .int(let value): key = String(value)
                case .bool(let value): key = value ? "True" : "False"
                case .null: key = "None"
                default: key = keyNode.string ?? ""
                }
                let value = try convert(valueNode)
                // A repeated key keeps its first position and takes the last value (Python dict).
                if let index = positions[key] {
                    entries[index].value = value
                } else {
                    positions[key] = entries.count
                    entries.append((key, value))
                }
            }
            return .object(entries)
        case .alias:
            throw CatalogYAMLSyntaxError(description: "YAML aliases are not supported")
        }
    }

    private static func scalarValue(_ text: String, tag: String) -> CatalogYAMLValue {
        switch tag {
        case Tag.Name.null.rawValue:
            return .null
        case Tag.Name.bool.rawValue:
            return .bool(["yes", "true", "on"].contains(text.lowercased()))
        case Tag.Name.int.rawValue:
            return parseInt(text).map(CatalogYAMLValue.int) ?? .string(text)
        case Tag.Name.float.rawValue:
            return .double(parseFloat(text))
        case Tag.Name.timestamp.rawValue:
            return text.count <= 10 ? .date(text) : .datetime(text)
        default:
            return .string(text)
        }
    }

    private static func parseInt(_ raw: String) -> Int64? {
        var text = raw.replacingOccurrences(of: "_", with: "")
        var sign: Int64 = 1
        if text.hasPrefix("-") { sign = -1; text.removeFirst() } else if text.hasPrefix("+") { text.removeFirst() }
        if text == "0" { return 0 }
        if text.hasPrefix("0b") { return Int64(text.dropFirst(2), radix: 2).map { $0 * sign } }
        if text.hasPrefix("0x") { return Int64(text.dropFirst(2), radix: 16).map { $0 * sign } }
        if text.hasPrefix("0") { return Int64(text.dropFirst(1), radix: 8).map { $0 * sign } }
        if text.contains(":") {
            var value: Int64 = 0
            for part in text.split(separator: ":") { value = value * 60 + (Int64(part) ?? 0) }
            return value * sign
        }
        return Int64(text).map { $0 * sign }
    }

    private static func parseFloat(_ raw: String) -> Double {
        var text = raw.replacingOccurrences(of: "_", with: "").lowercased()
        var sign = 1.0
        if text.hasPrefix("-") { sign = -1; text.removeFirst() } else if text.hasPrefix("+") { text.removeFirst() }
        if text == ".inf" { return sign * .infinity }
        if text == ".nan" { return .nan }
        if text.contains(":") {
            var value = 0.0
            for part in text.split(separator: ":") { value = value * 60 + (Double(part) ?? 0) }
            return sign * value
        }
        return sign * (Double(text) ?? 0)
    }
}
