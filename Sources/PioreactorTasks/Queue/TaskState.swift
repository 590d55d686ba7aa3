/// The life of a task row in the task store.
public enum TaskState: String, Sendable, Equatable, CaseIterable {
    case queued
    case executing
    case succeeded
    case failed
    /// Reference mode only: the task could not take its named lock (Huey's `TaskLockedException`).
    case locked

    /// Terminal states never change again.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .locked: return true
        case .queued, .executing: return false
        }
    }
}
