import Foundation
@testable import PioreactorCore

/// A writable scratch folder under the system temp dir, removed by `remove()`.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("files-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    func remove() {
        // Fixture copies are read-only; make them writable so cleanup succeeds.
        try? Self.makeWritable(url)
        try? FileManager.default.removeItem(at: url)
    }

    /// Copies the shared fixture to `<scratch>/<name>` (writable) and returns UnitPaths for it.
    func fixtureUnit(named name: String = ".pioreactor", runPioreactor: String = "/run/pioreactor") throws -> UnitPaths {
        let destination = url.appendingPathComponent(name)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: "/work/shared/reference/fixture-dot-pioreactor"), to: destination)
        try Self.makeWritable(destination)
        return UnitPaths(dotPioreactor: destination, runPioreactor: URL(fileURLWithPath: runPioreactor))
    }

    /// `chmod -R u+w` without a child process: Foundation's `Process.run()` can crash on Swift
    /// 6.3.1 (swift-corelibs-foundation #5472), and these ran three times per file test.
    static func makeWritable(_ root: URL) throws {
        var paths = [root.path]
        if let walker = FileManager.default.enumerator(atPath: root.path) {
            while let relative = walker.nextObject() as? String { paths.append(root.appendingPathComponent(relative).path) }
        }
        for path in paths {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { continue }
            chmod(path, info.st_mode | S_IWUSR)
        }
    }

    func write(_ text: String, to relative: String) throws {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
    }
}

enum Shell {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a program, returns stdout; throws on a non-zero exit with stderr in the message.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) exited \(process.terminationStatus): \(String(decoding: errData, as: UTF8.self))")
        }
        return String(decoding: outData, as: UTF8.self)
    }

    static func python(_ script: String, _ arguments: [String] = []) throws -> String {
        try run("/usr/bin/env", ["python3", "-c", script] + arguments)
    }
}

/// Builds zips with Python's zipfile, so odd members (absolute, `..`, symlink modes) are
/// written exactly as a hostile client could.
enum CraftedZip {
    struct Member {
        var name: String
        /// Member text; `hex:<digits>` gives raw bytes.
        var data: String = ""
        var externalAttributes: UInt32? = nil
        var createSystem: Int? = nil
    }

    static func write(_ members: [Member], to url: URL) throws {
        let spec = members.map { member -> [Any] in
            [member.name, member.data, member.externalAttributes.map { Int($0) } ?? NSNull(), member.createSystem ?? NSNull()]
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        _ = try Shell.python(
            """
            import json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                for name, data, attr, system in json.loads(sys.argv[2]):
                    info = zipfile.ZipInfo(name)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    if attr is not None:
                        info.external_attr = attr
                    if system is not None:
                        info.create_system = system
                    z.writestr(info, bytes.fromhex(data[4:]) if data.startswith("hex:") else data)
            """,
            [url.path, json]
        )
    }
}
