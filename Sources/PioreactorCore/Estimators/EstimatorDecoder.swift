import Foundation

/// An estimator file decoded as the reference does (YAML → estimator struct → JSON).
public struct DecodedEstimator: Sendable, Equatable {
    /// `estimator_name` inside the file (what `is_active` compares against).
    public let name: String
    /// All struct fields in struct order, defaults filled in.
    public let json: JSONObject
}

/// Decodes estimator YAML with the reference's schema and error wording.
public enum EstimatorDecoder {
    /// Decodes one estimator; throws `SchemaDecodeError` with a msgspec-like message.
    public static func decode(yaml: String) throws(SchemaDecodeError) -> DecodedEstimator {
        let loaded = try PyYAMLLoader.load(yaml)
        let object = try StructConverter.convertStruct(
            loaded, schema: EstimatorSchemas.odFused, tagRequired: false, at: StructConverter.Path())
        return DecodedEstimator(name: object["estimator_name"]?.stringValue ?? "", json: object)
    }

    /// Decodes raw file bytes (UTF-8).
    public static func decode(data: Data) throws(SchemaDecodeError) -> DecodedEstimator {
        guard let text = String(data: data, encoding: .utf8) else {
            throw SchemaDecodeError("'utf-8' codec can't decode the estimator bytes")
        }
        return try decode(yaml: text)
    }

    /// The API object: decoded struct plus `is_active`, `pioreactor_unit` and, for list and
    /// single-get responses, `device` (pass nil for `/active_estimators`).
    public static func apiObject(_ decoded: JSONObject, isActive: Bool, unit: String, device: String?) -> JSONObject {
        var object = decoded
        object["is_active"] = .bool(isActive)
        object["pioreactor_unit"] = .string(unit)
        if let device { object["device"] = .string(device) }
        return object
    }
}
