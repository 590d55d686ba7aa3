import Foundation

/// Where a `pio web --port 0 --port-file <file>` is listening: the port it wrote once bound, so
/// live tests need no guessed or bind-and-released ports.
enum BoundPort {
    struct NotListening: Error, CustomStringConvertible {
        let file: String
        var description: String { "the server wrote no port to \(file)" }
    }

    static func arguments(_ file: URL) -> [String] { ["web", "--port", "0", "--port-file", file.path] }

    static func read(_ file: URL, of process: Process, seconds: Double = 20) async throws -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOf: file, encoding: .utf8),
               let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return port }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw NotListening(file: file.path)
    }
}
