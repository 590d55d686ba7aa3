import Foundation
@testable import PioreactorCore

/// A throwaway copy of the reference fixture unit folder.
struct TempUnit {
    static let fixture = URL(fileURLWithPath: "/work/shared/reference/fixture-dot-pioreactor")
    let base: URL
    let paths: UnitPaths

    /// `copyFixture` false gives an empty DOT_PIOREACTOR (no storage at all).
    init(copyFixture: Bool = true) throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("cal-tests-\(UUID().uuidString)")
        let dot = base.appendingPathComponent("dot")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        if copyFixture {
            try FileManager.default.copyItem(at: TempUnit.fixture, to: dot)
        } else {
            try FileManager.default.createDirectory(at: dot, withIntermediateDirectories: true)
        }
        paths = UnitPaths(dotPioreactor: dot, runPioreactor: base.appendingPathComponent("run"))
    }

    func remove() { try? FileManager.default.removeItem(at: base) }

    /// Every file under `base` with its bytes, to prove nothing outside a root changed.
    func snapshot() -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: base.path)
        while let relative = enumerator?.nextObject() as? String {
            let url = base.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = (try? Data(contentsOf: url)) ?? Data()
            } else {
                result[relative + "/"] = Data()
            }
        }
        return result
    }
}

/// A pump calibration YAML whose fields can be swapped to provoke errors.
func pumpYAML(name: String = "pump_cal_1", createdAt: String = "2025-01-02 03:04:05.678000+00:00",
              curve: String = "{type: poly, coefficients: [0.0911, 0.0]}",
              recorded: String = "{x: [1.0, 2.0], y: [0.09, 0.18]}", hz: String = "250.0") -> String {
    """
    calibration_type: simple_peristaltic_pump
    calibration_name: \(name)
    calibrated_on_pioreactor_unit: pio01
    created_at: \(createdAt)
    curve_data_: \(curve)
    recorded_data: \(recorded)
    hz: \(hz)
    dc: 100.0
    voltage: 5.0

    """
}

func decodeMessage(_ yaml: String) -> String? {
    do {
        _ = try CalibrationDecoder.decode(yaml: yaml)
        return nil
    } catch {
        return error.message
    }
}
