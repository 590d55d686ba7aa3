/// Runtime use of a decoded calibration (pump ml↔seconds, stirring RPM→DC, OD from voltage).
extension DecodedCalibration {
    /// The parsed `curve_data_`.
    public var curve: CalibrationCurve? { CalibrationDecoder.curve(of: self) }

    /// `recorded_data.x`, which bounds `y_to_x`.
    public var recordedX: [Double] {
        json["recorded_data"]?["x"]?.arrayValue?.compactMap(CalibrationCurve.double) ?? []
    }

    /// The reference's `x_to_y` on this calibration.
    public func xToY(_ x: Double) throws(CurveError) -> Double {
        guard let curve else { throw CurveError.invalidCurve("Unsupported curve_data_") }
        return try curve.xToY(x)
    }

    /// The reference's `y_to_x`, bounded by the recorded x range.
    public func yToX(_ y: Double, enforceBounds: Bool = false) throws(CurveError) -> Double {
        guard let curve else { throw CurveError.invalidCurve("Unsupported curve_data_") }
        return try curve.yToX(y, enforceBounds: enforceBounds, domain: CalibrationCurve.domain(recordedX: recordedX))
    }
}
