import Foundation

@testable import PioreactorCore

/// A throwaway DOT_PIOREACTOR with the fixture's two config files.
struct ConfigTestSupport {
    static let fixtureRoot = "/work/shared/reference/fixture-dot-pioreactor"
    static let fixtureConfig = fixtureRoot + "/config.ini"
    static let fixtureUnitConfig = fixtureRoot + "/unit_config.ini"

    let root: URL
    let paths: UnitPaths
    var store: ConfigStore { ConfigStore(paths: paths) }

    init(copyFixture: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("config-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        paths = UnitPaths(dotPioreactor: root, runPioreactor: root.appendingPathComponent("run"))
        if copyFixture {
            // Copy contents, not files: the fixture is read-only and we rewrite these.
            try Data(contentsOf: URL(fileURLWithPath: Self.fixtureConfig)).write(to: paths.globalConfig)
            try Data(contentsOf: URL(fileURLWithPath: Self.fixtureUnitConfig)).write(to: paths.unitConfig)
        }
    }

    func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    func bytes(_ url: URL) throws -> Data {
        try Data(contentsOf: url)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
