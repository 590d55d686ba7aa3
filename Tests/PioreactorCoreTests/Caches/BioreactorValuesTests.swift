import Foundation
import Testing
@testable import PioreactorCore

@Suite("BioreactorValues")
struct BioreactorValuesTests {
    func withValues(capacity: Double = 40, defaults: [String: String] = [:],
                    _ body: (BioreactorValues) async throws -> Void) async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        let database = try CacheDatabase(path: temp.file("storage/persistent.sqlite"))
        try await body(BioreactorValues(database: database, reactorCapacityMl: capacity, configDefaults: defaults))
    }

    func expectError(_ values: JSONValue?, _ message: String, capacity: Double = 40) async throws {
        try await withValues(capacity: capacity) { (bioreactor: BioreactorValues) async throws in
            do {
                _ = try bioreactor.validate(values: values)
                Issue.record("expected \(message)")
            } catch let error as UnitError {
                #expect(error.status == 400)
                #expect(error.error == message)
            }
        }
    }

    @Test func missingValuesMessage() async throws {
        try await withValues { (bioreactor: BioreactorValues) async throws in
            for values: JSONValue? in [nil, .null, [:], [1], "x"] {
                #expect(throws: UnitError(
                    400, "Missing bioreactor values.",
                    cause: "Expected a JSON object under `values` with one or more bioreactor settings.",
                    remediation: #"Submit a payload like {"values": {"current_volume_ml": 12.5}}."#)
                ) { try bioreactor.validate(values: values) }
            }
        }
    }

    @Test func perValueMessages() async throws {
        try await expectError(["foo": 1], "'foo'")
        try await expectError(["it's": 1], "\"it's\"")
        try await expectError(["current_volume_ml": "abc"], "Invalid value for bioreactor variable `current_volume_ml`.")
        try await expectError(["current_volume_ml": nil], "Invalid value for bioreactor variable `current_volume_ml`.")
        try await expectError(["efflux_tube_volume_ml": [1]], "Invalid value for bioreactor variable `efflux_tube_volume_ml`.")
        try await expectError(["current_volume_ml": "nan"], "Invalid value for bioreactor variable `current_volume_ml`.")
        try await expectError(["current_volume_ml": -0.1], "Value for bioreactor variable `current_volume_ml` must be >= 0.0.")
        try await expectError(["current_volume_ml": 40.5], "Value for bioreactor variable `current_volume_ml` must be <= 40.0.")
        try await expectError(["current_volume_ml": 20.01], "Value for bioreactor variable `current_volume_ml` must be <= 20.0.",
                              capacity: 20)
        try await expectError(["current_volume_ml": "inf"], "Value for bioreactor variable `current_volume_ml` must be <= 40.0.")
        try await expectError(["alt_media_fraction": 1.5], "Value for bioreactor variable `alt_media_fraction` must be <= 1.0.")
        try await expectError(["alt_media_fraction": 0.5], "Value for bioreactor variable `alt_media_fraction` must be <= 0.25.",
                              capacity: 0.25)
        // The first bad value in body order wins.
        try await expectError(["current_volume_ml": 12, "bar": 1, "alt_media_fraction": 9], "'bar'")
    }

    @Test func acceptsNumbersNumericStringsAndBooleans() async throws {
        try await withValues { (bioreactor: BioreactorValues) async throws in
            let settings = try bioreactor.validate(values: [
                "alt_media_fraction": true, "current_volume_ml": " 12.5 ", "efflux_tube_volume_ml": 40,
            ])
            #expect(settings == [
                BioreactorSetting(variable: "alt_media_fraction", value: 1.0),
                BioreactorSetting(variable: "current_volume_ml", value: 12.5),
                BioreactorSetting(variable: "efflux_tube_volume_ml", value: 40.0),
            ])
        }
    }

    @Test func getUsesStoredThenConfigThenFallback() async throws {
        try await withValues(defaults: ["initial_volume_ml": "15", "efflux_tube_volume_ml": "15"]) { (bioreactor: BioreactorValues) async throws in
            #expect(try await bioreactor.get(experiment: "exp1").encoded()
                == #"{"values":{"current_volume_ml":15.0,"efflux_tube_volume_ml":15.0,"alt_media_fraction":0.0}}"#)
            let stored = try await bioreactor.set(experiment: "exp1", values: ["alt_media_fraction": "0.25", "current_volume_ml": 12])
            #expect(stored.map(\.variable) == ["alt_media_fraction", "current_volume_ml"])
            #expect(try await bioreactor.get(experiment: "exp1").encoded()
                == #"{"values":{"current_volume_ml":12.0,"efflux_tube_volume_ml":15.0,"alt_media_fraction":0.25}}"#)
            #expect(try await bioreactor.cache.get(.tuple(["exp1", "current_volume_ml"])) == .real(12))
            // Other experiments are untouched.
            #expect(try await bioreactor.get(experiment: "exp2")["values"]?["current_volume_ml"] == 15.0)
        }
        try await withValues { (bioreactor: BioreactorValues) async throws in
            #expect(try await bioreactor.get(experiment: "e").encoded()
                == #"{"values":{"current_volume_ml":14.0,"efflux_tube_volume_ml":14.0,"alt_media_fraction":0.0}}"#)
        }
    }

    @Test func setIsAllOrNothing() async throws {
        try await withValues { (bioreactor: BioreactorValues) async throws in
            await #expect(throws: UnitError.self) {
                try await bioreactor.set(experiment: "exp1", values: ["current_volume_ml": 10, "alt_media_fraction": 2])
            }
            #expect(try await bioreactor.cache.entries().isEmpty)
        }
    }

    @Test func invalidStoredOrDefaultValuesAre500() async throws {
        try await withValues(capacity: 20) { (bioreactor: BioreactorValues) async throws in
            try await bioreactor.cache.set(.tuple(["exp1", "current_volume_ml"]), .real(35))
            do {
                _ = try await bioreactor.get(experiment: "exp1")
                Issue.record("expected a 500")
            } catch let error as UnitError {
                #expect(error.status == 500)
                #expect(error.error == "Value for bioreactor variable `current_volume_ml` must be <= 20.0.")
            }
            try await bioreactor.cache.set(.tuple(["exp1", "current_volume_ml"]), .text("12"))
            #expect(try await bioreactor.get(experiment: "exp1")["values"]?["current_volume_ml"] == 12.0)
            try await bioreactor.cache.set(.tuple(["exp1", "current_volume_ml"]), .null)
            await #expect(throws: UnitError.self) { try await bioreactor.get(experiment: "exp1") }
        }
        try await withValues(capacity: 20, defaults: ["initial_volume_ml": "25"]) { (bioreactor: BioreactorValues) async throws in
            await #expect(throws: UnitError.self) { try await bioreactor.get(experiment: "exp1") }
        }
        try await withValues(defaults: ["initial_alt_media_fraction": "lots"]) { (bioreactor: BioreactorValues) async throws in
            await #expect(throws: UnitError.self) { try await bioreactor.get(experiment: "exp1") }
        }
    }
}
