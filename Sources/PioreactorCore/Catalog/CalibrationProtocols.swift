/// The built-in calibration protocol registry behind `GET /calibration_protocols` (unit-api.md §3.6).
public enum CalibrationProtocols {
    struct ProtocolSpec {
        let name: String
        let devices: [String]
        let priority: Int
        let title: String
        let description: String
        let requirements: [String]
    }

    /// Every (device, protocol) pair, sorted by (target_device, priority, title). The `standards`
    /// devices follow the angles in `[od_config.photodiode_channel]` (channel → angle).
    public static func all(photodiodeChannels: [String: String]) -> JSONValue {
        var entries: [(device: String, protocol: ProtocolSpec)] = []
        for spec in registry(odDevices: odDevices(photodiodeChannels: photodiodeChannels)) {
            for device in spec.devices { entries.append((device, spec)) }
        }
        entries.sort { lhs, rhs in
            if lhs.device != rhs.device { return lhs.device.unicodeScalars.lexicographicallyPrecedes(rhs.device.unicodeScalars) }
            if lhs.protocol.priority != rhs.protocol.priority { return lhs.protocol.priority < rhs.protocol.priority }
            let (left, right) = (format(lhs.protocol.title, lhs.device), format(rhs.protocol.title, rhs.device))
            return left.unicodeScalars.lexicographicallyPrecedes(right.unicodeScalars)
        }
        return .array(entries.map { device, spec in
            .object(JSONObject([
                ("id", .string("\(device)_\(spec.name)")),
                ("target_device", .string(device)),
                ("protocol_name", .string(spec.name)),
                ("priority", .int(Int64(spec.priority))),
                ("title", .string(format(spec.title, device))),
                ("description", .string(format(spec.description, device))),
                ("requirements", .array(spec.requirements.map { .string(format($0, device)) })),
            ]))
        })
    }

    /// `od45`/`od90`/`od135` for each configured angle (REF and empty ignored), plus `od`
    /// when two or more angles are present. Channels are visited in key order.
    public static func odDevices(photodiodeChannels: [String: String]) -> [String] {
        var devices: [String] = []
        for key in photodiodeChannels.keys.sorted() {
            let device: String
            switch photodiodeChannels[key] {
            case "45": device = "od45"
            case "90": device = "od90"
            case "135": device = "od135"
            default: continue
            }
            if !devices.contains(device) { devices.append(device) }
        }
        if devices.count >= 2 { devices.append("od") }
        return devices
    }

    private static func format(_ text: String, _ device: String) -> String {
        text.replacingOccurrences(of: "{device}", with: device.replacingOccurrences(of: "_", with: " "))
    }

    private static func registry(odDevices: [String]) -> [ProtocolSpec] {
        [
            ProtocolSpec(
                name: "duration_based", devices: ["media_pump", "alt_media_pump", "waste_pump"], priority: 99,
                title: "Duration-based pump calibration",
                description: "Build a duration-to-volume curve for the {device} using a simple multi-step flow.",
                requirements: [
                    "DC Peristaltic pump assigned to {device}", "Pioreactor vial", "Container of clean water",
                    "Measuring container or scale",
                ]
            ),
            ProtocolSpec(
                name: "dc_based", devices: ["stirring"], priority: 99,
                title: "DC-based stirring calibration",
                description: "Maps duty cycle to RPM for the current stirrer configuration.",
                requirements: ["Vial", "Stir bar", "Liquid (water is fine)"]
            ),
            ProtocolSpec(
                name: "standards", devices: odDevices, priority: 99,
                title: "OD600 calibration using standards",
                description: "Calibrate {device} channels using a series of OD600 standards and a blank.",
                requirements: ["OD600 standards (including a blank)", "Vials", "Stir bars"]
            ),
            ProtocolSpec(
                name: "od_fusion_standards", devices: ["od_fused"], priority: 1,
                title: "Fusion OD using standards",
                description: "Fit an OD model by fusing the 45°, 90°, and 135° sensor readings into a single measurement",
                requirements: [
                    "Requires XR model with 45°, 90°, and 135° sensors.",
                    "At least four vials containing standards with known OD value", "Stir bars",
                ]
            ),
            ProtocolSpec(
                name: "od_fusion_offset", devices: ["od_fused"], priority: 2,
                title: "Fusion OD two-point offset",
                description: "Adjust an existing fused OD estimator using two OD standards.",
                requirements: [
                    "Requires XR model with 45°, 90°, and 135° sensors.", "An existing od_fused estimator.",
                    "Two standard vials of known OD with stir bars.",
                ]
            ),
        ]
    }
}
