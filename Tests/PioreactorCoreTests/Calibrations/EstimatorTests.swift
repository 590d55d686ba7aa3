import Foundation
import Testing
@testable import PioreactorCore

@Suite("Estimators")
struct EstimatorTests {
    static let fixtureJSON = #"{"estimator_type":"od_fused_estimator","estimator_name":"od-fused-2026-02","calibrated_on_pioreactor_unit":"pioleader","created_at":"2026-02-01T10:00:00Z","ir_led_intensity":70.0,"angles":["45","90","135"],"mu_splines":{"45":{"type":"akima","knots":[-3.0,-1.0,0.5],"coefficients":[[-2.9,0.95,0.0,0.0],[-1.0,0.97,0.0,0.0]]},"90":{"type":"akima","knots":[-3.0,-1.0,0.5],"coefficients":[[-3.2,1.01,0.0,0.0],[-1.2,0.99,0.0,0.0]]},"135":{"type":"akima","knots":[-3.0,-1.0,0.5],"coefficients":[[-3.5,0.9,0.0,0.0],[-1.7,0.93,0.0,0.0]]}},"sigma_splines_log":{"45":{"type":"akima","knots":[-3.0,0.5],"coefficients":[[-4.0,0.1,0.0,0.0]]},"90":{"type":"akima","knots":[-3.0,0.5],"coefficients":[[-4.2,0.1,0.0,0.0]]},"135":{"type":"akima","knots":[-3.0,0.5],"coefficients":[[-4.1,0.12,0.0,0.0]]}},"min_logc":-3.0,"max_logc":0.5,"sigma_floor":0.01,"recorded_data":{"od_values":[0.05,0.2,0.8,1.6],"repeats":2},"y":"log(Voltage)"}"#

    static func estimatorYAML(mu: String = "{'45': {type: akima, knots: [0, 1], coefficients: [[1,2,3,4]]}}",
                              recorded: String = "{od: [0.1]}", tag: String = "estimator_type: od_fused_estimator\n") -> String {
        tag + """
            estimator_name: e1
            calibrated_on_pioreactor_unit: pio01
            created_at: 2025-01-02 03:04:05+00:00
            ir_led_intensity: 80
            angles: ['45']
            mu_splines: \(mu)
            sigma_splines_log: {'45': {type: akima, knots: [0, 1], coefficients: [[1,2,3,4]]}}
            min_logc: -3
            max_logc: 0.5
            sigma_floor: 0.001
            recorded_data: \(recorded)

            """
    }

