import Foundation
import ZIPFoundation

/// Helpers to compare folder trees and read zips in tests.
enum TestTree {
    /// Every file's relative path and content under `root`.
    static func snapshot(_ root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let base = root.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return result }
        for case let relative as String in walker {
            let path = base + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return result
    }

    static func zipMembers(_ data: Data) throws -> [String] {
        let archive = try Archive(data: data, accessMode: .read)
        return archive.map(\.path)
    }
}
