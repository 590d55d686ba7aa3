/// The reference's estimator structs (storage.md §9). Only `od_fused_estimator` exists; as the
/// reference's union has a single member, the `estimator_type` tag may be omitted.
enum EstimatorSchemas {
    static let akima: FieldType = .structure(CalibrationSchemas.curveStruct("akima"))

    static let odFused = StructSchema(tagField: "estimator_type", tag: "od_fused_estimator", fields: [
        SchemaField("estimator_name", .string),
        SchemaField("calibrated_on_pioreactor_unit", .string),
        SchemaField("created_at", .awareDatetime),
        SchemaField("ir_led_intensity", .float()),
        SchemaField("angles", .list(CalibrationSchemas.pdAngle)),
        SchemaField("mu_splines", .dictionary(key: CalibrationSchemas.pdAngle, value: akima)),
        SchemaField("sigma_splines_log", .dictionary(key: CalibrationSchemas.pdAngle, value: akima)),
        SchemaField("min_logc", .float()),
        SchemaField("max_logc", .float()),
        SchemaField("sigma_floor", .float()),
        SchemaField("recorded_data", .dictionary(key: .string, value: .any)),
        SchemaField("y", .string, default: .string("log(Voltage)")),
    ])
}