    static func message(_ yaml: String) -> String? {
        do {
            _ = try EstimatorDecoder.decode(yaml: yaml)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("fixture estimator decodes to the reference's JSON")
    func fixture() throws {
        let file = TempUnit.fixture.appendingPathComponent("storage/estimators/od_fused/od-fused-2026-02.yaml")
        let decoded = try EstimatorDecoder.decode(data: try Data(contentsOf: file))
        #expect(decoded.name == "od-fused-2026-02")
        #expect(JSONValue.object(decoded.json).encoded() == Self.fixtureJSON)
        let api = EstimatorDecoder.apiObject(decoded.json, isActive: false, unit: "pio01", device: "od_fused")
        #expect(api.keys.suffix(3) == ["is_active", "pioreactor_unit", "device"])
        let active = EstimatorDecoder.apiObject(decoded.json, isActive: true, unit: "pio01", device: nil)
        #expect(active.keys.suffix(2) == ["is_active", "pioreactor_unit"])
    }

    @Test("free-form recorded_data passes through like to_builtins + json")
    func recordedDataAny() throws {
        let decoded = try EstimatorDecoder.decode(yaml: Self.estimatorYAML(
            recorded: "{a: {1: 2, b: 2025-01-02 03:04:05Z, c: 2025-01-02, d: null, e: yes, f: 1.5, g: 0x1f}}"))
        #expect(decoded.json["recorded_data"]?.encoded() == #"{"a":{"1":2,"b":"2025-01-02T03:04:05Z","c":"2025-01-02","d":null,"e":true,"f":1.5,"g":31}}"#)
    }

    @Test("the single-member union makes the tag optional; akima tag optional inside dicts")
    func optionalTags() throws {
        let decoded = try EstimatorDecoder.decode(yaml: Self.estimatorYAML(
            mu: "{'45': {knots: [0, 1], coefficients: [[1,2,3,4]]}}", tag: ""))
        #expect(decoded.json.keys.first == "estimator_type")
        #expect(decoded.json["mu_splines"]?.encoded() == #"{"45":{"type":"akima","knots":[0.0,1.0],"coefficients":[[1.0,2.0,3.0,4.0]]}}"#)
        #expect(decoded.json["y"] == .string("log(Voltage)"))
    }

    @Test("estimator errors", arguments: [
        (estimatorYAML(recorded: "{1: 2}"), "Expected `str`, got `int` - at `key` in `$.recorded_data`"),
        (estimatorYAML(mu: "{'45': {type: spline, knots: [0, 1], coefficients: [[1,2,3,4]]}}"), "Invalid value 'spline' - at `$.mu_splines[...].type`"),
        (estimatorYAML(mu: "{45: {type: akima, knots: [0, 1], coefficients: [[1,2,3,4]]}}"), "Expected `str`, got `int` - at `key` in `$.mu_splines`"),
        (estimatorYAML(mu: "{'46': {type: akima, knots: [0, 1], coefficients: [[1,2,3,4]]}}"), "Invalid enum value '46' - at `key` in `$.mu_splines`"),
        (estimatorYAML(mu: "{'45': {type: akima, knots: [x], coefficients: [[1,2,3,4]]}}"), "Expected `float`, got `str` - at `$.mu_splines[...].knots[0]`"),
        ("estimator_type: foo\n", "Invalid value 'foo' - at `$.estimator_type`"),
        ("estimator_name: foo\n", "Object missing required field `calibrated_on_pioreactor_unit`"),
    ])
    func errors(_ yaml: String, _ expected: String) {
        #expect(Self.message(yaml) == expected)
    }

    @Test("store: list, get, delete with exact errors; missing folders are empty")
    func store() throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let store = EstimatorStore(paths: unit.paths)
        let all = store.listAll()
        #expect(all.devices.map(\.device) == ["od_fused"])
        #expect(all.devices.first?.estimators.first?.name == "od-fused-2026-02")
        #expect(store.list(device: "nope").estimators.isEmpty)
        #expect(store.list(device: "..").estimators.isEmpty)
        #expect(try store.get(device: "od_fused", name: "od-fused-2026-02").name == "od-fused-2026-02")
        #expect(throws: EstimatorErrors.notFound(device: "od_fused", name: "x")) {
            try store.get(device: "od_fused", name: "x")
        }
        #expect(throws: EstimatorErrors.notFound(device: "..", name: "calibrations/media_pump/media_pump-2026-02-10")) {
            try store.get(device: "..", name: "calibrations/media_pump/media_pump-2026-02-10")
        }
        let bad = store.root.appendingPathComponent("od_fused/broken.yaml")
        try "estimator_type: nope\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: EstimatorErrors.unreadable) { try store.get(device: "od_fused", name: "broken") }
        #expect(store.list(device: "od_fused").warnings == ["Error reading broken: Invalid value 'nope' - at `$.estimator_type`"])
        #expect(store.list(device: "od_fused").estimators.count == 1)
        try store.delete(device: "od_fused", name: "od-fused-2026-02")
        #expect(!store.exists(device: "od_fused", name: "od-fused-2026-02"))
        #expect(throws: EstimatorErrors.notFound(device: "od_fused", name: "od-fused-2026-02")) {
            try store.delete(device: "od_fused", name: "od-fused-2026-02")
        }
        let empty = try TempUnit(copyFixture: false)
        defer { empty.remove() }
        #expect(EstimatorStore(paths: empty.paths).listAll().devices.isEmpty)
    }
}
