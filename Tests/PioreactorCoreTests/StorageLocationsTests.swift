import Foundation
import Testing
@testable import PioreactorCore

@Suite struct StorageLocationsTests {
    @Test func configuredPathsAreUsedWhenTheirFolderExists() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let paths = UnitPaths(dotPioreactor: root.appendingPathComponent("dot"), runPioreactor: root.appendingPathComponent("run"))
        let shared = """
            [cluster.topology]
            leader_hostname=a
            leader_address=b
            [storage]
            persistent_cache=\(root.path)/p.sqlite
            temporary_cache=/nonexistent-\(UUID().uuidString)/t.sqlite
            """
        let config = try MergedConfig.build(sharedText: shared)
        let (locations, warnings) = StorageLocations.resolve(config: config, paths: paths)
        #expect(locations.persistentCache.path == root.path + "/p.sqlite")
        #expect(locations.temporaryCache == paths.defaultTemporaryCache)
        #expect(warnings.count == 1)
        let (defaults, _) = StorageLocations.resolve(config: nil, paths: paths)
        #expect(defaults.persistentCache == paths.defaultPersistentCache)
    }
}
