/// A tiny description of the reference's msgspec structs: just enough to validate decoded YAML
/// the same way and re-emit it in struct field order with defaults filled in.
indirect enum FieldType: Sendable {
    case string
    /// A float; ints are accepted and become floats. `minimum` is msgspec's `Meta(ge=...)`.
    case float(minimum: Double? = nil)
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
    let tagField: String
    let tag: String
    /// Declared fields in msgspec's order (base class fields first, overrides keep their slot).
    let fields: [SchemaField]
    /// Extra validation run after decoding, like a struct's `__post_init__`.
    let postValidation: (@Sendable (JSONObject) throws(SchemaDecodeError) -> Void)?

    init(tagField: String, tag: String, fields: [SchemaField],
         postValidation: (@Sendable (JSONObject) throws(SchemaDecodeError) -> Void)? = nil) {
        self.tagField = tagField
        self.tag = tag
        self.fields = fields
        self.postValidation = postValidation
    }
}
