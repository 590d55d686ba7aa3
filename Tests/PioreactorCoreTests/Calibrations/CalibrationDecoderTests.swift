import Foundation
import Testing
@testable import PioreactorCore

@Suite("CalibrationDecoder")
struct CalibrationDecoderTests {
    /// Expected JSON produced by the reference (`to_builtins(yaml_decode(..., AllCalibrations))`).
    static let fixtures: [(String, String)] = [
        ("alt_media_pump/alt_media_pump-2026-02-10.yaml",
         #"{"calibration_type":"simple_peristaltic_pump","calibration_name":"alt_media_pump-2026-02-10","calibrated_on_pioreactor_unit":"pioleader","created_at":"2026-02-10T13:22:05Z","curve_data_":{"type":"poly","coefficients":[0.61,0.01]},"x":"Duration","y":"Volume","recorded_data":{"x":[0.5,1.0,1.5,2.0],"y":[0.315,0.62,0.925,1.23]},"hz":250.0,"dc":65.0,"voltage":5.02}"#),
        ("media_pump/media_pump-2026-02-10.yaml",
         #"{"calibration_type":"simple_peristaltic_pump","calibration_name":"media_pump-2026-02-10","calibrated_on_pioreactor_unit":"pioleader","created_at":"2026-02-10T13:22:05Z","curve_data_":{"type":"poly","coefficients":[0.55,0.02]},"x":"Duration","y":"Volume","recorded_data":{"x":[0.5,1.0,1.5,2.0],"y":[0.295,0.57,0.845,1.12]},"hz":250.0,"dc":65.0,"voltage":5.02}"#),
        ("od90/od90-older-2025-11.yaml",
         #"{"calibration_type":"od600","calibration_name":"od90-older-2025-11","calibrated_on_pioreactor_unit":"pioleader","created_at":"2025-11-02T08:41:10Z","curve_data_":{"type":"poly","coefficients":[0.085,0.024]},"x":"OD600","y":"Voltage","recorded_data":{"x":[0.0,0.5,1.0],"y":[0.024,0.0665,0.109]},"ir_led_intensity":70.0,"angle":"90","pd_channel":"2"}"#),
        ("od90/od90-standards-2026-03.yaml",
         #"{"calibration_type":"od600","calibration_name":"od90-standards-2026-03","calibrated_on_pioreactor_unit":"pioleader","created_at":"2026-03-14T15:09:26Z","curve_data_":{"type":"poly","coefficients":[0.0912,0.0213]},"x":"OD600","y":"Voltage","recorded_data":{"x":[0.0,0.25,0.5,1.0,1.5],"y":[0.0213,0.0441,0.0669,0.1125,0.1581]},"ir_led_intensity":70.0,"angle":"90","pd_channel":"2"}"#),
        ("stirring/stirring-2026-01-20.yaml",
         #"{"calibration_type":"simple_stirring","calibration_name":"stirring-2026-01-20","calibrated_on_pioreactor_unit":"pioleader","created_at":"2026-01-20T09:30:00Z","curve_data_":{"type":"poly","coefficients":[27.25,55.0]},"x":"DC %","y":"RPM","recorded_data":{"x":[20.0,40.0,60.0],"y":[600.0,1145.0,1690.0]},"pwm_hz":200.0,"voltage":5.0}"#),
        ("waste_pump/waste_pump-2026-02-10.yaml",
         #"{"calibration_type":"simple_peristaltic_pump","calibration_name":"waste_pump-2026-02-10","calibrated_on_pioreactor_unit":"pioleader","created_at":"2026-02-10T13:22:05Z","curve_data_":{"type":"poly","coefficients":[1.1,0.05]},"x":"Duration","y":"Volume","recorded_data":{"x":[0.5,1.0,1.5,2.0],"y":[0.6,1.15,1.7,2.25]},"hz":250.0,"dc":65.0,"voltage":5.02}"#),
    ]

    @Test("fixture files decode to the reference's JSON")
    func fixtureFiles() throws {
        let root = TempUnit.fixture.appendingPathComponent("storage/calibrations")
        for (relative, expected) in Self.fixtures {
            let decoded = try CalibrationDecoder.decode(data: try Data(contentsOf: root.appendingPathComponent(relative)))
            #expect(JSONValue.object(decoded.json).encoded() == expected, "\(relative)")
        }
    }

    @Test("spec example: pump with ints for floats, API keys appended in order")
    func specExample() throws {
        let decoded = try CalibrationDecoder.decode(yaml: pumpYAML(hz: "250"))
        #expect(decoded.name == "pump_cal_1")
        #expect(decoded.type == "simple_peristaltic_pump")
        let api = CalibrationDecoder.apiObject(decoded.json, isActive: true, unit: "pio01")
        #expect(JSONValue.object(api).encoded() == #"{"calibration_type":"simple_peristaltic_pump","calibration_name":"pump_cal_1","calibrated_on_pioreactor_unit":"pio01","created_at":"2025-01-02T03:04:05.678000Z","curve_data_":{"type":"poly","coefficients":[0.0911,0.0]},"x":"Duration","y":"Volume","recorded_data":{"x":[1.0,2.0],"y":[0.09,0.18]},"hz":250.0,"dc":100.0,"voltage":5.0,"is_active":true,"pioreactor_unit":"pio01"}"#)
    }

    @Test("od calibration: defaults, quoted strings, spline, keys in struct order whatever the input order")
    func odSplineAndOrder() throws {
        let yaml = """
            pd_channel: '2'
            angle: '90'
            ir_led_intensity: 80
            recorded_data: {y: [0.01, 0.06, 0.11], x: [0.0, 0.5, 1.0]}
            curve_data_:
              coefficients: [[0.01, 0.1, 0.0, 0.0], [0.06, 0.1, 0.0, 0.0]]
              knots: [0.0, 0.5, 1.0]
              type: spline
            created_at: 2025-01-02 03:04:05.678000+00:00
            calibrated_on_pioreactor_unit: pio01
            calibration_name: od90_cal
            calibration_type: od
            unknown_extra: ignored
            """
        let decoded = try CalibrationDecoder.decode(yaml: yaml)
        #expect(JSONValue.object(decoded.json).encoded() == #"{"calibration_type":"od","calibration_name":"od90_cal","calibrated_on_pioreactor_unit":"pio01","created_at":"2025-01-02T03:04:05.678000Z","curve_data_":{"type":"spline","knots":[0.0,0.5,1.0],"coefficients":[[0.01,0.1,0.0,0.0],[0.06,0.1,0.0,0.0]]},"x":"OD","y":"Voltage","recorded_data":{"y":[0.01,0.06,0.11],"x":[0.0,0.5,1.0]},"ir_led_intensity":80.0,"angle":"90","pd_channel":"2"}"#)
    }

    @Test("od600 and stirring defaults; akima curve; explicit axis override kept")
    func otherTypes() throws {
        let od600 = try CalibrationDecoder.decode(yaml: """
            calibration_type: od600
            calibration_name: a
            calibrated_on_pioreactor_unit: u
            created_at: 2025-01-02 03:04:05Z
            curve_data_: {type: poly, coefficients: []}
            recorded_data: {x: [], y: []}
            y: Foo
            ir_led_intensity: 1
            angle: '180'
            pd_channel: '4'
            """)
        #expect(JSONValue.object(od600.json).encoded() == #"{"calibration_type":"od600","calibration_name":"a","calibrated_on_pioreactor_unit":"u","created_at":"2025-01-02T03:04:05Z","curve_data_":{"type":"poly","coefficients":[]},"x":"OD600","y":"Foo","recorded_data":{"x":[],"y":[]},"ir_led_intensity":1.0,"angle":"180","pd_channel":"4"}"#)
        let stirring = try CalibrationDecoder.decode(yaml: """
            calibration_type: simple_stirring
            calibration_name: a
            calibrated_on_pioreactor_unit: u
            created_at: 2025-01-02 03:04:05Z
            curve_data_: {type: akima, knots: [], coefficients: []}
            recorded_data: {x: [], y: []}
            pwm_hz: 0
            voltage: -1
            """)
        #expect(JSONValue.object(stirring.json).encoded() == #"{"calibration_type":"simple_stirring","calibration_name":"a","calibrated_on_pioreactor_unit":"u","created_at":"2025-01-02T03:04:05Z","curve_data_":{"type":"akima","knots":[],"coefficients":[]},"x":"DC %","y":"RPM","recorded_data":{"x":[],"y":[]},"pwm_hz":0.0,"voltage":-1.0}"#)
    }

    @Test("timestamps render like msgspec", arguments: [
        ("2025-01-02 03:04:05.678+00:00", "2025-01-02T03:04:05.678000Z"),
        ("2025-01-02 03:04:05.123456789+00:00", "2025-01-02T03:04:05.123456Z"),
        ("2025-01-02 03:04:05.000000+00:00", "2025-01-02T03:04:05Z"),
        ("2025-01-02 03:04:05.5+02:00", "2025-01-02T03:04:05.500000+02:00"),
        ("2025-01-02T03:04:05Z", "2025-01-02T03:04:05Z"),
        ("2025-01-02 03:04:05 -05:30", "2025-01-02T03:04:05-05:30"),
        ("2025-01-02 03:04:05+2", "2025-01-02T03:04:05+02:00"),
        ("2025-1-2 3:04:05-00:00", "2025-01-02T03:04:05Z"),
    ])
    func timestamps(_ input: String, _ expected: String) throws {
        let decoded = try CalibrationDecoder.decode(yaml: pumpYAML(createdAt: input))
        #expect(decoded.json["created_at"] == .string(expected))
    }

    @Test("YAML 1.1 scalar typing for float fields", arguments: [
        ("1.0e+3", "1000.0"), (".inf", "Infinity"), ("0x10", "16.0"), ("1:30", "90.0"), ("1_000", "1000.0"),
        ("010", "8.0"), ("123456789012345678901234567890", "1.2345678901234568e+29"), ("+5.", "5.0"),
    ])
    func floatTyping(_ input: String, _ expected: String) throws {
        let decoded = try CalibrationDecoder.decode(yaml: pumpYAML(hz: input))
        #expect(decoded.json["hz"]?.encoded() == expected)
    }

    @Test("errors carry msgspec's messages", arguments: [
        (pumpYAML(createdAt: "2025-01-02 03:04:05"), "Expected `datetime` with a timezone component - at `$.created_at`"),
        (pumpYAML(createdAt: "2025-01-02"), "Expected `datetime`, got `date` - at `$.created_at`"),
        (pumpYAML(createdAt: "'2025-01-02T03:04:05Z'"), "Expected `datetime`, got `str` - at `$.created_at`"),
        (pumpYAML(createdAt: "5"), "Expected `datetime`, got `int` - at `$.created_at`"),
        (pumpYAML(hz: "-1"), "Expected `float` >= 0.0 - at `$.hz`"),
        (pumpYAML(hz: ".nan"), "Expected `float` >= 0.0 - at `$.hz`"),
        (pumpYAML(hz: "'250'"), "Expected `float`, got `str` - at `$.hz`"),
        (pumpYAML(hz: "1e3"), "Expected `float`, got `str` - at `$.hz`"),
        (pumpYAML(hz: "yes"), "Expected `float`, got `bool` - at `$.hz`"),
        (pumpYAML(hz: "~"), "Expected `float`, got `null` - at `$.hz`"),
        (pumpYAML(name: "5"), "Expected `str`, got `int` - at `$.calibration_name`"),
        (pumpYAML(recorded: "{x: [1, 2], y: [2]}"), "Lists in `recorded_data` should have the same lengths"),
        (pumpYAML(recorded: "{x: [1], y: [2], z: [3]}"), "Invalid enum value 'z' - at `key` in `$.recorded_data`"),
        (pumpYAML(recorded: "{x: ['1'], y: [2]}"), "Expected `float`, got `str` - at `$.recorded_data[...][0]`"),
        (pumpYAML(recorded: "{x: 1, y: [2]}"), "Expected `array`, got `int` - at `$.recorded_data[...]`"),
        (pumpYAML(recorded: "{1: [1], y: [2]}"), "Expected `str`, got `int` - at `key` in `$.recorded_data`"),
        (pumpYAML(recorded: "[1]"), "Expected `object`, got `array` - at `$.recorded_data`"),
        (pumpYAML(curve: "{type: cubic, coefficients: [1]}"), "Invalid value 'cubic' - at `$.curve_data_.type`"),
        (pumpYAML(curve: "{coefficients: [1]}"), "Object missing required field `type` - at `$.curve_data_`"),
        (pumpYAML(curve: "{type: spline, knots: [0]}"), "Object missing required field `coefficients` - at `$.curve_data_`"),
        (pumpYAML(curve: "null"), "Expected `object`, got `null` - at `$.curve_data_`"),
        (pumpYAML(curve: "{type: spline, knots: [0], coefficients: [[1, x]]}"), "Expected `float`, got `str` - at `$.curve_data_.coefficients[0][1]`"),
        ("- 1\n- 2\n", "Expected `object`, got `array`"),
        ("", "Expected `object`, got `null`"),
        ("hello\n", "Expected `object`, got `str`"),
        ("calibration_name: x\n", "Object missing required field `calibration_type`"),
        ("calibration_type: foo\ncalibration_name: x\n", "Invalid value 'foo' - at `$.calibration_type`"),
        ("calibration_type: 5\n", "Expected `str`, got `int` - at `$.calibration_type`"),
        ("calibration_type: od\n", "Object missing required field `calibration_name`"),
        ("calibration_type: od\ncalibration_name: a\n", "Object missing required field `calibrated_on_pioreactor_unit`"),
        ("calibration_type: od\ncalibrated_on_pioreactor_unit: 5\n", "Expected `str`, got `int` - at `$.calibrated_on_pioreactor_unit`"),
        (pumpYAML() + "5: x\n", "Expected `str` - at `key` in `$`"),
    ])
    func errors(_ yaml: String, _ expected: String) {
        #expect(decodeMessage(yaml) == expected)
    }

    @Test("od literals: numbers are not strings, unknown angles rejected")
    func odLiterals() {
        let base = "calibration_type: od\ncalibration_name: a\ncalibrated_on_pioreactor_unit: u\ncreated_at: 2025-01-02 03:04:05Z\ncurve_data_: {type: poly, coefficients: []}\nrecorded_data: {x: [], y: []}\nir_led_intensity: 1\npd_channel: '2'\n"
        #expect(decodeMessage(base + "angle: 90\n") == "Expected `str`, got `int` - at `$.angle`")
        #expect(decodeMessage(base + "angle: '91'\n") == "Invalid enum value '91' - at `$.angle`")
        #expect(decodeMessage(base + "angle: '135'\n") == nil)
    }

    @Test("bad YAML syntax, multiple documents, unknown tags and impossible dates are decode errors")
    func syntaxErrors() {
        #expect(decodeMessage("calibration_type: [unclosed\n") != nil)
        #expect(decodeMessage(pumpYAML() + "---\na: 1\n")?.contains("single document") == true)
        #expect(decodeMessage(pumpYAML(hz: "!foo 250")) == "could not determine a constructor for the tag '!foo'")
        #expect(decodeMessage(pumpYAML(createdAt: "2025-13-02 03:04:05Z")) == "month must be in 1..12")
    }

    @Test("merge keys, anchors and explicit tags follow PyYAML")
    func mergeAndTags() throws {
        let merged = try CalibrationDecoder.decode(yaml: """
            base: &b {calibration_type: simple_stirring, calibration_name: m}
            <<: *b
            calibrated_on_pioreactor_unit: u
            created_at: 2025-01-02 03:04:05Z
            curve_data_: {type: poly, coefficients: []}
            recorded_data: {x: &xs [1.0], y: *xs}
            pwm_hz: !!float 1
            voltage: 1
            """)
        #expect(merged.name == "m")
        #expect(JSONValue.object(merged.json).encoded() == #"{"calibration_type":"simple_stirring","calibration_name":"m","calibrated_on_pioreactor_unit":"u","created_at":"2025-01-02T03:04:05Z","curve_data_":{"type":"poly","coefficients":[]},"x":"DC %","y":"RPM","recorded_data":{"x":[1.0],"y":[1.0]},"pwm_hz":1.0,"voltage":1.0}"#)
        #expect(decodeMessage(pumpYAML(name: "!!str 5")) == nil)
    }
}
