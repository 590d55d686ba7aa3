import Foundation

/// Runs snippets with the Python reference package (`pioreactor`), pointed at temp SQLite
/// files through a config.ini derived from the shared fixture.
struct PythonReference {
    static let python = "/tmp/peer-venv/bin/python"
    static let fixtureConfig = "/work/shared/reference/fixture-dot-pioreactor/config.ini"

    /// Interop tests run only where the reference venv and fixture are installed.
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: python) && FileManager.default.fileExists(atPath: fixtureConfig)
    }

    let directory: URL
    var persistentCache: URL { directory.appendingPathComponent("storage/persistent.sqlite") }
    var intermittentCache: URL { directory.appendingPathComponent("run/cache/intermittent.sqlite") }

    init(directory: URL) throws {
        self.directory = directory
        let source = try String(contentsOfFile: Self.fixtureConfig, encoding: .utf8)
        let replacements = [
            "temporary_cache": intermittentCache.path,
            "persistent_cache": persistentCache.path,
            "database": directory.appendingPathComponent("storage/pioreactor.sqlite").path,
            "log_file": directory.appendingPathComponent("pio.log").path,
            "ui_log_file": directory.appendingPathComponent("pio.log").path,
        ]
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            for (key, value) in replacements where line.hasPrefix("\(key)=") { return "\(key)=\(value)" }
            return String(line)
        }
        try lines.joined(separator: "\n").write(
            to: directory.appendingPathComponent("config.ini"), atomically: true, encoding: .utf8)
        for folder in ["storage", "run/cache"] {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `script` and returns its stdout; throws with stderr on a non-zero exit.
    func run(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        process.environment = [
            "HOME": directory.path,
            "TESTING": "1",
            "DOT_PIOREACTOR": directory.path,
            "GLOBAL_CONFIG": directory.appendingPathComponent("config.ini").path,
            "PYTHONDONTWRITEBYTECODE": "1",
            // Without these the reference asks the leader over HTTP for the model.
            "MODEL_NAME": "pioreactor_40ml",
            "MODEL_VERSION": "1.5",
        ]
        let output = Pipe()
        // stderr goes to a file so a chatty child cannot block on a full pipe.
        let errorFile = directory.appendingPathComponent("python-stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let errors = try FileHandle(forWritingTo: errorFile)
        defer { try? errors.close() }
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? Data(contentsOf: errorFile)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python exited \(process.terminationStatus): \(String(decoding: stderr, as: UTF8.self))")
        }
        return String(decoding: stdout, as: UTF8.self)
    }
}
