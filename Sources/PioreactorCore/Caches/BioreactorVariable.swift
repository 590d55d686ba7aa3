/// One of the three bioreactor variables of unit-api §3.5.
public struct BioreactorVariable: Sendable, Equatable {
    /// Name in API bodies, cache keys and MQTT topics.
    public let key: String
    /// Key of the `[bioreactor]` config section that holds its default.
    public let defaultConfigKey: String
    /// Default when the config has no such key.
    public let fallback: Double
    public let minimum: Double
    /// Upper bound besides the model capacity (the effective max is the smaller one).
    public let maximum: Double?

    /// The variables in the fixed order of API responses.
    public static let all: [BioreactorVariable] = [
        BioreactorVariable(key: "current_volume_ml", defaultConfigKey: "initial_volume_ml",
                           fallback: 14.0, minimum: 0.0, maximum: nil),
        BioreactorVariable(key: "efflux_tube_volume_ml", defaultConfigKey: "efflux_tube_volume_ml",
                           fallback: 14.0, minimum: 0.0, maximum: nil),
        BioreactorVariable(key: "alt_media_fraction", defaultConfigKey: "initial_alt_media_fraction",
                           fallback: 0.0, minimum: 0.0, maximum: 1.0),
    ]

    /// The variable with this key, or nil for an unknown name.
    public static func named(_ key: String) -> BioreactorVariable? {
        all.first { $0.key == key }
    }

    /// Upper bound for a reactor of this capacity: `min(capacity, maximum)`.
    public func upperBound(reactorCapacityMl: Double) -> Double {
        maximum.map { Swift.min(reactorCapacityMl, $0) } ?? reactorCapacityMl
    }

    /// Checks the range with the reference's 400 texts (bounds printed like Python floats).
    public func checkRange(_ value: Double, reactorCapacityMl: Double) throws(UnitError) -> Double {
        if value.isNaN { throw UnitError.badRequest("Invalid value for bioreactor variable `\(key)`.") }
        if value < minimum {
            throw UnitError.badRequest(
                "Value for bioreactor variable `\(key)` must be >= \(PythonFloat.repr(minimum)).")
        }
        let upper = upperBound(reactorCapacityMl: reactorCapacityMl)
        if value > upper {
            throw UnitError.badRequest(
                "Value for bioreactor variable `\(key)` must be <= \(PythonFloat.repr(upper)).")
        }
        return value
    }

    /// Python's `float(value)` on a JSON value: numbers, numeric strings and booleans.
    public static func coerce(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .bool(let flag): return flag ? 1.0 : 0.0
        case .string(let text): return PythonFloat.parse(text)
        case .null, .array, .object: return nil
        }
    }
}
