import Foundation
import Hummingbird
import HummingbirdTesting
import PioreactorCore
import Testing
@testable import UnitAPI

/// A throw-away unit: a copy of the reference fixture in a temp folder, with its own
/// RUN_PIOREACTOR, and the API application built on it.
struct TestUnit {
    /// The shared fixture: next to the repository (CI), else in /work/shared (worktrees).
    static let fixture: URL = {
        let beside = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/reference/fixture-dot-pioreactor").standardizedFileURL
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: "/work/shared/reference/fixture-dot-pioreactor")
    }()

    let root: URL
    let paths: UnitPaths
    let services: UnitServices

    /// `settings`: what a test changes (reboot delay, job executable, clocks), fixed at start.
    init(name: String = "pioleader", fixture copyFixture: Bool = true, testing: Bool = false,
         root: URL = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString)"),
         settings: UnitServicesSettings = UnitServicesSettings()) throws {
        self.root = root
        let dot = root.appendingPathComponent("dot")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if copyFixture {
            try FileManager.default.copyItem(at: TestUnit.fixture, to: dot)
        } else {
            try FileManager.default.createDirectory(at: dot, withIntermediateDirectories: true)
        }
        paths = UnitPaths(dotPioreactor: dot, runPioreactor: root.appendingPathComponent("run"))
        // Tests never touch the machine: system actions are always recorded, never run.
        services = try UnitServices.start(
            paths: paths, identity: UnitIdentity(name: name, testing: testing), logger: .init(label: "test"),
            dryRunSystemActions: true, settings: settings)
    }

    var dot: URL { paths.dotPioreactor }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Runs `body` with a router-level test client.
    func withClient<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = Application(router: UnitApplication.router(services: services))
        return try await app.test(.router, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: JSONValue { (try? JSONValue.parse(Data(body.readableBytesView))) ?? .null }
}

/// Asserts a response is the spec's error schema with these fields.
func expectError(_ response: TestResponse, _ status: Int, error: String, cause: String? = nil, remediation: String? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(Int(response.status.code) == status, "status", sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
    let body = response.json
    #expect(body["error"] == .string(error), "error: \(response.text)", sourceLocation: sourceLocation)
    #expect(body["status"] == .int(Int64(status)), sourceLocation: sourceLocation)
    #expect(body["cause"] == .string(cause ?? error), "cause: \(response.text)", sourceLocation: sourceLocation)
    if let remediation {
        #expect(body["remediation"] == .string(remediation), sourceLocation: sourceLocation)
    } else {
        #expect(body["remediation"] == nil, "no remediation expected: \(response.text)", sourceLocation: sourceLocation)
    }
}

extension UnitServicesSettings {
    static func rebootDelay(_ delay: Duration) -> UnitServicesSettings {
        var settings = UnitServicesSettings()
        settings.leaderRebootDelay = delay
        return settings
    }
}
