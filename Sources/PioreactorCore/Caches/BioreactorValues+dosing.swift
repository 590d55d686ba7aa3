import Foundation
import GRDB

/// The volume bookkeeping of jobs.md §5.3, applied in one write transaction so concurrent
/// pump processes never lose an update.
extension BioreactorValues {
    /// The new (volume, alt-media fraction) after a dosing event; pure §5.3 arithmetic.
    public static func project(
        event: String, volumeChange delta: Double, volume v: Double, efflux e: Double, altMediaFraction f: Double
    ) -> (volume: Double, altMediaFraction: Double) {
        var newVolume = v
        var fraction = f
        if event.hasPrefix("add_") {
            newVolume = max(v + delta, 0)
        } else if event == "remove_waste" {
            newVolume = v <= e ? v : max(v - delta, e, 0)
        }
        if v + delta > 0 {
            if event == "add_media" { fraction = f * v / (v + delta) }
            if event == "add_alt_media" { fraction = (f * v + delta) / (v + delta) }
        }
        if abs(fraction) < 1e-12 { fraction = 0 }
        if abs(fraction - 1) < 1e-12 { fraction = 1 }
        return (newVolume, min(max(fraction, 0), 1))
    }

    /// Applies a `DosingEvent` to the experiment's stored values and returns the new ones;
    /// a result outside [0, capacity] is not stored and throws the range error.
    @discardableResult
    public func applyDosingEvent(experiment: String, event: String, volumeChange: Double) async throws
        -> (volume: Double, altMediaFraction: Double)
    {
        let defaults = try BioreactorVariable.all.map { variable in (variable, try defaultValueForDosing(variable)) }
        let table = cache.table
        let capacity = reactorCapacityMl
        return try await cache.database.write { db in
            try KeyValueCache.createTable(db, table: table)
            var current: [String: Double] = [:]
            for (variable, fallback) in defaults {
                let stored = try KeyValueCache.select(db, table: table, key: .tuple([experiment, variable.key]))
                current[variable.key] = (try? stored?.floatValue()) ?? fallback
            }
            let result = Self.project(
                event: event, volumeChange: volumeChange, volume: current["current_volume_ml"]!,
                efflux: current["efflux_tube_volume_ml"]!, altMediaFraction: current["alt_media_fraction"]!)
            let volume = try BioreactorVariable.named("current_volume_ml")!.checkRange(result.volume, reactorCapacityMl: capacity)
            let fraction = try BioreactorVariable.named("alt_media_fraction")!.checkRange(
                result.altMediaFraction, reactorCapacityMl: capacity)
            try KeyValueCache.upsert(db, table: table, key: .tuple([experiment, "current_volume_ml"]), value: .real(volume))
            try KeyValueCache.upsert(db, table: table, key: .tuple([experiment, "alt_media_fraction"]), value: .real(fraction))
            return (volume, fraction)
        }
    }

    private func defaultValueForDosing(_ variable: BioreactorVariable) throws -> Double {
        guard let text = configDefaults[variable.defaultConfigKey] else { return variable.fallback }
        return PythonFloat.parse(text) ?? variable.fallback
    }
}
