import Foundation

/// First-run set-up of DOT_PIOREACTOR: folders, a default `config.ini`, an empty
/// `unit_config.ini` and the built-in UI descriptors. Never overwrites a file.
public enum DotPioreactorSeeder {
    /// Creates whatever is missing and returns whether anything was created. UI descriptors are
    /// written only into a descriptor folder this call created, so a descriptor the user deleted
    /// stays deleted.
    public static func seed(paths: UnitPaths, unitName: String) throws -> Bool {
        var created = false
        for folder in [paths.dotPioreactor, paths.storage, paths.calibrations, paths.estimators, paths.plugins] {
            created = try makeFolder(folder) || created
        }
        created = try writeIfMissing(DefaultConfig.text(unitName: unitName, paths: paths), to: paths.globalConfig) || created
        created = try writeIfMissing("", to: paths.unitConfig) || created

        var newFolders: Set<String> = []
        let uiFolders = ["ui/jobs"] + BuiltInDescriptorFiles.automations.map { "ui/automations/\($0.type)" }
        for folder in uiFolders where try makeFolder(paths.dotPioreactor.appendingPathComponent(folder)) {
            newFolders.insert(folder)
            created = true
        }
        for file in BuiltInDescriptorFiles.all {
            let folder = (file.relativePath as NSString).deletingLastPathComponent
            guard newFolders.contains(folder) else { continue }
            created = try writeIfMissing(file.yaml, to: paths.dotPioreactor.appendingPathComponent(file.relativePath)) || created
        }
        return created
    }

    private static func makeFolder(_ url: URL) throws -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: url.path])
            }
            return false
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return true
    }

    private static func writeIfMissing(_ text: String, to url: URL) throws -> Bool {
        if FileManager.default.fileExists(atPath: url.path) { return false }
        _ = try makeFolder(url.deletingLastPathComponent())
        try AtomicFile.write(text, to: url)
        return true
    }
}
