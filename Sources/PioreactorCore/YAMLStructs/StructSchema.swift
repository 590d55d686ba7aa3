/// A tiny description of the reference's msgspec structs (calibrations, estimators, UI
/// descriptors, models): just enough to validate decoded YAML the same way and re-emit it in
/// struct field order with defaults filled in.
indirect enum FieldType: Sendable {
    case string
    case boolean
    /// A float; ints are accepted and become floats. `minimum` is msgspec's `Meta(ge=...)`.
    /// `nonFiniteAsNull`: inf and NaN come out as JSON null, as msgspec's encoder writes them.
    case float(minimum: Double? = nil, nonFiniteAsNull: Bool = false)
    /// `int | float`: a number kept as written (an int stays an int); non-finite is null.
    case number
    /// A timezone-aware datetime (`Meta(tz=True)`).
    case awareDatetime
    /// `Literal["a", "b"]` of strings.
    case literal([String])
    case list(FieldType)
    case dictionary(key: FieldType, value: FieldType)
    /// `typing.Any`: passed through as JSON.
    case any
    case structure(StructSchema)
    /// A union of tagged structs selected by the tag field's value.
    case taggedUnion(tagField: String, members: [StructSchema])
    /// A union of the kinds above, told apart by the value's kind, optionally with `None`.
    case union([FieldType], nullable: Bool)

    static func optional(_ type: FieldType) -> FieldType { .union([type], nullable: true) }

    /// How msgspec names the type in "Expected `…`"; a union lists its members in msgspec's order.
    var msgspecName: String {
        switch self {
        case .string, .literal: return "str"
        case .boolean: return "bool"
        case .float: return "float"
        case .number: return "int | float"
        case .awareDatetime: return "datetime"
        case .list: return "array"
        case .dictionary, .structure, .taggedUnion: return "object"
        case .any: return "any"
        case .union(let members, let nullable):
            var names = members.sorted { $0.unionRank < $1.unionRank }.map(\.msgspecName)
            if nullable { names.append("null") }
            return names.joined(separator: " | ")
        }
    }

    private var unionRank: Int {
        switch self {
        case .boolean: return 0
        case .float, .number: return 2
        case .string, .literal: return 3
        case .list: return 4
        case .union: return 6
        default: return 5
        }
    }
}

struct SchemaField: Sendable {
    let name: String
    let type: FieldType
    /// Emitted when the field is absent; nil means required.
    let defaultValue: JSONValue?

    init(_ name: String, _ type: FieldType, default defaultValue: JSONValue? = nil) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }
}

struct StructSchema: Sendable {
    /// The tag of a tagged struct (written first in the output); nil for a plain struct.
    let tagField: String?
    let tag: String?
    /// Declared fields in msgspec's order (base class fields first, overrides keep their slot).
    let fields: [SchemaField]
    /// msgspec's `forbid_unknown_fields`; otherwise unknown keys are ignored.
    let forbidUnknownFields: Bool
    /// Extra validation run after decoding, like a struct's `__post_init__`.
    let postValidation: (@Sendable (JSONObject) throws(SchemaDecodeError) -> Void)?

    init(tagField: String, tag: String, fields: [SchemaField],
         postValidation: (@Sendable (JSONObject) throws(SchemaDecodeError) -> Void)? = nil) {
        self.tagField = tagField
        self.tag = tag
        self.fields = fields
        forbidUnknownFields = false
        self.postValidation = postValidation
    }

    /// A plain struct, by default `forbid_unknown_fields=True` as the reference's descriptors are.
    init(fields: [SchemaField], forbidUnknownFields: Bool = true) {
        tagField = nil
        tag = nil
        self.fields = fields
        self.forbidUnknownFields = forbidUnknownFields
        postValidation = nil
    }
}
