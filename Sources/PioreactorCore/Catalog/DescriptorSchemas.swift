/// The UI descriptor schemas of storage.md §8, field order as the API renders them.
enum DescriptorSchemas {
    static let publishedSetting = StructSchema(fields: [
        SchemaField("key", .string),
        SchemaField("type", .literal(["numeric", "boolean", "string", "json"])),
        SchemaField("display", .boolean),
        SchemaField("description", .optional(.string), default: .null),
        SchemaField("default", .union([.string, .boolean], nullable: true), default: .null),
        SchemaField("unit", .optional(.string), default: .null),
        SchemaField("label", .optional(.string), default: .null),
        SchemaField("editable", .boolean, default: true),
    ])

    static let backgroundJob = StructSchema(fields: [
        SchemaField("display_name", .string),
        SchemaField("job_name", .string),
        SchemaField("display", .boolean),
        SchemaField("published_settings", .list(.structure(publishedSetting))),
        SchemaField("source", .optional(.string), default: .null),
        SchemaField("description", .optional(.string), default: .null),
        SchemaField("subtext", .optional(.string), default: .null),
        SchemaField("is_testing", .boolean, default: false),
    ])

    /// `default` is a string, a number or null (spec §8); a YAML `20` stays `20`, as the
    /// reference renders it.
    static let automationField = StructSchema(fields: [
        SchemaField("key", .string),
        SchemaField("default", .union([.string, .number], nullable: true)),
        SchemaField("label", .string),
        SchemaField("disabled", .boolean, default: false),
        SchemaField("required", .boolean, default: true),
        SchemaField("unit", .optional(.string), default: .null),
        SchemaField("type", .literal(["numeric", "string", "select"]), default: "numeric"),
        SchemaField("options", .optional(.list(.string)), default: .null),
    ])

    static let automation = StructSchema(fields: [
        SchemaField("display_name", .string),
        SchemaField("automation_name", .string),
        SchemaField("description", .string),
        SchemaField("source", .optional(.string), default: .null),
        SchemaField("fields", .list(.structure(automationField)), default: []),
    ])
}
