import Foundation

/// Helpers shared by the calibration and estimator stores for walking `<root>/<device>/<name>.yaml`.
enum StorageSegments {
    /// A segment that can only ever name something directly inside its parent folder.
    /// Used for reads and deletes, where existing files may predate the stricter write rule.
    static func isSafe(_ segment: String) -> Bool {
        !segment.isEmpty && segment != "." && segment != ".." && !segment.contains("/") && !segment.contains("\0")
    }

    /// Python sorts paths by code points; Swift's String `<` uses Unicode ordering instead.
    static func pythonLess(_ lhs: String, _ rhs: String) -> Bool {
        lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func isRegularFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Names in `directory` (hidden included, like pathlib's glob), sorted by code point.
    static func sortedEntries(of directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted(by: pythonLess)
    }

    /// `<directory>/*.yaml` regular files, sorted.
    static func yamlFiles(in directory: URL) -> [URL] {
        sortedEntries(of: directory)
            .filter { $0.hasSuffix(".yaml") }
            .map { directory.appendingPathComponent($0) }
            .filter(isRegularFile)
    }

    /// `<root>/*/` device folders, sorted.
    static func deviceDirectories(in root: URL) -> [String] {
        sortedEntries(of: root).filter { isDirectory(root.appendingPathComponent($0)) }
    }

    static func stem(_ url: URL) -> String {
        String(url.lastPathComponent.dropLast(".yaml".count))
    }
}
