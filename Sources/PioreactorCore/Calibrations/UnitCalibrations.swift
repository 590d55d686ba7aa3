import Foundation
import Logging

/// The unit's calibrations as the API shows them: the stored files plus `is_active`
/// (from the persistent `active_calibrations` cache) and `pioreactor_unit`.
public struct UnitCalibrations: Sendable {
    public let store: CalibrationStore
    public let active: ActiveDeviceNames
    public let unitName: String
    let logger: Logger
    /// Runs the saves (fsync) and the zip off the caller's thread.
    public let blocking: BlockingExecutor

    public init(store: CalibrationStore, active: ActiveDeviceNames, unitName: String, logger: Logger, blocking: BlockingExecutor = .inline) {
        self.store = store
        self.active = active
        self.unitName = unitName
        self.logger = logger
        self.blocking = blocking
    }

    /// GET /calibrations: device → [calibration].
    public func all() async throws -> JSONValue {
        let listing = try store.listAll()
        // One read for every device's active name, not one per device.
        let activeNames = Dictionary(try await active.all().map { ($0.device, $0.name) }) { _, last in last }
        var result = JSONObject()
        for (device, calibrations) in listing.devices {
            let activeName = activeNames[device]
            result[device] = .array(calibrations.map { api($0, isActive: $0.name == activeName) })
        }
        return .object(result)
    }

    /// GET /calibrations/{device}.
    public func list(device: String) async throws -> JSONValue {
        let calibrations = try store.list(device: device).calibrations
        let activeName = try await active.name(for: device)
        return .array(calibrations.map { api($0, isActive: $0.name == activeName) })
    }

    /// GET /calibrations/{device}/{name}.
    public func get(device: String, name: String) async throws -> JSONValue {
        let calibration = try store.get(device: device, name: name)
        return api(calibration, isActive: calibration.name == (try await active.name(for: device)))
    }

    /// POST /calibrations/{device}: body `{"calibration_data": <yaml>, "set_as_active": bool}`.
    /// Returns the absolute path written.
    public func create(device: String, body: JSONValue) async throws -> String {
        guard case .object(let object) = body else {
            throw CalibrationErrors.invalidYAML("Expected a JSON object with 'calibration_data', got `\(body.typeName)`.")
        }
        var setActive = false
        if let flag = object["set_as_active"] {
            guard case .bool(let value) = flag else {
                throw UnitError(400, "Invalid 'set_as_active' value.", cause: "'set_as_active' must be a boolean.",
                                remediation: "Send set_as_active as true or false.")
            }
            setActive = value
        }
        guard case .string(let yaml)? = object["calibration_data"] else {
            throw CalibrationErrors.invalidYAML("'calibration_data' must be the YAML text of a calibration.")
        }
        let saved = try await blocking.run { [store] in try store.save(device: device, yaml: yaml) }
        if setActive { try await active.setName(saved.calibrationName, for: device) }
        return saved.path
    }

    /// DELETE /calibrations/{device}/{name}: the file, and the active entry if it pointed here.
    public func delete(device: String, name: String) async throws {
        try await blocking.run { [store] in try store.delete(device: device, name: name) }
        try await active.remove(device: device, ifNamed: name)
    }

    /// GET /active_calibrations: device → calibration, skipping entries whose file is gone.
    public func activeAll() async throws -> JSONValue {
        guard FileManager.default.fileExists(atPath: store.root.path) else { throw CalibrationErrors.missingDirectory }
        var result = JSONObject()
        for (device, name) in try await active.all() {
            do {
                result[device] = api(try store.get(device: device, name: name), isActive: true)
            } catch {
                logger.error("active calibration \(device)/\(name) skipped: \(error.error)")
            }
        }
        return .object(result)
    }

    /// PATCH /active_calibrations/{device}/{name}: names are validated (the reference takes
    /// anything); the file need not exist, for compatibility.
    public func setActive(device: String, name: String) async throws {
        guard UnixFilename.isValid(device) else { throw CalibrationErrors.invalidDevice }
        guard UnixFilename.isValid(name) else { throw CalibrationErrors.invalidName }
        try await active.setName(name, for: device)
    }

    public func removeActive(device: String) async throws {
        try await active.remove(device: device)
    }

    private func api(_ calibration: DecodedCalibration, isActive: Bool) -> JSONValue {
        .object(CalibrationDecoder.apiObject(calibration.json, isActive: isActive, unit: unitName))
    }
}
