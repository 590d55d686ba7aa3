/// A small typed-struct validator that mirrors msgspec's decoding of the reference's
/// `Struct(forbid_unknown_fields=True)` descriptors: same acceptance rules, same error texts,
/// output with every field (defaults included) in declaration order.
indirect enum CatalogValueType: Sendable {
    case string
    case boolean
    /// msgspec's `float`: accepts ints (widened) but not bools.
    case float
    /// `int | float`: a number kept as written (an int stays an int).
    case number
    /// `typing.Literal[...]` of strings.
    case literal([String])
    case list(CatalogValueType)
    case structure(CatalogStructSchema)
    /// A union of the members above, optionally with `None`.
    case union([CatalogValueType], nullable: Bool)

    static func optional(_ type: CatalogValueType) -> CatalogValueType { .union([type], nullable: true) }

    /// The rank msgspec uses when it prints a union's members.
    private var unionRank: Int {
        switch self {
        case .boolean: return 0
        case .float, .number: return 2
        case .string, .literal: return 3
        case .list: return 4
        case .structure: return 5
        case .union: return 6
        }
    }

    var msgspecName: String {
        switch self {
        case .string, .literal: return "str"
        case .boolean: return "bool"
        case .float: return "float"
        case .number: return "int | float"
        case .list: return "array"
        case .structure: return "object"
        case .union(let members, let nullable):
            var names = members.sorted { $0.unionRank < $1.unionRank }.map(\.msgspecName)
            if nullable { names.append("null") }
            return names.joined(separator: " | ")
        }
    }
}

struct CatalogField: Sendable {
    let name: String
    let type: CatalogValueType
    /// nil marks a required field.
    let defaultValue: JSONValue?

    init(_ name: String, _ type: CatalogValueType, default defaultValue: JSONValue? = nil) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }
}

struct CatalogStructSchema: Sendable {
    let fields: [CatalogField]
    /// msgspec's `forbid_unknown_fields`; when false, unknown keys are ignored.
    var forbidUnknownFields = true
}

/// A schema mismatch, worded like msgspec's ValidationError.
struct CatalogSchemaError: Error, CustomStringConvertible {
    let message: String
    let path: String

    var description: String { path == "$" ? message : "\(message) - at `\(path)`" }
}

enum CatalogSchemaValidator {
    static func decode(_ value: CatalogYAMLValue, as schema: CatalogStructSchema) throws(CatalogSchemaError) -> JSONObject {
        guard case .object = value else {
            throw CatalogSchemaError(message: "Expected `object`, got `\(value.msgspecTypeName)`", path: "$")
        }
        guard case .object(let object) = try decode(value, as: .structure(schema), path: "$") else {
            throw CatalogSchemaError(message: "Expected `object`", path: "$")
        }
        return object
    }

    private static func mismatch(_ type: CatalogValueType, _ value: CatalogYAMLValue, _ path: String) -> CatalogSchemaError {
        CatalogSchemaError(message: "Expected `\(type.msgspecName)`, got `\(value.msgspecTypeName)`", path: path)
    }

    private static func decode(_ value: CatalogYAMLValue, as type: CatalogValueType, path: String) throws(CatalogSchemaError) -> JSONValue {
        switch type {
        case .string:
            guard case .string(let text) = value else { throw mismatch(type, value, path) }
            return .string(text)
        case .boolean:
            guard case .bool(let flag) = value else { throw mismatch(type, value, path) }
            return .bool(flag)
        case .number:
            switch value {
            case .int(let number): return .int(Int64(number))
            case .double(let number): return number.isFinite ? .double(number) : .null
            default: throw mismatch(type, value, path)
            }
        case .float:
            switch value {
            case .int(let number): return .double(Double(number))
            // msgspec writes non-finite floats as JSON null.
            case .double(let number): return number.isFinite ? .double(number) : .null
            default: throw mismatch(type, value, path)
            }
        case .literal(let allowed):
            guard case .string(let text) = value else { throw mismatch(type, value, path) }
            guard allowed.contains(text) else {
                throw CatalogSchemaError(message: "Invalid enum value '\(text)'", path: path)
            }
            return .string(text)
        case .list(let element):
            guard case .array(let items) = value else { throw mismatch(type, value, path) }
            var out: [JSONValue] = []
            for (index, item) in items.enumerated() {
                out.append(try decode(item, as: element, path: "\(path)[\(index)]"))
            }
            return .array(out)
        case .structure(let schema):
            guard case .object(let entries) = value else { throw mismatch(type, value, path) }
            return .object(try decodeStruct(entries, schema: schema, path: path))
        case .union(let members, let nullable):
            if case .null = value {
                guard nullable else { throw mismatch(type, value, path) }
                return .null
            }
            guard let member = members.first(where: { accepts($0, value) }) else { throw mismatch(type, value, path) }
            return try decode(value, as: member, path: path)
        }
    }

    /// Whether a union member takes this kind of value (its content is checked afterwards).
    private static func accepts(_ type: CatalogValueType, _ value: CatalogYAMLValue) -> Bool {
        switch (type, value) {
        case (.string, .string), (.literal, .string), (.boolean, .bool), (.float, .int), (.float, .double), (.number, .int), (.number, .double),
            (.list, .array), (.structure, .object):
            return true
        default:
            return false
        }
    }

    private static func decodeStruct(
        _ entries: [(key: String, value: CatalogYAMLValue)], schema: CatalogStructSchema, path: String
    ) throws(CatalogSchemaError) -> JSONObject {
        var decoded: [String: JSONValue] = [:]
        // msgspec reports the first problem in document order, then missing fields.
        for (key, value) in entries {
            guard let field = schema.fields.first(where: { $0.name == key }) else {
                if !schema.forbidUnknownFields { continue }
                throw CatalogSchemaError(message: "Object contains unknown field `\(key)`", path: path)
            }
            decoded[key] = try decode(value, as: field.type, path: "\(path).\(key)")
        }
        var object = JSONObject()
        for field in schema.fields {
            if let value = decoded[field.name] {
                object[field.name] = value
            } else if let fallback = field.defaultValue {
                object[field.name] = fallback
            } else {
                throw CatalogSchemaError(message: "Object missing required field `\(field.name)`", path: path)
            }
        }
        return object
    }
}
