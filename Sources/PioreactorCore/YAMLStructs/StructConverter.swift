import Foundation

/// Converts a loaded YAML value into JSON following msgspec's `convert(..., strict=True)` rules,
/// with msgspec's error wording ("Expected `float`, got `str` - at `$.hz`").
enum StructConverter {
    /// Where in the document a value sits, rendered like msgspec (`$.a[0]`, `$.d[...]`).
    struct Path {
        var text = "$"
        func field(_ name: String) -> Path { Path(text: text + "." + name) }
        func index(_ index: Int) -> Path { Path(text: text + "[\(index)]") }
        var dictValue: Path { Path(text: text + "[...]") }

        func error(_ message: String) -> SchemaDecodeError {
            SchemaDecodeError(text == "$" ? message : "\(message) - at `\(text)`")
        }

        func keyError(_ message: String) -> SchemaDecodeError {
            SchemaDecodeError("\(message) - at `key` in `\(text)`")
        }
    }

    static func convert(_ value: PyYAMLValue, as type: FieldType, at path: Path = Path()) throws(SchemaDecodeError) -> JSONValue {
        switch type {
        case .string:
            guard case .string(let text) = value else { throw mismatch("str", value, path) }
            return .string(text)
        case .boolean:
            guard case .bool(let flag) = value else { throw mismatch("bool", value, path) }
            return .bool(flag)
        case .float(let minimum, let nonFiniteAsNull):
            let number: Double
            switch value {
            case .float(let double), .bigInt(let double): number = double
            case .int(let integer): number = Double(integer)
            default: throw mismatch("float", value, path)
            }
            // NaN fails a `ge` constraint in msgspec, as any comparison with NaN is false.
            if let minimum, !(number >= minimum) {
                throw path.error("Expected `float` >= \(JSONValue.pythonFloatRepr(minimum))")
            }
            return nonFiniteAsNull && !number.isFinite ? .null : .double(number)
        case .number:
            switch value {
            case .int(let integer): return .int(integer)
            case .float(let double), .bigInt(let double): return double.isFinite ? .double(double) : .null
            default: throw mismatch(type.msgspecName, value, path)
            }
        case .union(let members, let nullable):
            if case .null = value {
                guard nullable else { throw mismatch(type.msgspecName, value, path) }
                return .null
            }
            guard let member = members.first(where: { accepts($0, value) }) else { throw mismatch(type.msgspecName, value, path) }
            return try convert(value, as: member, at: path)
        case .awareDatetime:
            guard case .timestamp(let timestamp) = value else { throw mismatch("datetime", value, path) }
            guard timestamp.offsetMinutes != nil else {
                throw path.error("Expected `datetime` with a timezone component")
            }
            return .string(timestamp.isoString)
        case .literal(let allowed):
            guard case .string(let text) = value else { throw mismatch("str", value, path) }
            guard allowed.contains(text) else { throw path.error("Invalid enum value \(pythonRepr(text))") }
            return .string(text)
        case .list(let element):
            guard case .sequence(let items) = value else { throw mismatch("array", value, path) }
            var out: [JSONValue] = []
            for (index, item) in items.enumerated() {
                out.append(try convert(item, as: element, at: path.index(index)))
            }
            return .array(out)
        case .dictionary(let keyType, let valueType):
            guard case .mapping(let pairs) = value else { throw mismatch("object", value, path) }
            var out = JSONObject()
            for pair in pairs {
                let key = try convertKey(pair.key, as: keyType, at: path)
                out[key] = try convert(pair.value, as: valueType, at: path.dictValue)
            }
            return .object(out)
        case .any:
            return anyJSON(value)
        case .structure(let schema):
            return .object(try convertStruct(value, schema: schema, tagRequired: false, at: path))
        case .taggedUnion(let tagField, let members):
            guard case .mapping(let pairs) = value else { throw mismatch("object", value, path) }
            try requireStringKeys(pairs, at: path)
            guard let tagPair = pairs.first(where: { $0.key == .string(tagField) }) else {
                throw path.error("Object missing required field `\(tagField)`")
            }
            let tagPath = path.field(tagField)
            guard case .string(let tag) = tagPair.value else { throw mismatch("str", tagPair.value, tagPath) }
            guard let schema = members.first(where: { $0.tag == tag }) else {
                throw tagPath.error("Invalid value \(pythonRepr(tag))")
            }
            return .object(try convertStruct(value, schema: schema, tagRequired: true, at: path))
        }
    }

