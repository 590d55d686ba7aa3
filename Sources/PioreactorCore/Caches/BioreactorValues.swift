import Foundation
import GRDB

/// A validated value ready to persist and publish.
public struct BioreactorSetting: Sendable, Equatable {
    public let variable: String
    public let value: Double
}

/// Per-experiment bioreactor values (unit-api §3.5) in the persistent cache `bioreactor`,
/// key `[experiment, variable]` (JSON BLOB) → REAL.
public struct BioreactorValues: Sendable {
    public let cache: KeyValueCache
    public let reactorCapacityMl: Double
    /// The raw `[bioreactor]` config section (key → text); missing keys use the fallbacks.
    public let configDefaults: [String: String]

    public init(database: CacheDatabase, reactorCapacityMl: Double, configDefaults: [String: String] = [:]) {
        cache = database.cache("bioreactor")
        self.reactorCapacityMl = reactorCapacityMl
        self.configDefaults = configDefaults
    }

    /// `{"values":{current_volume_ml, efflux_tube_volume_ml, alt_media_fraction}}`; stored value,
    /// else config default, else fallback. An invalid stored or default value is a 500.
    public func get(experiment: String) async throws -> JSONValue {
        var values = JSONObject()
        for variable in BioreactorVariable.all {
            values[variable.key] = .double(try await value(experiment: experiment, variable: variable))
        }
        return .object(JSONObject([("values", .object(values))]))
    }

    /// One variable's current value, validated (500 when out of range or unreadable).
    public func value(experiment: String, variable: BioreactorVariable) async throws -> Double {
        // The reference validates the default even when a stored value exists.
        let fallback = try storedValueInRange(try defaultValue(variable), variable)
        guard let stored = try await cache.get(.tuple([experiment, variable.key])) else { return fallback }
        guard case let number? = try? stored.floatValue() else {
            throw storedValueError("Invalid value for bioreactor variable `\(variable.key)`.")
        }
        return try storedValueInRange(number, variable)
    }

    /// Checks a PATCH `values` member; returns the settings in body order or the first
    /// failure with the reference's 400 text.
    public func validate(values: JSONValue?) throws(UnitError) -> [BioreactorSetting] {
        guard case .object(let object)? = values, !object.isEmpty else {
            throw UnitError.badRequest(
                "Missing bioreactor values.",
                cause: "Expected a JSON object under `values` with one or more bioreactor settings.",
                remediation: #"Submit a payload like {"values": {"current_volume_ml": 12.5}}."#)
        }
        var settings: [BioreactorSetting] = []
        for (name, raw) in object {
            guard let variable = BioreactorVariable.named(name) else {
                // The reference's KeyError prints as the repr of the key.
                throw UnitError.badRequest(PythonString.repr(name))
            }
            guard let number = BioreactorVariable.coerce(raw) else {
                throw UnitError.badRequest("Invalid value for bioreactor variable `\(name)`.")
            }
            let checked = try variable.checkRange(number, reactorCapacityMl: reactorCapacityMl)
            settings.append(BioreactorSetting(variable: name, value: checked))
        }
        return settings
    }

    /// Validates every value first, then persists them all in one transaction.
    /// Returns what was stored, in body order, for the caller to publish.
    @discardableResult
    public func set(experiment: String, values: JSONValue?) async throws -> [BioreactorSetting] {
        let settings = try validate(values: values)
        let table = cache.table
        try await cache.database.write { db in
            for setting in settings {
                try KeyValueCache.upsert(
                    db, table: table, key: .tuple([experiment, setting.variable]), value: .real(setting.value))
            }
        }
        return settings
    }

    private func defaultValue(_ variable: BioreactorVariable) throws(UnitError) -> Double {
        guard let text = configDefaults[variable.defaultConfigKey] else { return variable.fallback }
        guard let number = PythonFloat.parse(text) else {
            throw storedValueError("Invalid config value [bioreactor] \(variable.defaultConfigKey).")
        }
        return number
    }

    private func storedValueInRange(_ value: Double, _ variable: BioreactorVariable) throws(UnitError) -> Double {
        do {
            return try variable.checkRange(value, reactorCapacityMl: reactorCapacityMl)
        } catch {
            throw storedValueError(error.error)
        }
    }

    private func storedValueError(_ message: String) -> UnitError {
        UnitError.serverError(
            message,
            cause: "A stored or configured bioreactor value is not valid for this unit's model.",
            remediation: "Set valid values with PATCH /unit_api/bioreactor/experiments/<experiment>.")
    }
}
