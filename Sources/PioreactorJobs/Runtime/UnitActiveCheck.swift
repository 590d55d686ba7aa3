import Foundation
import Logging
import PioreactorCore

/// jobs.md §1 "Active check": a job that is not long-running needs its unit to be active,
/// from env `ACTIVE` (or testing mode), else from the leader's inventory.
public struct UnitActiveCheck: Sendable {
    /// What the leader says about a unit.
    public enum LeaderAnswer: Sendable, Equatable {
        case active(Bool)
        case notInInventory
        /// No answer (no leader web app on this network, a timeout, a bad reply).
        case unreachable(String)
    }

    let askLeader: @Sendable (_ unit: String) async -> LeaderAnswer

    public init(askLeader: @escaping @Sendable (_ unit: String) async -> LeaderAnswer) {
        self.askLeader = askLeader
    }

    /// Throws JobFailure (the reference's NotActiveWorkerError text) when the unit is inactive.
    /// A leader that cannot be reached does not stop the job: a standalone unit (or one whose
    /// leader runs no web app) must still run its jobs; the reference would fail here.
    public func verify(unit: String, env: [String: String], testing: Bool, longRunning: Bool, logger: Logger) async throws {
        if longRunning || testing || env["ACTIVE"] == "1" { return }
        let notActive = JobFailure(
            "\(unit) is not active. Make active in leader, or set ACTIVE=1 in the environment: ACTIVE=1 pio run ... ")
        if env["ACTIVE"] == "0" { throw notActive }
        switch await askLeader(unit) {
        case .active(true): return
        case .active(false): throw notActive
        case .notInInventory: throw JobFailure("Worker \(unit) is not present in leader's inventory")
        case .unreachable(let reason):
            logger.warning("Could not ask the leader whether \(unit) is active (\(reason)); running as active.")
        }
    }

    /// Asks `GET <[ui] proto>://<leader_address>:<[ui] port>/api/workers/<unit>` (`is_active`).
    public static func leader(config: MergedConfig, timeout: TimeInterval = 3) -> UnitActiveCheck {
        let address = ((try? config.value("cluster.topology", "leader_address")) ?? nil) ?? "localhost"
        let port = ((try? config.value("ui", "port")) ?? nil).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 80
        let proto = ((try? config.value("ui", "proto")) ?? nil) ?? "http"
        return UnitActiveCheck { unit in
            let escaped = unit.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? unit
            let probe = HTTPProbe(scheme: proto, host: address, port: port, path: "/api/workers/\(escaped)", timeout: timeout)
            let url = probe.url
            let response: HTTPProbeResponse
            switch await probe.fetch() {
            case .success(let answer): response = answer
            case .failure(let error): return .unreachable("\(error)")
            }
            if response.status == 404 { return .notInInventory }
            guard response.status == 200, let isActive = (try? JSONValue.parse(response.body))?["is_active"] else {
                return .unreachable("HTTP \(response.status) from \(url)")
            }
            switch isActive {
            case .bool(let flag): return .active(flag)
            case .int(let number): return .active(number != 0)
            default: return .unreachable("no is_active in the leader's answer")
            }
        }
    }
}
