import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Starts a child in a new session (detached from the server), stdin `/dev/null`, stdout and
/// stderr merged into an unlinked temp file, and watches it for a grace window (spec §3.3 `pio_run`).
/// The child inherits descriptors 0–2 only: a job that outlives the server must not hold its
/// listening socket, connections or SQLite handles.
public enum DetachedProcess {
    /// glibc's POSIX_SPAWN_SETSID (>= 2.26); not exported to Swift.
    private static let spawnSetSID: Int16 = 0x80

    /// Spawns `argv` (argv[0] is the executable path, no PATH search) with exactly `environment`.
    public static func start(argv: [String], environment: [String: String], graceWindow: Duration) async -> DetachedProcessOutcome {
        precondition(!argv.isEmpty, "a command needs an executable")
        let outputFD: Int32
        do {
            outputFD = try makeOutputFile()
        } catch {
            return .spawnFailed(errno: error.code, message: pythonOSErrorText(error.code, path: nil))
        }
        defer { close(outputFD) }

        let pid: pid_t
        var environment = environment
        environment[CapturedOutputHandoff.windowVariable] = String(Double(graceWindow.components.seconds) + Double(graceWindow.components.attoseconds) / 1e18)
        switch spawn(argv: argv, environment: environment, outputFD: outputFD) {
        case .success(let spawned): pid = spawned
        case .failure(let code): return .spawnFailed(errno: code, message: pythonOSErrorText(code, path: argv[0]))
        }

        // A plain thread waits for the child and stamps the exit instant, so a starved
        // task pool can never mistake a late-observed exit for one inside the window.
        let exit = ExitRecord()
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exit.record(status: status)
        }
        let deadline = ContinuousClock.now.advanced(by: graceWindow)
        while ContinuousClock.now < deadline, exit.value == nil {
            try? await Task.sleep(for: min(ContinuousClock.now.duration(to: deadline), .milliseconds(10)))
        }
        if let (status, instant) = exit.value, instant <= deadline {
            return .exited(exitCode: pythonReturnCode(status), output: readOutput(outputFD))
        }
        return .running(pid: pid)
    }

    /// Python's returncode: the exit status, or minus the signal that ended it.
    private static func pythonReturnCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : -signal
    }

    /// The child's wait status and when it was collected.
    private final class ExitRecord: Sendable {
        private let state = Mutex<(Int32, ContinuousClock.Instant)?>(nil)

        var value: (Int32, ContinuousClock.Instant)? { state.withLock { $0 } }

        func record(status: Int32) {
            let now = ContinuousClock.now
            state.withLock { $0 = (status, now) }
        }
    }

    private struct SpawnSetupFailure: Error { let code: Int32 }

    private static func makeOutputFile() throws(SpawnSetupFailure) -> Int32 {
        let directory = FileManager.default.temporaryDirectory.path
        var template = Array((directory + "/pio_run_output_XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SpawnSetupFailure(code: errno) }
        // Only the spawned child should get it, through dup2 (which clears FD_CLOEXEC).
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        // Unlinked at once, like Python's TemporaryFile: nothing is left behind.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }

    private enum SpawnResult { case success(pid_t), failure(Int32) }

    private static func spawn(argv: [String], environment: [String: String], outputFD: Int32) -> SpawnResult {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 1)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 2)
        InheritedDescriptors.closeAllFromThree(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // New session; signals the server ignores or blocks (SIGPIPE…) back to their defaults.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(
            &attributes, spawnSetSID | Int16(POSIX_SPAWN_SETSIGDEF) | Int16(POSIX_SPAWN_SETSIGMASK))

        let arguments = argv.map { strdup($0) } + [nil]
        let environ = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            arguments.forEach { free($0) }
            environ.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, argv[0], &actions, &attributes, arguments, environ)
        return code == 0 ? .success(pid) : .failure(code)
    }

    private static func readOutput(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
            offset += off_t(count)
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `[Errno 2] No such file or directory: '/x/pio'`.
    static func pythonOSErrorText(_ code: Int32, path: String?) -> String {
        let text = "[Errno \(code)] \(String(cString: strerror(code)))"
        guard let path else { return text }
        return text + ": " + JSONValue.string(path).pythonRepr
    }
}
