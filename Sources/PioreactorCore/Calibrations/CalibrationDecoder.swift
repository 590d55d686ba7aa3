import Foundation

/// A calibration file decoded as the reference does (YAML → calibration struct → JSON).
public struct DecodedCalibration: Sendable, Equatable {
    /// `calibration_name` inside the file (what `is_active` compares against).
    public let name: String
    /// `calibration_type`, e.g. `simple_peristaltic_pump`.
    public let type: String
    /// All struct fields in struct order, defaults filled in, ready for the API.
    public let json: JSONObject
}

/// Decodes calibration YAML with the reference's schema and error wording.
public enum CalibrationDecoder {
    /// Decodes one calibration; throws `SchemaDecodeError` with a msgspec-like message.
    public static func decode(yaml: String) throws(SchemaDecodeError) -> DecodedCalibration {
        let loaded = try PyYAMLLoader.load(yaml)
        guard case .object(let object) = try StructConverter.convert(loaded, as: CalibrationSchemas.union) else {
            throw SchemaDecodeError("Expected `object`")
        }
        return DecodedCalibration(
            name: object["calibration_name"]?.stringValue ?? "",
            type: object["calibration_type"]?.stringValue ?? "",
            json: object)
    }

    /// Decodes raw file bytes (UTF-8).
    public static func decode(data: Data) throws(SchemaDecodeError) -> DecodedCalibration {
        guard let text = String(data: data, encoding: .utf8) else {
            throw SchemaDecodeError("'utf-8' codec can't decode the calibration bytes")
        }
        return try decode(yaml: text)
    }

    /// The curve of a decoded calibration, for runtime evaluation.
    public static func curve(of calibration: DecodedCalibration) -> CalibrationCurve? {
        guard let curve = calibration.json["curve_data_"] else { return nil }
        return CalibrationCurve(json: curve)
    }

    /// The API object: decoded struct plus `is_active` and `pioreactor_unit`, in that order.
    public static func apiObject(_ decoded: JSONObject, isActive: Bool, unit: String) -> JSONObject {
        var object = decoded
        object["is_active"] = .bool(isActive)
        object["pioreactor_unit"] = .string(unit)
        return object
    }
}