    /// Whether a union member takes this kind of value (its content is checked afterwards).
    private static func accepts(_ type: FieldType, _ value: PyYAMLValue) -> Bool {
        switch (type, value) {
        case (.string, .string), (.literal, .string), (.boolean, .bool), (.list, .sequence), (.structure, .mapping),
            (.float, .int), (.float, .bigInt), (.float, .float), (.number, .int), (.number, .bigInt), (.number, .float):
            return true
        default:
            return false
        }
    }

    /// A struct: input keys in document order (first error wins), unknown keys ignored or refused
    /// (`forbidUnknownFields`), then missing required fields in declared order; output in declared
    /// order, tag first.
    static func convertStruct(_ value: PyYAMLValue, schema: StructSchema, tagRequired: Bool, at path: Path) throws(SchemaDecodeError) -> JSONObject {
        guard case .mapping(let pairs) = value else { throw mismatch("object", value, path) }
        try requireStringKeys(pairs, at: path)
        var decoded: [String: JSONValue] = [:]
        for pair in pairs {
            guard case .string(let key) = pair.key else { continue }
            if let tagField = schema.tagField, key == tagField {
                guard case .string(let tag) = pair.value else { throw mismatch("str", pair.value, path.field(key)) }
                guard tag == schema.tag else { throw path.field(key).error("Invalid value \(pythonRepr(tag))") }
                continue
            }
            guard let field = schema.fields.first(where: { $0.name == key }) else {
                if schema.forbidUnknownFields { throw path.error("Object contains unknown field `\(key)`") }
                continue
            }
            decoded[key] = try convert(pair.value, as: field.type, at: path.field(key))
        }
        var object = JSONObject()
        if let tagField = schema.tagField, let tag = schema.tag { object[tagField] = .string(tag) }
        for field in schema.fields {
            if let value = decoded[field.name] {
                object[field.name] = value
            } else if let fallback = field.defaultValue {
                object[field.name] = fallback
            } else {
                throw path.error("Object missing required field `\(field.name)`")
            }
        }
        try schema.postValidation?(object)
        return object
    }

    private static func requireStringKeys(_ pairs: [PyYAMLPair], at path: Path) throws(SchemaDecodeError) {
        for pair in pairs {
            guard case .string = pair.key else { throw path.keyError("Expected `str`") }
        }
    }

    private static func convertKey(_ key: PyYAMLValue, as type: FieldType, at path: Path) throws(SchemaDecodeError) -> String {
        guard case .string(let text) = key else {
            throw path.keyError("Expected `str`, got `\(key.msgspecTypeName)`")
        }
        if case .literal(let allowed) = type, !allowed.contains(text) {
            throw path.keyError("Invalid enum value \(pythonRepr(text))")
        }
        return text
    }

    private static func mismatch(_ expected: String, _ value: PyYAMLValue, _ path: Path) -> SchemaDecodeError {
        path.error("Expected `\(expected)`, got `\(value.msgspecTypeName)`")
    }

    /// `to_builtins` followed by Python's json: datetimes become ISO strings, bytes base64,
    /// non-string keys their JSON spelling.
    static func anyJSON(_ value: PyYAMLValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let integer): return .int(integer)
        case .bigInt(let double), .float(let double): return .double(double)
        case .string(let text): return .string(text)
        case .timestamp(let timestamp): return .string(timestamp.isoString)
        case .date(let date): return .string(date.isoString)
        case .bytes(let data): return .string(data.base64EncodedString())
        case .sequence(let items): return .array(items.map(anyJSON))
        case .mapping(let pairs):
            var object = JSONObject()
            for pair in pairs { object[jsonKey(pair.key)] = anyJSON(pair.value) }
            return .object(object)
        }
    }

    private static func jsonKey(_ key: PyYAMLValue) -> String {
        switch key {
        case .string(let text): return text
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let integer): return String(integer)
        case .bigInt(let double), .float(let double): return JSONValue.pythonFloatRepr(double)
        default:
            if case .string(let text) = anyJSON(key) { return text }
            return "\(key)"
        }
    }

    /// Python's `repr()` of a string, as msgspec quotes invalid values.
    static func pythonRepr(_ text: String) -> String { PythonString.repr(text) }
}
