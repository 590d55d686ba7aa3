/// The reference's calibration structs (storage.md §5), as schemas.
enum CalibrationSchemas {
    static let pdAngle: FieldType = .literal(["45", "90", "135", "180"])
    static let pdChannel: FieldType = .literal(["1", "2", "3", "4"])

    static func curveStruct(_ tag: String) -> StructSchema {
        if tag == "poly" {
            return StructSchema(tagField: "type", tag: "poly", fields: [SchemaField("coefficients", .list(.float()))])
        }
        return StructSchema(tagField: "type", tag: tag, fields: [
            SchemaField("knots", .list(.float())),
            SchemaField("coefficients", .list(.list(.float()))),
        ])
    }

    /// `curve_data_`: poly | spline | akima, tagged by `type`.
    static let curveUnion: FieldType = .taggedUnion(
        tagField: "type", members: ["poly", "spline", "akima"].map(curveStruct))

    static func common(x: String, y: String) -> [SchemaField] {
        [
            SchemaField("calibration_name", .string),
            SchemaField("calibrated_on_pioreactor_unit", .string),
            SchemaField("created_at", .awareDatetime),
            SchemaField("curve_data_", curveUnion),
            SchemaField("x", .string, default: .string(x)),
            SchemaField("y", .string, default: .string(y)),
            SchemaField("recorded_data", .dictionary(key: .literal(["x", "y"]), value: .list(.float()))),
        ]
    }

    /// `__post_init__`: both recorded lists must exist and have equal lengths.
    @Sendable static func checkRecordedData(_ object: JSONObject) throws(SchemaDecodeError) {
        let recorded = object["recorded_data"]
        guard let xs = recorded?["x"]?.arrayValue else {
            throw SchemaDecodeError("Object missing required field `x` - at `$.recorded_data`")
        }
        guard let ys = recorded?["y"]?.arrayValue else {
            throw SchemaDecodeError("Object missing required field `y` - at `$.recorded_data`")
        }
        guard xs.count == ys.count else {
            throw SchemaDecodeError("Lists in `recorded_data` should have the same lengths")
        }
    }

    static func calibration(_ tag: String, x: String, y: String, extras: [SchemaField]) -> StructSchema {
        StructSchema(tagField: "calibration_type", tag: tag, fields: common(x: x, y: y) + extras,
                     postValidation: checkRecordedData)
    }

    static let odExtras = [
        SchemaField("ir_led_intensity", .float()),
        SchemaField("angle", pdAngle),
        SchemaField("pd_channel", pdChannel),
    ]

    static let all: [StructSchema] = [
        calibration("simple_stirring", x: "DC %", y: "RPM", extras: [
            SchemaField("pwm_hz", .float(minimum: 0)),
            SchemaField("voltage", .float()),
        ]),
        calibration("simple_peristaltic_pump", x: "Duration", y: "Volume", extras: [
            SchemaField("hz", .float(minimum: 0)),
            SchemaField("dc", .float(minimum: 0)),
            SchemaField("voltage", .float()),
        ]),
        calibration("od", x: "OD", y: "Voltage", extras: odExtras),
        calibration("od600", x: "OD600", y: "Voltage", extras: odExtras),
    ]

    static let union: FieldType = .taggedUnion(tagField: "calibration_type", members: all)
}
