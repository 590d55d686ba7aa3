/// The UI descriptor schemas of storage.md §8, field order as the API renders them.
enum DescriptorSchemas {
    static let publishedSetting = CatalogStructSchema(fields: [
        CatalogField("key", .string),
        CatalogField("type", .literal(["numeric", "boolean", "string", "json"])),
        CatalogField("display", .boolean),
        CatalogField("description", .optional(.string), default: .null),
        CatalogField("default", .union([.string, .boolean], nullable: true), default: .null),
        CatalogField("unit", .optional(.string), default: .null),
        CatalogField("label", .optional(.string), default: .null),
        CatalogField("editable", .boolean, default: true),
    ])

    static let backgroundJob = CatalogStructSchema(fields: [
        CatalogField("display_name", .string),
        CatalogField("job_name", .string),
        CatalogField("display", .boolean),
        CatalogField("published_settings", .list(.structure(publishedSetting))),
        CatalogField("source", .optional(.string), default: .null),
        CatalogField("description", .optional(.string), default: .null),
        CatalogField("subtext", .optional(.string), default: .null),
        CatalogField("is_testing", .boolean, default: false),
    ])

    /// `default` is a string, a number or null (spec §8); a YAML `20` stays `20`, as the
    /// reference renders it.
    static let automationField = CatalogStructSchema(fields: [
        CatalogField("key", .string),
        CatalogField("default", .union([.string, .number], nullable: true)),
        CatalogField("label", .string),
        CatalogField("disabled", .boolean, default: false),
        CatalogField("required", .boolean, default: true),
        CatalogField("unit", .optional(.string), default: .null),
        CatalogField("type", .literal(["numeric", "string", "select"]), default: "numeric"),
        CatalogField("options", .optional(.list(.string)), default: .null),
    ])

    static let automation = CatalogStructSchema(fields: [
        CatalogField("display_name", .string),
        CatalogField("automation_name", .string),
        CatalogField("description", .string),
        CatalogField("source", .optional(.string), default: .null),
        CatalogField("fields", .list(.structure(automationField)), default: []),
    ])
}
