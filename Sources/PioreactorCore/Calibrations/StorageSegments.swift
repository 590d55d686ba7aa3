import Foundation
import Logging

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

    // Paths are joined as strings here, not with URL.appendingPathComponent: listings walk
    // every file on each request, and URL building was an eighth of GET /calibrations' CPU.

    static func isDirectory(_ url: URL) -> Bool { isDirectory(atPath: url.path) }

    /// Follows symlinks, as pathlib's is_dir does.
    static func isDirectory(atPath path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Anything that exists and is not a folder (following symlinks).
    static func isFile(atPath path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR
    }

    /// Names in `directory` (hidden included, like pathlib's glob), sorted by code point.
    static func sortedEntries(of directory: URL) -> [String] { sortedEntries(atPath: directory.path) }

    static func sortedEntries(atPath directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted(by: pythonLess)
    }

    /// `<directory>/*.yaml` files, sorted, as paths.
    static func yamlFiles(inPath directory: String) -> [String] {
        sortedEntries(atPath: directory)
            .filter { $0.hasSuffix(".yaml") }
            .map { directory + "/" + $0 }
            .filter(isFile(atPath:))
    }

    /// `<root>/*/` device folders, sorted.
    static func deviceDirectories(in root: URL) -> [String] {
        let rootPath = root.path
        return sortedEntries(atPath: rootPath).filter { isDirectory(atPath: rootPath + "/" + $0) }
    }

    static func stem(_ url: URL) -> String { stem(ofPath: url.path) }

    static func stem(ofPath path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        return String(name.dropLast(".yaml".count))
    }

    /// Every `<directory>/*.yaml`, decoded through `cache`, sorted. A file that does not decode
    /// is skipped and reported as `Error reading <stem>: <error>` (logged and returned).
    static func decodeAll<Value: Sendable>(
        inPath directory: String, cache: DecodedFileCache<Value>, logger: Logger?, decode: (Data) throws -> Value
    ) -> ([Value], [String]) {
        var values: [Value] = []
        var warnings: [String] = []
        for file in yamlFiles(inPath: directory) {
            do {
                values.append(try cache.value(atPath: file, decode: decode))
            } catch {
                let message = "Error reading \(stem(ofPath: file)): \(error)"
                logger?.error("\(message)")
                warnings.append(message)
            }
        }
        return (values, warnings)
    }
}
