import Foundation
@testable import PioreactorCore

/// A throwaway DOT_PIOREACTOR (optionally a copy of the shared fixture), removed by `cleanUp()`.
struct CatalogTempUnit {
    let root: URL
    let paths: UnitPaths

    init(copyFixture: Bool) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
        let dot = root.appendingPathComponent("dot")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if copyFixture {
            try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.fixturePath()), to: dot)
        }
        paths = UnitPaths(dotPioreactor: dot, runPioreactor: root.appendingPathComponent("run"))
    }

    func write(_ text: String, to relativePath: String) throws {
        let url = paths.dotPioreactor.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: root)
    }

    /// The shared fixture: next to the repository (CI) or in /work/shared.
    static func fixturePath() -> String {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            repo.deletingLastPathComponent().appendingPathComponent("shared/reference/fixture-dot-pioreactor").path,
            "/work/shared/reference/fixture-dot-pioreactor",
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[1]
    }
}

extension JSONValue {
    /// Parses a JSON literal used as an expectation.
    static func expect(_ text: String) -> JSONValue {
        (try? JSONValue.parse(text)) ?? .string("unparseable expectation")
    }
}
