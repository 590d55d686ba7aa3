import Foundation
import PioreactorCore

/// The monitor's `versions` setting (jobs.md §8.7): app, HAT, firmware, HAT serial and the
/// computer model, found like the reference (env overrides, then the HAT EEPROM in the device tree).
public enum UnitVersions {
    public static let keys = ["app", "hat", "firmware", "hat_serial", "rpi_machine", "timestamp"]

    /// The versions object, keys in the reference's order.
    public static func current(
        env: [String: String], testing: Bool, deviceTree: URL = URL(fileURLWithPath: "/proc/device-tree"), now: Date = Date()
    ) -> JSONObject {
        let hat = hatVersion(env: env, testing: testing, deviceTree: deviceTree)
        // A real firmware read needs the HAT's I2C ADC, which is never there on a simulated unit.
        let firmware = env["FIRMWARE"].map { $0.split(separator: ".").map(String.init).joined(separator: ".") } ?? ""
        let serial = read(deviceTree.appendingPathComponent("hat/uuid")) ?? "00000000-0000-0000-0000-000000000000"
        let machine = read(deviceTree.appendingPathComponent("model")) ?? "Raspberry Pi 3"
        return JSONObject([
            ("app", .string(PioreactorVersion.app)), ("hat", .string(hat)), ("firmware", .string(firmware)),
            ("hat_serial", .string(serial)), ("rpi_machine", .string(machine)),
            ("timestamp", .string(ISOTime.milliseconds(now))),
        ])
    }

    /// `HARDWARE=1.1`, else 1.2 in testing mode, else the EEPROM's `product_ver`; "" without a HAT.
    static func hatVersion(env: [String: String], testing: Bool, deviceTree: URL) -> String {
        if let text = env["HARDWARE"] {
            let parts = text.split(separator: ".")
            if parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) { return "\(major).\(minor)" }
            return ""
        }
        if testing { return "1.2" }
        guard let text = read(deviceTree.appendingPathComponent("hat/product_ver")), text.count >= 2 else { return "" }
        return "\(text.dropLast().suffix(1)).\(text.suffix(1))"
    }

    /// `set versions`: merges known keys only; anything but an object is refused.
    public static func merge(_ current: JSONObject, with update: JSONValue) throws -> JSONObject {
        guard case .object(let changes) = update else { throw JobFailure("versions must be a JSON object") }
        var merged = current
        for (key, value) in changes where current[key] != nil { merged[key] = value }
        return merged
    }

    private static func read(_ url: URL) -> String? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0")))
    }
}
