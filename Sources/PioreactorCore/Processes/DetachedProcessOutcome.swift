/// What became of a child started by `DetachedProcess.start` once its grace window closed.
public enum DetachedProcessOutcome: Sendable, Equatable {
    /// Still running; it lives on in its own session and is reaped in the background.
    case running(pid: Int32)
    /// It ended within the window. `exitCode` is negative for a signal, as Python reports it;
    /// `output` is the merged stdout and stderr, decoded leniently and trimmed.
    case exited(exitCode: Int32, output: String)
    /// posix_spawn itself failed; `message` reads like Python's `str(OSError)`,
    /// e.g. `[Errno 2] No such file or directory: '/x/pio'`.
    case spawnFailed(errno: Int32, message: String)
}
