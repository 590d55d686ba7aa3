import Foundation
import Logging

/// The unit's estimators as the API shows them: stored files plus `is_active` (persistent
/// cache `active_estimators`), `pioreactor_unit` and, outside the active map, `device`.
public struct UnitEstimators: Sendable {
    public let store: EstimatorStore
    public let active: ActiveDeviceNames
    public let unitName: String
    let logger: Logger

    /// Runs file deletions off the caller's thread.
    public let blocking: BlockingExecutor

    public init(store: EstimatorStore, active: ActiveDeviceNames, unitName: String, logger: Logger, blocking: BlockingExecutor = .inline) {
        self.store = store
        self.active = active
        self.unitName = unitName
        self.logger = logger
        self.blocking = blocking
    }

    public func all() async throws -> JSONValue {
        var result = JSONObject()
        for (device, estimators) in store.listAll().devices {
            let activeName = try await active.name(for: device)
            result[device] = .array(estimators.map { api($0, device: device, isActive: $0.name == activeName) })
        }
        return .object(result)
    }

    public func list(device: String) async throws -> JSONValue {
        let activeName = try await active.name(for: device)
        return .array(store.list(device: device).estimators.map { api($0, device: device, isActive: $0.name == activeName) })
    }

    public func get(device: String, name: String) async throws -> JSONValue {
        let estimator = try store.get(device: device, name: name)
        return api(estimator, device: device, isActive: estimator.name == (try await active.name(for: device)))
    }

    public func delete(device: String, name: String) async throws {
        try await blocking.run { [store] in try store.delete(device: device, name: name) }
        try await active.remove(device: device, ifNamed: name)
    }

    /// GET /active_estimators: missing files are skipped silently, unreadable ones with a log line.
    public func activeAll() async throws -> JSONValue {
        var result = JSONObject()
        for (device, name) in try await active.all() where store.exists(device: device, name: name) {
            do {
                let estimator = try store.get(device: device, name: name)
                result[device] = .object(EstimatorDecoder.apiObject(estimator.json, isActive: true, unit: unitName, device: nil))
            } catch {
                logger.error("active estimator \(device)/\(name) skipped: \(error.error)")
            }
        }
        return .object(result)
    }

    public func setActive(device: String, name: String) async throws {
        guard UnixFilename.isValid(device) else { throw CalibrationErrors.invalidDevice }
        guard UnixFilename.isValid(name) else {
            throw UnitError(400, "Missing or invalid 'estimator_name'.", cause: "Estimator name missing or contains invalid characters.",
                            remediation: "Provide a valid estimator_name using letters, digits, dashes, or underscores.")
        }
        try await active.setName(name, for: device)
    }

    public func removeActive(device: String) async throws {
        try await active.remove(device: device)
    }

    private func api(_ estimator: DecodedEstimator, device: String, isActive: Bool) -> JSONValue {
        .object(EstimatorDecoder.apiObject(estimator.json, isActive: isActive, unit: unitName, device: device))
    }
}
