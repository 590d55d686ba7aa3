import Foundation

/// Runs a command to completion and captures its output (spawn failures throw, like Python's `run`).
enum ProcessRunner {
    static func run(_ argv: [String], extraEnv: [String: String] = [:]) async throws -> SystemActionOutcome {
        precondition(!argv.isEmpty, "a command needs a program")
        // Output goes to temp files, not pipes, so a chatty command can never block on a full pipe.
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("pio-action-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdoutHandle.close()
            try? stderrHandle.close()
        }

        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            let process = Process()
            // `env` resolves the program on PATH, as the reference's `subprocess.run` does.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = argv
            if !extraEnv.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(extraEnv) { _, new in new }
            }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = stdoutHandle
            process.standardError = stderrHandle
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let stdout = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        return SystemActionOutcome(exitCode: status, stdout: stdout, stderr: stderr)
    }
}
