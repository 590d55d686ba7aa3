import Foundation
import PioreactorCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `state.json` plus a lock file: every read-modify-write happens under an exclusive flock,
/// so several job processes share one vial safely.
public struct SimulatorStateFile: Sendable {
    public let directory: URL
    public var stateURL: URL { directory.appendingPathComponent("state.json") }
    var lockURL: URL { directory.appendingPathComponent("state.lock") }

    public init(directory: URL) {
        self.directory = directory
    }

    /// Runs `body` on the stored state (or `makeInitial()` when none) under the lock, then saves it.
    public func update<T>(makeInitial: () -> SimulatorState, _ body: (inout SimulatorState) throws -> T) throws -> T {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fd = open(lockURL.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SimulatorError("cannot open \(lockURL.path): errno \(errno)") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SimulatorError("flock failed: errno \(errno)") }
        }
        defer { flock(fd, LOCK_UN) }
        var state = load() ?? makeInitial()
        let result = try body(&state)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(state), to: stateURL)
        return result
    }

    /// The stored state, nil when absent or unreadable (a corrupt file restarts the vial).
    public func load() -> SimulatorState? {
        guard let data = try? Data(contentsOf: stateURL) else { return nil }
        return try? JSONDecoder().decode(SimulatorState.self, from: data)
    }
}

/// A failure of the simulated hardware (its state file).
public struct SimulatorError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
